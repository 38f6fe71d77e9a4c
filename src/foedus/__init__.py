"""foedus: alliance treaties and the obligations they create between states, 1815 to today."""

__version__ = "0.1.0"
