"""The one place foedus's version is written (read by the build backend too)."""

__version__ = "0.2.0"
