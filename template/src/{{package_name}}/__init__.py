# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
__version__ = "0.1.0"
