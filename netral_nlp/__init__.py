"""netral_nlp: Indonesian triage of texts about civil-servant (ASN) neutrality in elections.

A plain library (no Django): ``analyze(text)`` returns an :class:`Analysis`;
``analyze_batch(docs)`` also marks near-duplicates. ``python -m netral_nlp --help`` for the CLI.
"""

from __future__ import annotations

from .pipeline import Analysis, analyze, analyze_batch

__version__ = "0.1.0"
__all__ = ["Analysis", "__version__", "analyze", "analyze_batch"]
