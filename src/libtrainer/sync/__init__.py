"""Sync: keys, bundles, the file share, trust and ingest."""
