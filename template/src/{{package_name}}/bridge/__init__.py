# deskwire framework file, kept current by `deskwire update`; your code: app.py and protocol.py.
"""Runtime plumbing between Python and the page: server, window, shutdown.

Nothing here needs editing for a normal app; your code goes in ../app.py.
"""
