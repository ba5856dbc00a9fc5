"""Adapters at the edge: the store, helpdesk vendors, HR systems, the HTTP client."""
