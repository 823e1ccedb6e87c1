"""Command line: ``netral analyze|train|evaluate`` (also ``python -m netral_nlp``).

``analyze`` writes one JSON object per input document (JSON Lines), in input order. Bad
documents get an ``error`` in their own line and the batch goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .errors import Code, message
from .pipeline import HARD_LIMIT, Analysis, analyze_batch, error_result

_DESCRIPTION = """Triage Indonesian texts about the neutrality of civil servants (ASN) in elections.

analyze PATH...   .txt = one document (id = file name); .jsonl = one {"id", "text"} per line;
                  "-" = stdin (JSONL if every non-empty line is a JSON object, else one document).
                  Output: JSON Lines on stdout, one object per document, in input order, with
                  id, relevant, score, kind, acts, skb, subjects, regions, event_date, stage,
                  asn_count, asn_count_approximate, evidence, cluster, error.
train             rebuild netral_nlp/model/model.json from netral_nlp/training/*.jsonl
                  (deterministic; add --extra FILE.jsonl for app feedback in the eval schema).
evaluate FILE     metrics on a labelled JSONL file (schema of shared/eval/dev.jsonl).
"""


def _decode(raw: bytes, where: str) -> tuple[str | None, Analysis | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, error_result(where, message(Code.E203, offset=exc.start))


def _read_limited(fh: BinaryIO) -> bytes:
    return fh.read(HARD_LIMIT * 4 + 1)


def _jsonl_docs(raw: bytes, name: str) -> Iterator[tuple[str, str] | Analysis]:
    for lineno, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        text, err = _decode(line, where)
        if err is not None or text is None:
            yield err if err is not None else error_result(where, message(Code.E203, offset=0))
            continue
        try:
            obj: Any = json.loads(text)
        except ValueError as exc:
            yield error_result(where, message(Code.E205, detail=str(exc)))
            continue
        if not isinstance(obj, dict):
            yield error_result(where, message(Code.E205, detail="not a JSON object"))
            continue
        doc_id = str(obj["id"]) if obj.get("id") is not None else where
        if not isinstance(obj.get("text"), str):
            yield error_result(doc_id, message(Code.E206))
            continue
        yield doc_id, obj["text"]


def _looks_jsonl(raw: bytes) -> bool:
    lines = [ln.strip() for ln in raw.split(b"\n") if ln.strip()]
    return bool(lines) and all(ln.startswith(b"{") for ln in lines)


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, str] | Analysis]:
    """Documents from the given paths, in order; unreadable inputs become error results."""
    for p in paths:
        if p == "-":
            raw = _read_limited(sys.stdin.buffer)
            if _looks_jsonl(raw):
                yield from _jsonl_docs(raw, "<stdin>")
            else:
                yield from _single(raw, "<stdin>")
            continue
        path = Path(p)
        try:
            with path.open("rb") as fh:
                raw = _read_limited(fh)
        except OSError as exc:
            yield error_result(path.name, message(Code.E207, detail=exc.strerror or str(exc)))
            continue
        if path.suffix.lower() == ".jsonl":
            yield from _jsonl_docs(raw, path.name)
        else:
            yield from _single(raw, path.name)


def _single(raw: bytes, name: str) -> Iterator[tuple[str, str] | Analysis]:
    if len(raw) > HARD_LIMIT:
        yield error_result(name, message(Code.E204, size=len(raw), limit=HARD_LIMIT))
        return
    if b"\x00" in raw[:8192]:
        yield error_result(name, message(Code.E202))
        return
    text, err = _decode(raw, name)
    if err is not None or text is None:
        yield err if err is not None else error_result(name, message(Code.E203, offset=0))
        return
    yield name, text


def _cmd_analyze(args: argparse.Namespace) -> int:
    out = sys.stdout
    for res in analyze_batch(iter_inputs(args.paths)):
        out.write(json.dumps(res.as_dict(), ensure_ascii=False) + "\n")
    out.flush()
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from . import model
    from .train import train_to

    target = Path(args.output) if args.output else model.MODEL_PATH
    meta = train_to(target, [Path(x) for x in args.extra], seed=args.seed)
    print(json.dumps({"model": str(target), **meta}, sort_keys=True))
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_file, format_report

    m = evaluate_file(Path(args.path))
    if args.json:
        if not args.details:
            m.pop("documents_detail", None)
        print(json.dumps(m, ensure_ascii=False, sort_keys=True, indent=1))
    else:
        print(format_report(m))
        if args.details:
            for d in m["documents_detail"]:
                print(json.dumps(d, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="netral", description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyze", help="analyse .txt/.jsonl files or stdin, print JSON Lines")
    a.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .jsonl, or - for stdin")
    a.set_defaults(func=_cmd_analyze)
    t = sub.add_parser("train", help="rebuild the shipped model (deterministic)")
    t.add_argument(
        "--extra", action="append", default=[], metavar="FILE.jsonl", help="extra labelled examples (eval schema)"
    )
    t.add_argument("--output", metavar="PATH", help="write the model here instead of the package")
    t.add_argument("--seed", type=int, default=13)
    t.set_defaults(func=_cmd_train)
    e = sub.add_parser("evaluate", help="print metrics on a labelled JSONL file")
    e.add_argument("path", metavar="FILE.jsonl")
    e.add_argument("--json", action="store_true", help="machine-readable output")
    e.add_argument("--details", action="store_true", help="include per-document predictions")
    e.set_defaults(func=_cmd_evaluate)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``netral`` (console script ``netral_nlp.cli:main``)."""
    args = build_parser().parse_args(argv)
    try:
        rc: int = args.func(args)
        return rc
    except BrokenPipeError:
        return 0
