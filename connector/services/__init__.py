"""Services: the use cases (ingest, rerouting, periods, notices) over domain and adapters."""
