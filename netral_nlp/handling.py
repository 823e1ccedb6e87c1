"""How far a reported case has been handled: alleged, under review, recommended, cleared or
sanctioned, and the sanction named when one was imposed.

A supervisor reading the inbox wants to know whether the case in the news is new or already
in someone's hands; the answer is in cue phrases ("Bawaslu menelusuri", "direkomendasikan ke
KASN", "telah dijatuhi sanksi"). Cues come from ``rules/handling.jsonl``; a cue counts only
when its sentence reports a fact: not after a modal or negation ("akan diberikan sanksi",
"belum direkomendasikan"), not after a condition or a prohibition ("jika terbukti ...
dijatuhi sanksi"). Ambiguous cues ("klarifikasi", "diproses") count only next to an authority, so a
reporter's or the accused's own "klarifikasi" is not a review. The furthest step wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .context import Sentences
from .data import PACKAGE_DIR, compile_checked, read_jsonl, read_tsv
from .errors import Code, DataFileError
from .text import start_literals, trie_regex

# Ordered by how far the case has gone: a later status wins over an earlier one.
STATUSES: tuple[str, ...] = ("alleged", "under_review", "cleared", "recommended", "sanctioned")
_CUE_STATUSES = frozenset(STATUSES[1:])
_RANK = {s: i for i, s in enumerate(STATUSES)}
# Right before a cue (same sentence): a modal, a negation or a condition, so the step has
# not happened ("akan kami rekomendasikan", "belum ada sanksi", "jika terbukti"), or a purpose
# ("diteruskan ke BKN untuk diberi sanksi").
_NOT_DONE_BEFORE = re.compile(
    r"\b(?:akan|bakal|bisa|dapat|harus|wajib|agar|supaya|untuk|guna|demi|belum|tidak|tak|tanpa|jika|bila|apabila|kalau|jikalau"
    r"|terancam|diancam|berpotensi|siap|segera|hendak|ingin|mau|sebelum|kemungkinan"
    r"|ancaman)\s+(?:\w+\s+){0,2}$"
)
_LOOK_BACK = 40  # characters before a cue searched for a modal
# Earlier in the cue's sentence: a condition or a prohibition, so what follows is a rule
# ("jika ASN terbukti berpihak, BKPSDM ... menjatuhkan sanksi"). Narrower than the act test
# in ``context``: a hedge on the act ("berpotensi melanggar ... dan meminta klarifikasi") or
# an appeal does not make the handling step hypothetical.
_CONDITION = re.compile(
    r"\b(?:jika|bila|apabila|jikalau|kalau|seandainya|andaikan|manakala|dilarang|larangan|tidak boleh"
    r"|dapat dikenai|dapat dikenakan|diancam)\b"
)
# A sentence citing a law states a rule ("menurut UU Desa, perangkat desa yang terlibat dikenai
# sanksi"); cues marked ``"law_cited": false`` do not count in one.
_LAW_CITED = re.compile(r"\b(?:uu|undang-undang|pp|peraturan|pasal|skb|permen\w*|perpres|perbawaslu|pkpu)\b")


@dataclass(frozen=True)
class Handling:
    """Compiled cues: one alternation with a group per cue, the authority and sanction names."""

    cue_regex: re.Pattern[str]
    cue_status: dict[str, tuple[str, bool, bool]]  # group -> (status, needs an authority, counts beside a law)
    authority_regex: re.Pattern[str]
    sanction_regex: re.Pattern[str]
    sanction_rank: dict[str, int]  # sanction name -> its row (earlier rows are preferred)
    # Where a cue can begin (see ``cue_matches``); None when some cue's first words are unknown.
    cue_starts: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _terms(name: str) -> list[str]:
    path = PACKAGE_DIR / "lexicons" / name
    return [row[0] for row in read_tsv(path, 1)]


def _words(terms: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + trie_regex(sorted(terms)) + r")(?![a-z0-9])")


def _cue_starts(patterns: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Patterns of the places a cue can begin: at offset 0, and after a separator character.

    Both look ahead for one of the literals that begin the cues (``start_literals``).
    """
    firsts: set[str] = set()
    for pattern in patterns:
        lits = start_literals(pattern)
        if lits is None:
            return None
        firsts |= lits
    ahead = "(?=" + trie_regex(sorted(firsts)) + ")"
    return re.compile(ahead), re.compile("[^a-z0-9]" + ahead)


def cue_matches(h: Handling, lower: str) -> list[re.Match[str]]:
    """The matches of ``h.cue_regex.finditer(lower)``, with the alternation tried only where a cue can begin.

    Why: the alternation behind its look-behind is otherwise tried at every character (about
    20 µs on a 250-character post, 250 µs on an article). Every cue begins with one of a known
    set of literals, so candidate starts come from one pattern that begins with a character
    class (``re`` skips to separators with its fast charset scan) and looks ahead for those
    literals. The alternation can match nowhere else, and after a match the next one is looked
    for from its end, as ``finditer`` does, so the matches are the same.
    """
    if h.cue_starts is None:
        return list(h.cue_regex.finditer(lower))
    at_start, after_sep = h.cue_starts
    match = h.cue_regex.match
    out: list[re.Match[str]] = []
    pos = 0
    if at_start.match(lower) is not None:
        m = match(lower, 0)
        if m is not None:
            out.append(m)
            pos = m.end()
    for c in after_sep.finditer(lower, max(pos - 1, 0)):
        q = c.end()
        if q < pos:
            continue
        m = match(lower, q)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


def read_cues(path: Path) -> tuple[re.Pattern[str], dict[str, tuple[str, bool, bool]], list[str]]:
    """Validate a cue file and compile its cues into one alternation with a group per cue.

    Also returns the cue patterns themselves, in file order (for ``_cue_starts``).
    """
    patterns: list[str] = []
    parts: list[str] = []
    cue_status: dict[str, tuple[str, bool, bool]] = {}
    seen: set[str] = set()
    for lineno, obj in read_jsonl(path):
        cid, status, pattern, authority = (obj.get(k) for k in ("id", "status", "pattern", "authority"))
        law_cited = obj.get("law_cited", True)
        if not (isinstance(cid, str) and isinstance(status, str) and isinstance(pattern, str) and cid and pattern):
            raise DataFileError(Code.E102, path=str(path), line=lineno, detail="need string id, status, pattern")
        if not isinstance(authority, bool) or not isinstance(law_cited, bool):
            raise DataFileError(Code.E102, path=str(path), line=lineno, detail="authority, law_cited: true or false")
        if status not in _CUE_STATUSES:
            known = ", ".join(sorted(_CUE_STATUSES))
            raise DataFileError(Code.E105, path=str(path), line=lineno, entry=status, known=known)
        if cid in seen:
            raise DataFileError(Code.E103, path=str(path), line=lineno, entry=cid)
        seen.add(cid)
        compile_checked(pattern, path, lineno)  # each cue must compile on its own
        group = f"c{len(parts)}"
        cue_status[group] = (status, authority, law_cited)
        parts.append(f"(?P<{group}>{pattern})")
        patterns.append(pattern)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")"), cue_status, patterns


@lru_cache(maxsize=1)
def load() -> Handling:
    """Load and validate the handling cues, authorities and sanction names once per process."""
    cue_regex, cue_status, patterns = read_cues(PACKAGE_DIR / "rules" / "handling.jsonl")
    sanctions = _terms("sanctions.tsv")
    return Handling(
        cue_regex,
        cue_status,
        _words(_terms("authorities.tsv")),
        _words(sanctions),
        {name: i for i, name in enumerate(sanctions)},
        _cue_starts(patterns),
    )


def _near_authority(h: Handling, sents: Sentences, sid: int) -> bool:
    """The cue's sentence, or the one before or after it, names an authority."""
    return h.authority_regex.search(sents.lower, *sents.window(sid - 1, sid + 1)) is not None


def handling(sents: Sentences) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """``(status, cue span, sanction span)`` of the case told in a lower-cased text.

    ``status`` is ``alleged`` when no cue counts. The sanction span is set only for
    ``sanctioned``: the preferred sanction name in a sanctioned cue's sentence or the next one.
    """
    h = load()
    lower = sents.lower
    best, best_span = "alleged", None
    sanctioned: list[int] = []  # sentence ids of counted "sanctioned" cues
    for m in cue_matches(h, lower):
        group = m.lastgroup
        if group is None:  # pragma: no cover - every alternative is a named group
            continue
        status, needs_authority, law_cited_ok = h.cue_status[group]
        if _RANK[status] < _RANK[best] or (_RANK[status] == _RANK[best] and status != "sanctioned"):
            continue
        s = m.start()
        sid = sents.of(s)
        sent_start, sent_end = sents.bounds(sid)
        if _NOT_DONE_BEFORE.search(lower, max(sent_start, s - _LOOK_BACK), s) or _CONDITION.search(
            lower, sent_start, s
        ):
            continue
        if not law_cited_ok and _LAW_CITED.search(lower, sent_start, sent_end):
            continue
        if needs_authority and not _near_authority(h, sents, sid):
            continue
        if status != best:
            best, best_span = status, m.span()
        if status == "sanctioned":
            sanctioned.append(sid)
    return best, best_span, _sanction(h, sents, sanctioned)


def _sanction(h: Handling, sents: Sentences, sids: list[int]) -> tuple[int, int] | None:
    """Span of the preferred sanction name in the given sentences or the ones after them."""
    found: list[tuple[int, int, int]] = []
    for sid in dict.fromkeys(sids):
        found.extend(
            (h.sanction_rank[" ".join(m.group().split())], m.start(), m.end())
            for m in h.sanction_regex.finditer(sents.lower, *sents.window(sid, sid + 1))
        )
    if not found:
        return None
    _, s, e = min(found)
    return s, e
