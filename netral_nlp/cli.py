"""Command line: ``netral analyze|train|evaluate`` (also ``python -m netral_nlp``).

``analyze`` writes one JSON object per input document (JSON Lines), in input order. Bad
documents get an ``error`` in their own line and the batch goes on.
"""

from __future__ import annotations

import argparse
import json
import re
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
                  id, relevant, score, kind, acts, skb, subjects, people, regions, event_date, stage,
                  asn_count, asn_count_approximate, evidence, cluster, error.
                  JSONL is read line by line (bounded memory); a line over --max-line-bytes,
                  malformed or too deeply nested JSON is that line's own error.
                  Exit status: 0 all analysed, 3 when any document has an error.
train             rebuild netral_nlp/model/model.json from netral_nlp/training/*.jsonl
                  (deterministic; add --extra FILE.jsonl for app feedback in the eval schema).
evaluate FILE     metrics on a labelled JSONL file (schema of shared/eval/dev.jsonl).
"""


BOM = b"\xef\xbb\xbf"
# One JSONL line may hold a document of ``HARD_LIMIT`` characters in UTF-8 (up to 4 bytes each);
# a longer line gets its own E204 and is skipped without being held in memory.
MAX_LINE_BYTES = HARD_LIMIT * 4
MAX_FILE_BYTES = HARD_LIMIT * 4  # a .txt file or plain stdin is one document
_SKIP_CHUNK = 1 << 20
# The id of an over-long line, when the line starts with it (read from the first bytes only).
_ID_AT_START = re.compile(rb'\A\s*\{\s*"id"\s*:\s*(?:"([^"\\]{1,200})"|(-?\d{1,20}))')
JSONL_SUFFIXES = (".jsonl", ".ndjson")
EXIT_DOCUMENT_ERRORS = 3  # at least one document has ``error`` set (the others were analysed)


def _decode(raw: bytes, where: str) -> tuple[str | None, Analysis | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, error_result(where, message(Code.E203, offset=exc.start))


def _lines(fh: BinaryIO, first: bytes = b"", limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes, int]]:
    """``(line number, line, size)`` read one line at a time, at most ``limit`` bytes held.

    Why: a day of posts is larger than memory should hold, and one enormous line must not stop
    the others. A line over the limit comes back as its first 1 KB with its full ``size`` (the
    rest is read in 1 MB pieces and dropped). ``first``: bytes already read from ``fh`` (the
    start of stdin, read to sniff the format). A UTF-8 BOM at the start is dropped.
    """
    pending = first
    lineno = 0
    while True:
        if pending:
            nl = pending.find(b"\n")
            if nl >= 0:
                line, pending = pending[: nl + 1], pending[nl + 1 :]
            else:
                line = pending + fh.readline(max(0, limit + 1 - len(pending)))
                pending = b""
        else:
            line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if lineno == 1 and line.startswith(BOM):
            line = line[len(BOM) :]
        size = len(line)
        if size > limit and not line.endswith(b"\n"):
            head = line[:1024]
            while not line.endswith(b"\n"):
                line = fh.readline(_SKIP_CHUNK)
                if not line:
                    break
                size += len(line)
            yield lineno, head, size - line.endswith(b"\n")
            continue
        yield lineno, line, size


def _jsonl_docs(
    lines: Iterator[tuple[int, bytes, int]], name: str, limit: int = MAX_LINE_BYTES
) -> Iterator[tuple[str, str] | Analysis]:
    """Documents of a JSON Lines stream; every bad line becomes its own error result."""
    for lineno, line, size in lines:
        where = f"{name}:{lineno}"
        if size > limit:
            m = _ID_AT_START.match(line)
            doc_id = (m.group(1) or m.group(2)).decode("utf-8", "replace") if m else where
            yield error_result(doc_id, message(Code.E204, size=size, limit=limit))
            continue
        if not line.strip():
            continue
        text, err = _decode(line, where)
        if err is not None or text is None:
            yield err if err is not None else error_result(where, message(Code.E203, offset=0))
            continue
        try:
            obj: Any = json.loads(text)
        except RecursionError:
            yield error_result(where, message(Code.E205, detail="JSON nested too deeply"))
            continue
        except ValueError as exc:
            yield error_result(where, message(Code.E205, detail=str(exc)))
            continue
        if not isinstance(obj, dict):
            yield error_result(where, message(Code.E205, detail="not a JSON object"))
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, str | int | float) and not isinstance(raw_id, bool) else where
        if not isinstance(obj.get("text"), str):
            yield error_result(doc_id, message(Code.E206))
            continue
        yield doc_id, obj["text"]


def _stdin_docs(fh: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[str, str] | Analysis]:
    """Stdin is JSON Lines when its first non-blank character is ``{``, else one document.

    Only the leading white space (and a BOM) is read to decide, so JSON Lines on stdin stream
    like a file.
    """
    head = b""
    while True:
        chunk = fh.read1(65536) if hasattr(fh, "read1") else fh.read(65536)
        if not chunk:
            break
        head += chunk
        body = head[len(BOM) :] if head.startswith(BOM) else head
        if body.strip() or len(head) > MAX_FILE_BYTES:
            break
    body = head[len(BOM) :] if head.startswith(BOM) else head
    if body.lstrip().startswith(b"{"):
        yield from _jsonl_docs(_lines(fh, head, limit), "<stdin>", limit)
        return
    rest = fh.read(max(0, MAX_FILE_BYTES + 1 - len(head)))
    yield from _single(head + rest, "<stdin>")


def iter_inputs(paths: Sequence[str], max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[str, str] | Analysis]:
    """Documents from the given paths, in order, read lazily; unreadable inputs become error results."""
    for p in paths:
        if p == "-":
            yield from _stdin_docs(sys.stdin.buffer, max_line_bytes)
            continue
        path = Path(p)
        try:
            fh = path.open("rb")
        except OSError as exc:
            yield error_result(path.name, message(Code.E207, detail=exc.strerror or str(exc)))
            continue
        with fh:
            try:
                if path.suffix.lower() in JSONL_SUFFIXES:
                    yield from _jsonl_docs(_lines(fh, limit=max_line_bytes), path.name, max_line_bytes)
                else:
                    yield from _single(fh.read(MAX_FILE_BYTES + 1), path.name)
            except OSError as exc:  # e.g. a directory, or a read error halfway
                yield error_result(path.name, message(Code.E207, detail=exc.strerror or str(exc)))


def _single(raw: bytes, name: str) -> Iterator[tuple[str, str] | Analysis]:
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
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
    """Write one line per document as it is analysed; exit 3 when any document has an error."""
    write = sys.stdout.write
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per line
    failed = 0
    for res in analyze_batch(iter_inputs(args.paths, args.max_line_bytes)):
        if res.error is not None:
            failed += 1
        write(encode(res.as_dict()))
        write("\n")
    sys.stdout.flush()
    return EXIT_DOCUMENT_ERRORS if failed else 0


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
    a.add_argument(
        "--max-line-bytes",
        type=int,
        default=MAX_LINE_BYTES,
        metavar="N",
        help=f"a longer JSONL line is an E204 error of its own (default {MAX_LINE_BYTES:,})",
    )
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
