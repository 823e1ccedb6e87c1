"""``python -m netral_nlp`` runs the CLI."""

from .cli import main

raise SystemExit(main())
