"""Text preparation that keeps offsets: boilerplate is blanked out, never cut.

Every later stage matches on ``clean_lower``, a string of exactly the same length as the
original, so a match span ``(start, end)`` is directly a span of the original text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .lang.id import EN_FUNCTION_WORDS, ID_FUNCTION_WORDS

# A whole line that is widget or navigation noise. "[^\S\n]" (white space but not a line
# break) lets the same body match one line on its own or every line of a text at once.
_WS = r"[^\S\n]"
_LINE_BODY = (
    _WS + r"*(?:"
    r"(?:baca|lihat|simak|cek)" + _WS + r"+(?:juga|pula|selengkapnya|berita)\b.*"
    r"|(?:berita|artikel|postingan)" + _WS + r"+(?:terkait|terpopuler|terbaru|lainnya|populer)\b.*"
    r"|(?:related|read more|advertisement|iklan|scroll to continue|scroll untuk melanjutkan).*"
    r"|(?:\d+" + _WS + r"*)?(?:posting|kirim|tulis|lihat)?" + _WS + r"*komentar\b.*"
    r"|(?:\d+" + _WS + r"*)?comments?\b.*"
    r"|(?:share|bagikan|tweet|follow|ikuti kami|copy link|salin tautan|whatsapp|facebook|twitter|telegram|line|x"
    r"|email)" + _WS + r"*(?:\(\d+\))?" + _WS + r"*:?" + _WS + r"*"
    r"|(?:tags?|topik|editor|penulis|reporter|pewarta|sumber|foto|copyright|hak cipta)" + _WS + r"*:.*"
    r"|©.*"
    r"|!\[[^\]\n]*\]\([^)\n]*\).*"
    r"|(?:[\d|•·.,:()-]|" + _WS + r")*"
    r")" + _WS + r"*"
)
_BOILER_LINE = re.compile("^" + _LINE_BODY + "$", re.IGNORECASE)
# Every line after the first in one pass: the literal "\n" prefix lets ``re`` jump from line
# break to line break instead of trying the alternatives at every character.
_BOILER_LINES = re.compile(r"\n(" + _LINE_BODY + r")(?=\n|\Z)", re.IGNORECASE)
# Inline "Baca juga: <headline>" inside a paragraph: blank to the end of the line. Found from
# the (rare) "juga"/"pula" substrings, never by a whole-text pass.
_BOILER_INLINE = re.compile(r"(?:baca|simak|lihat)\s+(?:juga|pula)\s*:[^\n]*", re.IGNORECASE)
_INLINE_CUE = ("juga", "Juga", "JUGA", "pula", "Pula", "PULA")
_INLINE_WORD_BEFORE = re.compile(r"(?:baca|simak|lihat)\s+$", re.IGNORECASE)
_INLINE_COLON_AFTER = re.compile(r"(?:juga|pula)\s*:", re.IGNORECASE)
_SENT_END_CHARS = frozenset('.!?"”:;)')


def _is_headline_like(line: str) -> bool:
    """Short line without final punctuation, mostly capitalised words: a link headline.

    List bullets ("- ", "• ") and table pipes around the line are ignored, so bulleted
    related-article lists and scraped link tables count too.
    """
    r = line.rstrip()
    if not r or r[-1] in _SENT_END_CHARS:  # most lines: a paragraph ending like a sentence
        return False
    s = r.lstrip().strip("|").strip().lstrip("-•*·–—>").strip()
    if not (15 <= len(s) <= 160) or s[-1] in _SENT_END_CHARS:
        return False
    words = s.split()
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return caps / len(words) >= 0.6


def _is_noise_line(line: str) -> bool:
    """A widget line: short, not blank, not a paragraph ending like a sentence."""
    n = len(line)
    if n >= 200 or not line.strip():
        return False
    return not (n > 100 and line.rstrip()[-1:] in _SENT_END_CHARS)


def strip_boilerplate(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return the text with boilerplate blanked to spaces (same length) and the blanked spans.

    Steps: (1) blank whole lines matching widget patterns ("Baca juga", "Posting Komentar",
    share buttons, bare counters), all lines after the first in one regex pass; (2) blank
    runs of three or more headline-like lines after the first two lines (related-article
    lists), keeping the article title on top; blank and widget lines do not break a run;
    (3) blank inline "Baca juga: …" tails, looked for only where "juga"/"pula" occurs.
    """
    spans: list[tuple[int, int]] = []
    if "\n" in text:
        lines = text.split("\n")
        first = lines[0]
        if _is_noise_line(first) and _BOILER_LINE.match(first):
            spans.append((0, len(first)))
        noise = [m.span(1) for m in _BOILER_LINES.finditer(text) if _is_noise_line(m.group(1))]
        spans.extend(noise)
        if len(lines) >= 4:
            _headline_runs(lines, {s for s, _ in noise}, spans)
    _inline_tails(text, spans)
    return _blank(text, spans)


_BULLETS = frozenset("-•*·–—>")


def _headline_runs(lines: list[str], noise_starts: set[int], spans: list[tuple[int, int]]) -> None:
    """Add runs of 3+ headline-like lines (from the third line on, or a bulleted second line) to ``spans``."""
    starts = list(accumulate(map((1).__add__, map(len, lines)), initial=0))
    run: list[int] = []
    for i in range(1, len(lines)):
        ln = lines[i]
        if i == 1 and ln.lstrip()[:1] not in _BULLETS:
            continue  # the line under the title may be a subtitle, unless it is a bullet
        if len(ln) < 15:
            if ln.strip() and starts[i] not in noise_starts:
                if len(run) >= 3:
                    spans.extend((starts[j], starts[j] + len(lines[j])) for j in run)
                run.clear()
            continue
        if starts[i] in noise_starts:
            continue
        if _is_headline_like(ln):
            run.append(i)
            continue
        if len(run) >= 3:
            spans.extend((starts[j], starts[j] + len(lines[j])) for j in run)
        run.clear()
    if len(run) >= 3:
        spans.extend((starts[j], starts[j] + len(lines[j])) for j in run)


def _inline_tails(text: str, spans: list[tuple[int, int]]) -> None:
    """Add inline "Baca juga: …" tails (to the end of the line) to ``spans``."""
    for cue in _INLINE_CUE:
        p = text.find(cue)
        while p >= 0:
            m = _INLINE_WORD_BEFORE.search(text, max(0, p - 12), p)
            if m is not None and _INLINE_COLON_AFTER.match(text, p):
                end = text.find("\n", p)
                spans.append((m.start(), len(text) if end < 0 else end))
            p = text.find(cue, p + 4)


def _blank(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Replace each span by spaces (line breaks kept), so offsets do not move."""
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
        parts.append(_NOT_NL.sub(" ", text[a:b]))
        last = b
    parts.append(text[last:])
    return "".join(parts), spans


_NOT_NL = re.compile(r"[^\n]")


def lower_same_length(text: str) -> str:
    """Lower-case without changing length (``'İ'.lower()`` is two code points)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] if len(c.lower()) != 1 else c.lower() for c in text)


WORD_RE = re.compile(r"[a-z]+")
_WORD = WORD_RE
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


def language(lower: str, *, sample: int = 700, tokens: list[str] | None = None) -> LanguageVerdict:
    """Decide Indonesian vs not from function-word counts in the first ``sample`` characters.

    Mixed Indonesian/English text passes as long as Indonesian function words are not
    swamped; very short texts pass unless they are clearly English. ``tokens``: the words
    of the sample when the caller already has them (a text no longer than ``sample``).
    """
    words = tokens if tokens is not None and len(lower) <= sample else _WORD.findall(lower, 0, sample)
    n = len(words)
    id_hits = sum(map(ID_FUNCTION_WORDS.__contains__, words))
    en_hits = sum(map(EN_FUNCTION_WORDS.__contains__, words))
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


def start_literals(pattern: str) -> frozenset[str] | None:
    """Non-empty literal strings one of which begins every match of ``pattern`` (None: unknown).

    Read from the parsed pattern (``re``'s own parser): a leading literal, or a leading group
    or alternation whose branches all begin with known literals, or a repeat of at least one.
    Anything else (a class, a look-around, an optional part, a case-insensitive group) gives
    None, and the caller keeps its plain search.
    """
    try:
        # Private modules, stable within the pinned Python 3.11; any surprise means no shortcut.
        parser: Any = importlib.import_module("re._parser")
        sre: Any = importlib.import_module("re._constants")
        return _starts(list(parser.parse(pattern).data), sre)
    except Exception:
        return None


def _starts(items: list[Any], sre: Any) -> frozenset[str] | None:
    run: list[str] = []
    for op, av in items:
        if op is not sre.LITERAL:
            break
        run.append(chr(av))
    if run:
        return frozenset({"".join(run)})
    if not items:
        return None
    op, av = items[0]
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & re.IGNORECASE else _starts(list(sub.data), sre)
    if op is sre.BRANCH:
        alts = [_starts(list(a.data), sre) for a in av[1]]
        known = [a for a in alts if a is not None]
        return frozenset().union(*known) if len(known) == len(alts) else None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _starts(list(av[2].data), sre)
    return None
