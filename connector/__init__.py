"""Stand-in connector: reroutes a reintegrating employee's tickets to a replacement."""

__version__ = "0.1.0"
