"""Language identification and the per-language spaCy pipelines."""
