"""Benchmarks (run as scripts: ``python bench/ingest.py``, ``python bench/end_to_end.py``)."""
