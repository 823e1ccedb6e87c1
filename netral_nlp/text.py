"""Text preparation that keeps offsets: boilerplate is blanked out, never cut.

Every later stage matches on ``clean_lower``, a string of exactly the same length as the
original, so a match span ``(start, end)`` is directly a span of the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lang.id import EN_FUNCTION_WORDS, ID_FUNCTION_WORDS

# Whole lines that are widget or navigation noise.
_BOILER_LINE = re.compile(
    r"^\s*(?:"
    r"(?:baca|lihat|simak|cek)\s+(?:juga|pula|selengkapnya|berita)\b.*"
    r"|(?:berita|artikel|postingan)\s+(?:terkait|terpopuler|terbaru|lainnya|populer)\b.*"
    r"|(?:related|read more|advertisement|iklan|scroll to continue|scroll untuk melanjutkan).*"
    r"|(?:\d+\s*)?(?:posting|kirim|tulis|lihat)?\s*komentar\b.*"
    r"|(?:\d+\s*)?comments?\b.*"
    r"|(?:share|bagikan|tweet|follow|ikuti kami|copy link|salin tautan|whatsapp|facebook|twitter|telegram|line|x|email)\s*(?:\(\d+\))?\s*:?\s*"  # noqa: E501
    r"|(?:tags?|topik|editor|penulis|reporter|pewarta|sumber|foto|copyright|hak cipta)\s*:.*"
    r"|©.*"
    r"|[\d\s|•·.,:()-]*"
    r")\s*$",
    re.IGNORECASE,
)
# Inline "Baca juga: <headline>" inside a paragraph: blank to the end of the line.
_BOILER_INLINE = re.compile(r"(?:baca|simak|lihat)\s+(?:juga|pula)\s*:[^\n]*", re.IGNORECASE)
_SENT_END_CHARS = frozenset('.!?"”:;)')


def _is_headline_like(line: str) -> bool:
    """Short line without final punctuation, mostly capitalised words: a link headline."""
    s = line.strip()
    if not (15 <= len(s) <= 160) or s[-1] in _SENT_END_CHARS:
        return False
    words = s.split()
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return caps / len(words) >= 0.6


def strip_boilerplate(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return the text with boilerplate blanked to spaces (same length) and the blanked spans.

    Steps: (1) blank whole lines matching widget patterns ("Baca juga", "Posting Komentar",
    share buttons, bare counters); (2) blank inline "Baca juga: …" tails; (3) blank runs of
    three or more headline-like lines after the first two lines (related-article lists),
    keeping the article title on top.
    """
    if "\n" not in text:
        m = _BOILER_INLINE.search(text) if ("uga" in text or "UGA" in text or "ula" in text) else None
        if m is None:
            return text, []
        return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :], [m.span()]
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    run: list[int] = []

    def flush_run() -> None:
        if len(run) >= 3:
            spans.extend((starts[j], starts[j] + len(lines[j])) for j in run)
        run.clear()

    for i, ln in enumerate(lines):
        if len(ln) > 100 and ln.rstrip()[-1:] in _SENT_END_CHARS:
            # A long line ending like a sentence is a paragraph: only an inline "Baca juga" can hide in it.
            flush_run()
            if "juga" in ln or "Juga" in ln or "JUGA" in ln:
                spans.extend((starts[i] + m.start(), starts[i] + m.end()) for m in _BOILER_INLINE.finditer(ln))
            continue
        if len(ln) < 200 and ln.strip() and _BOILER_LINE.match(ln):
            spans.append((starts[i], starts[i] + len(ln)))
            continue
        if i >= 2 and _is_headline_like(ln):
            run.append(i)
            continue
        if ln.strip():
            flush_run()
        else:
            continue
        if "juga" not in ln and "Juga" not in ln and "JUGA" not in ln and "pula" not in ln:
            continue
        spans.extend((starts[i] + m.start(), starts[i] + m.end()) for m in _BOILER_INLINE.finditer(ln))
    flush_run()
    if not spans:
        return text, []
    spans.sort()
    parts: list[str] = []
    last = 0
    for a, b in spans:
        if a < last:
            a = last
        if b <= a:
            continue
        parts.append(text[last:a])
        parts.append(re.sub(r"[^\n]", " ", text[a:b]))
        last = b
    parts.append(text[last:])
    return "".join(parts), spans


def lower_same_length(text: str) -> str:
    """Lower-case without changing length (``'İ'.lower()`` is two code points)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] if len(c.lower()) != 1 else c.lower() for c in text)


_WORD = re.compile(r"[a-z]+")
_ID_PREFIXES = ("me", "ber", "di", "ter", "pe", "se")
_ID_SUFFIXES = ("kan", "an", "nya", "lah")


@dataclass(frozen=True)
class LanguageVerdict:
    """Outcome of the cheap lexical language test."""

    indonesian: bool
    id_hits: int
    en_hits: int
    tokens: int
    looks_english: bool


def language(lower: str, *, sample: int = 700) -> LanguageVerdict:
    """Decide Indonesian vs not from function-word counts in the first ``sample`` characters.

    Mixed Indonesian/English text passes as long as Indonesian function words are not
    swamped; very short texts pass unless they are clearly English.
    """
    words = _WORD.findall(lower, 0, sample)
    n = len(words)
    id_hits = sum(1 for w in words if w in ID_FUNCTION_WORDS)
    en_hits = sum(1 for w in words if w in EN_FUNCTION_WORDS)
    looks_english = en_hits >= 3 and en_hits > 4 * id_hits
    if looks_english:
        return LanguageVerdict(False, id_hits, en_hits, n, True)
    if id_hits == 0 and n >= 12:
        # No function word: fall back on Indonesian affixes (me-/ber-/di-/ter-, -kan/-an/-nya).
        affixed = sum(1 for w in words if w.startswith(_ID_PREFIXES) or w.endswith(_ID_SUFFIXES))
        if affixed < 0.25 * n:
            return LanguageVerdict(False, id_hits, en_hits, n, False)
    return LanguageVerdict(True, id_hits, en_hits, n, False)


def words(lower: str) -> list[str]:
    """ASCII word tokens (digits dropped) of already lower-cased text."""
    return _WORD.findall(lower)


_Trie = dict[str, "_Trie"]


def trie_regex(terms: Iterable[str]) -> str:
    """Build a factored alternation (a character trie) for literal terms.

    Python's ``re`` tries alternatives one by one; factoring shared prefixes turns a
    few hundred terms into a branch per distinct next character, which is several times
    faster on long texts. A space in a term matches any run of whitespace.
    """
    trie: _Trie = {}
    for t in terms:
        node = trie
        for ch in t:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        end = "" in node
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = []
        for k in keys:
            piece = r"\s+" if k == " " else re.escape(k)
            alts.append(piece + emit(node[k]))
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return emit(trie)
