"""Executors for the per-article pipeline: local processes now, Dask at scale."""
