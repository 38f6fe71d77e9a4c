"""``python -m foedus``: the same command line as the ``foedus`` console script."""

from foedus.cli import main

if __name__ == "__main__":
    main()
