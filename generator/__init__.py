"""deskwire: scaffold a desktop app with a web UI and a Python core."""

__version__ = "0.2.0"
