#!/usr/bin/env python3
"""The import-layer check: an app imports only apps of lower layers, never the other way round;
analytics reads other apps' domain data only through their selectors.

Reads the source with ``ast`` (nothing is imported or run), so it sees imports inside functions as well.
Test and migration modules are left out (a test may build its data with any app), and so are imports
under ``if TYPE_CHECKING:`` (annotations only: no run-time dependency, no cycle). The layers are those
of docs/architecture.md; change the two together. Exit status 1 and one line per backward import.

    python scripts/check_layers.py [ROOT]
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

# Lowest first. Apps in one layer are siblings: they may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("regions",),
    ("agencies",),
    ("accounts",),  # a user is anchored to a region or an agency; staff management picks them
    ("personnel",),
    ("cases",),
    ("reports", "prevention"),
    ("analytics", "monitoring", "conversations", "letters"),
    ("api", "chat"),
    ("demo",),
]
# Project modules (settings, URLs, WSGI, the test kit) sit above every app; no app imports them.
PROJECT = {"settings", "urls", "wsgi", "asgi", "testing", "navigation"}
LEVEL = {app: i for i, layer in enumerate(LAYERS) for app in layer}
# Apps whose rows are domain data: another app reads them through their selectors, never their models.
# (Reference tables, regions and agencies, are read directly.) Checked for these readers:
DOMAIN = {"cases", "reports", "personnel", "prevention", "monitoring"}
SELECTOR_READERS = {"analytics"}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imported_modules(source: str) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for every import of the source, except those under TYPE_CHECKING."""
    tree = ast.parse(source)
    skip = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "netral":
                for alias in node.names:
                    yield node.lineno, f"netral.{alias.name}"
            else:
                yield node.lineno, node.module


def violations(root: Path) -> list[str]:
    out = []
    package = root / "netral"
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if "tests" in parts or "migrations" in parts or len(parts) < 2:
            continue
        app = parts[0]
        if app not in LEVEL:
            out.append(f"{path.relative_to(root)}: app '{app}' is in no layer (add it to LAYERS)")
            continue
        for line, module in imported_modules(path.read_text(encoding="utf-8")):
            names = module.split(".")
            if names[0] != "netral" or len(names) < 2 or names[1] == app:
                continue
            target = names[1]
            where = f"{path.relative_to(root)}:{line}"
            if target in PROJECT:
                out.append(f"{where}: {app} imports the project module netral.{target}")
            elif target in LEVEL and LEVEL[target] >= LEVEL[app]:
                kind = "a sibling" if LEVEL[target] == LEVEL[app] else "a higher layer"
                out.append(f"{where}: {app} imports {module} ({kind})")
            elif app in SELECTOR_READERS and target in DOMAIN and names[2:3] == ["models"]:
                out.append(f"{where}: {app} reads {module} (use netral.{target}.selectors)")
    for path in sorted((root / "netral_nlp").rglob("*.py")):
        for line, module in imported_modules(path.read_text(encoding="utf-8")):
            if module.split(".")[0] in ("netral", "django"):
                out.append(f"{path.relative_to(root)}:{line}: the triage engine imports {module}")
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    found = violations(root)
    for line in found:
        print(line)
    print(f"import layers: {len(found)} backward import(s)" if found else "import layers: clean")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
