"""deskwire's benchmark harness: `python3 tasks.py bench [--quick]` (see README.md)."""
