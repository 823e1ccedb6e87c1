"""Training corpus: a seeded generator of hand-written Indonesian templates (``generate.py``)."""
