"""Coded errors, so analysts and app developers can quote a stable code (spaCy-style ``E101``).

E1xx: shipped data files are invalid (a packaging bug, raised at load time).
E2xx: one input document could not be analysed (reported in that document's ``error`` field).
E3xx: the document is not (mainly) Indonesian.
E4xx: the statistical model is missing or does not fit the code.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Stable error codes; the value is what appears in output and messages."""

    E101 = "E101"  # data file: missing or malformed version header
    E102 = "E102"  # data file: malformed row (wrong column count, empty field)
    E103 = "E103"  # data file: duplicate entry
    E104 = "E104"  # data file: entry not in normalised (lower) case or has stray whitespace
    E105 = "E105"  # data file: unknown signal / act / kind name
    E106 = "E106"  # data file: invalid regular expression
    E107 = "E107"  # data file: invalid JSON line
    E201 = "E201"  # input: empty document
    E202 = "E202"  # input: binary content
    E203 = "E203"  # input: invalid UTF-8
    E204 = "E204"  # input: document larger than the hard limit
    E205 = "E205"  # input: malformed JSONL line
    E206 = "E206"  # input: JSONL object without a usable "text" field
    E207 = "E207"  # input: file could not be read
    E208 = "E208"  # input: the analysis of this document failed (a bug; the batch goes on)
    E301 = "E301"  # language: text looks English, not Indonesian
    E302 = "E302"  # language: text does not look Indonesian
    E401 = "E401"  # model: file missing or incompatible


MESSAGES: dict[Code, str] = {
    Code.E101: "data file {path}: first line must be '# netral-nlp <name> v<version>' (or a JSON _meta line)",
    Code.E102: "data file {path}:{line}: malformed row: {detail}",
    Code.E103: "data file {path}:{line}: duplicate entry {entry!r}",
    Code.E104: "data file {path}:{line}: entry {entry!r} is not normalised (lower case, single spaces)",
    Code.E105: "data file {path}:{line}: unknown name {entry!r} (known: {known})",
    Code.E106: "data file {path}:{line}: invalid regular expression: {detail}",
    Code.E107: "data file {path}:{line}: invalid JSON: {detail}",
    Code.E201: "empty document",
    Code.E202: "binary content (NUL or control bytes), not text",
    Code.E203: "invalid UTF-8 at byte {offset}",
    Code.E204: "document of {size} bytes exceeds the hard limit of {limit} bytes",
    Code.E205: "malformed JSONL line: {detail}",
    Code.E206: "JSONL object has no string field 'text'",
    Code.E207: "cannot read input: {detail}",
    Code.E208: "analysis failed: {detail}",
    Code.E301: "text looks English, not Indonesian ({id_hits} Indonesian vs {en_hits} English function words)",
    Code.E302: "text does not look Indonesian (no Indonesian function words among {tokens} words)",
    Code.E401: "model file {path} missing or incompatible: {detail}",
}


def message(code: Code, **kw: object) -> str:
    """Render ``"E203: invalid UTF-8 at byte 12"`` for an error code."""
    return f"{code.value}: {MESSAGES[code].format(**kw)}"


class NetralNLPError(Exception):
    """Base class: carries a code so callers can branch on it without parsing text."""

    def __init__(self, code: Code, **kw: object) -> None:
        self.code = code
        super().__init__(message(code, **kw))


class DataFileError(NetralNLPError):
    """A shipped data file failed validation; the package refuses to run on bad data."""


class ModelError(NetralNLPError):
    """The model file is missing or does not match the feature code."""
