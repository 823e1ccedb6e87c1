"""Loading and validating the package's data files (TSV and JSONL with a version header).

Data lives in files, not code, so linguists can extend it without touching Python; the
validation here (header, column count, duplicates, normalised case, known names) is what
keeps a careless edit from silently changing results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from .errors import Code, DataFileError

PACKAGE_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = PACKAGE_DIR.parent / "reference"
_HEADER = re.compile(r"^# netral-nlp ([a-z_]+) v(\d+)$")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(PACKAGE_DIR.parent))
    except ValueError:
        return str(path)


def is_normalised(s: str) -> bool:
    """Lower case, no leading/trailing or doubled whitespace: the form the matcher sees."""
    return s == s.lower() and s == " ".join(s.split())


def read_tsv(
    path: Path,
    columns: int,
    *,
    key_columns: int = 1,
    normalise_columns: Collection[int] = (0,),
    known: dict[int, Collection[str]] | None = None,
    optional_columns: Collection[int] = (),
) -> list[tuple[str, ...]]:
    """Read a versioned TSV file and validate every row.

    Steps: check the ``# netral-nlp <name> v<N>`` header; skip blank and ``#`` lines; split on
    tabs; check column count, empty fields, normalised case, known names; reject duplicate keys
    (the first ``key_columns`` fields).
    """
    rel = _rel(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not _HEADER.match(lines[0]):
        raise DataFileError(Code.E101, path=rel)
    rows: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for lineno, raw in enumerate(lines[1:], start=2):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < columns:
            parts += [""] * (columns - len(parts))
        if len(parts) != columns:
            raise DataFileError(Code.E102, path=rel, line=lineno, detail=f"{len(parts)} columns, expected {columns}")
        for i, p in enumerate(parts):
            if not p and i not in optional_columns:
                raise DataFileError(Code.E102, path=rel, line=lineno, detail=f"empty column {i + 1}")
            if p and i in normalise_columns and not is_normalised(p):
                raise DataFileError(Code.E104, path=rel, line=lineno, entry=p)
            if p and known and i in known and p not in known[i]:
                raise DataFileError(Code.E105, path=rel, line=lineno, entry=p, known=", ".join(sorted(known[i])))
        key = tuple(parts[:key_columns])
        if key in seen:
            raise DataFileError(Code.E103, path=rel, line=lineno, entry="\t".join(key))
        seen.add(key)
        rows.append(tuple(parts))
    return rows


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` after a ``{"_meta": {"name", "version"}}`` first line."""
    rel = _rel(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        meta = json.loads(lines[0])["_meta"] if lines else None
    except (ValueError, KeyError, TypeError):
        meta = None
    if not isinstance(meta, dict) or not isinstance(meta.get("version"), int):
        raise DataFileError(Code.E101, path=rel)
    for lineno, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise DataFileError(Code.E107, path=rel, line=lineno, detail=str(exc)) from exc
        if not isinstance(obj, dict):
            raise DataFileError(Code.E107, path=rel, line=lineno, detail="not an object")
        yield lineno, obj


def compile_checked(pattern: str, path: Path, lineno: int) -> re.Pattern[str]:
    """Compile a rule pattern, turning a regex error into a coded data-file error."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataFileError(Code.E106, path=_rel(path), line=lineno, detail=str(exc)) from exc
