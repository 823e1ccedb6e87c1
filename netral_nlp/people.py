"""Who, by name: the persons whose neutrality a case text is about.

``find_people`` returns ``{"name", "titles", "role", "agency"}`` per person, first mention
first. Titles are kept apart from the name (``"Drs. H. Ahmad Fauzi, M.Si"`` is the name
``"Ahmad Fauzi"`` with titles ``["Drs.", "H.", "M.Si"]``), because the registry stores names
without them and a look-up on the bare name is what finds the civil servant.

Indonesian case news names an accused in three ways, read here in this order:

1. **A cue**: ``berinisial AS``, ``bernama …``, ``atas nama Sdr. TW`` (the press writes the
   accused's initials; the officials who speak are named in full). The role is the nearest
   role word before the cue in the same sentence (``kepala desa berinisial SB``,
   ``Kepala Desa Sukorejo Wetan, Kecamatan Pageruyung, berinisial HS``).
2. **Role, then name**: ``Camat Sukamaju, Drs. Budi Santoso, M.Si, …``, or without a comma
   when a title opens the name (``Kades Sukamaju H. Dedi``).
3. **Name, then role**: ``Budi Santoso, Camat Sukamaju`` or ``Rina (34), seorang guru``.

Not everyone named is at issue. A person counts when their role is a civil-servant or
non-ASN role of the lexicon (a candidate, a reporter or a witness has none), their office is
not a supervising or personnel body (``Kepala BKPSDM``, ``Ketua Bawaslu``), they are not
the speaker of a quote (``kata X``, ``X menjelaskan``) unless they deny or admit something,
and their sentence (or the one before) tells of the case. A cue after ``pelapor``, ``saksi``
or ``warga`` names the reporter, not the accused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .context import Sentences
from .data import PACKAGE_DIR, read_tsv
from .lang.id import EN_FUNCTION_WORDS, ID_FUNCTION_WORDS, STOP_WORDS
from .lexicon import Hit

_ROLE_SIGNALS = ("asn_role", "non_asn_role", "asn")
_CASE_SIGNALS = ("act", "violation", "case_link", "non_asn_case", "neutrality", "campaign", "candidate")
_WINDOW = 160  # characters before a cue searched for its role word

# One token of a name region: a word, an abbreviation or a dotted degree ("S.STP.", "M.Si").
_TOKEN = re.compile(r"[^\S\n]*([A-Za-z][A-Za-z'’\-]*(?:\.[A-Za-z]+)*\.?)")
_COMMA = re.compile(r"[^\S\n]*,")
_AGE = re.compile(r"[^\S\n]*\(\d{1,3}(?:[^\S\n]*(?:tahun|th))?\)", re.IGNORECASE)
_INITIALS = re.compile(r"[^\S\n]*((?:[A-Z]\.){1,4}|[A-Z]{2,5}\b)")
_CUE = re.compile(r"\b(?:berinisial|berinisal|inisial|bernama|atas nama)\b", re.IGNORECASE)
_ACCUSED_BEFORE = re.compile(r"\b(?:terlapor|oknum|yang bersangkutan|tersangka|terdakwa|terperiksa)\b")
_NOT_ACCUSED_BEFORE = re.compile(
    r"\b(?:pelapor|saksi|korban|wartawan|sumber|kuasa hukum|pengacara|warga|netizen|warganet|akun"
    r"|grup|halaman|relawan|istri|suami|anak)\b[^,.;]*$"
)
_SPEECH_AFTER = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:mengatakan|menjelaskan|menyebut|menegaskan|mengungkapkan|menyampaikan"
    r"|mengingatkan|menuturkan|memastikan|berharap|mengimbau|meminta|menerangkan|membenarkan adanya"
    r"|saat dikonfirmasi|ketika dikonfirmasi|kepada wartawan)\b",
    re.IGNORECASE,
)
_SPEECH_BEFORE = re.compile(
    r"\b(?:kata|ujar|ucap|tutur|jelas|ungkap|terang|tegas|sebut|papar|imbuh|tambah|lanjut)(?:nya)?[^\S\n]*$"
)
_DENIAL = re.compile(
    r"\b(?:membantah|menyangkal|mengaku|mengakui|berdalih|mengelak|menampik|berkilah|membela diri|beralasan)\b"
)
_AUTHORITY = re.compile(
    r"\b(?:bawaslu|panwaslu|panwascam|kpu|kasn|bkn|bkpsdm|bkpsdmd|bkd|bkpp|bkppd|inspektorat|inspektur"
    r"|gakkumdu|dkpp|ombudsman|propam|kemendagri|kemenpan|dpmd|dispermades|kepegawaian)\b"
)
_APPOSITION_BEFORE = re.compile(
    r"(?:seorang|merupakan|yang merupakan|selaku|sebagai|yang menjabat sebagai|yang menjabat|yang juga)?[^\S\n]*$"
)
_AGENCY_STOP = re.compile(r"[,;.(\n]|\b(?:berinisial|bernama|yang|itu|tersebut|diduga|dilaporkan)\b")
_HEAD_BEFORE = re.compile(r"\b(?:kepala|ketua|komandan)[^\S\n]+$", re.IGNORECASE)
_AGENCY_LEAD = re.compile(r"^(?:(?:di|pada|dari|dalam|sebuah|salah satu|setempat|berstatus)\b[^\S\n]*)+", re.IGNORECASE)


@dataclass(frozen=True)
class _Titles:
    prefix: frozenset[str]
    suffix: frozenset[str]
    units: dict[str, str]
    not_name: frozenset[str]


@lru_cache(maxsize=1)
def _data() -> _Titles:
    rows = read_tsv(PACKAGE_DIR / "lang" / "id" / "person_titles.tsv", 2, known={1: ("prefix", "suffix")})
    units = {r[0]: r[1] for r in read_tsv(PACKAGE_DIR / "lexicons" / "role_units.tsv", 2, normalise_columns=())}
    from . import lexicon

    term_words = {w for term in lexicon.load().table for w in term.split()}
    listed = {r[0] for r in read_tsv(PACKAGE_DIR / "lang" / "id" / "not_name_words.tsv", 1)}
    not_name = frozenset(STOP_WORDS | ID_FUNCTION_WORDS | EN_FUNCTION_WORDS | term_words | listed)
    return _Titles(
        frozenset(t for t, pos in rows if pos == "prefix"),
        frozenset(t for t, pos in rows if pos == "suffix"),
        units,
        not_name,
    )


def _bare(token: str) -> str:
    return token.replace(".", "").lower()


def _is_suffix(token: str, data: _Titles) -> bool:
    bare = _bare(token)
    if bare in data.suffix:
        return True
    # A dotted degree not in the list ("S.Kel.", "M.Ling"): short parts, at least one dot inside.
    return "." in token.rstrip(".") and len(bare) <= 7 and token[0].isupper() and bare.isalpha()


def _is_name_word(token: str, data: _Titles) -> bool:
    word = token.rstrip(".")
    if not word or not word[0].isupper() or _bare(word) in data.not_name:
        return False
    if token.endswith(".") and len(word) > 4:
        return False  # a sentence end glued to a word: the name stops before it
    if len(word) > 4 and word.lower().endswith("nya"):
        return False  # "Menurutnya", "Sebelumnya": a sentence opener, not a name
    # Title case ("Ahmad"), or a short abbreviation with its dot ("Muh.", "M."); never all caps.
    return word[1:].islower() if len(word) > 1 else token.endswith(".")


@dataclass
class _Name:
    name: str
    titles: list[str]
    start: int
    end: int


def _parse_name(text: str, pos: int, *, initials: bool = False) -> _Name | None:
    """The person's name at ``pos``: prefix titles, 1–5 name words (or initials), degrees."""
    data = _data()
    titles: list[str] = []
    words: list[str] = []
    start = -1
    i = pos
    while True:  # prefix titles
        m = _TOKEN.match(text, i)
        if not m:
            break
        tok = m.group(1)
        bare = _bare(tok)
        if bare in data.prefix and (len(bare) > 1 or tok.endswith(".")) and tok[0].isalpha():
            titles.append(tok)
            start = m.start(1) if start < 0 else start
            i = m.end()
            continue
        break
    if initials:
        m = _INITIALS.match(text, i)
        if m and not (m.end() < len(text) and text[m.end()].isalpha()):
            words.append(m.group(1))
            start = m.start(1) if start < 0 else start
            i = m.end()
    if not words:
        while len(words) < 5:
            m = _TOKEN.match(text, i)
            if not m or not _is_name_word(m.group(1), data):
                break
            tok = m.group(1)
            if len(tok.rstrip(".")) <= 3 and tok.endswith(".") and not _TOKEN.match(text, m.end()):
                break
            words.append(tok)
            start = m.start(1) if start < 0 else start
            i = m.end()
            if tok.endswith(".") and len(tok) > 4:
                break
    if not words:
        return None
    # A trailing single-letter "word" with a dot is more likely a title of the next name.
    end = i
    while True:  # degrees: ", S.Pd", " M.Si", ", SE, MM"
        c = _COMMA.match(text, end)
        j = c.end() if c else end
        m = _TOKEN.match(text, j)
        if m and _is_suffix(m.group(1), data) and not (c is None and m.group(1)[0].islower()):
            titles.append(m.group(1))
            end = m.end()
            continue
        break
    name = " ".join(w.rstrip(".") if len(w.rstrip(".")) > 3 else w for w in words)
    return _Name(name, titles, start, end if titles and end > i else i)


def _agency(text: str, role_term_end: int, stop: int, role: str, role_term_start: int = -1) -> str | None:
    """The office named right after the role word ("Camat Cibinong" → "Kecamatan Cibinong")."""
    head_of = ""
    if role_term_start >= 0 and _HEAD_BEFORE.search(text, max(0, role_term_start - 8), role_term_start):
        head_of = " ".join(text[role_term_start:role_term_end].split())
    span = text[role_term_end:stop]
    m = _AGENCY_STOP.search(span.lower())
    if m:
        span = span[: m.start()]
    written = " ".join(span.split())
    words = _AGENCY_LEAD.sub("", written).strip(" ,")
    if not words or not (words[0].isupper() or words[0].isdigit()):
        return None
    unit = _data().units.get(role)
    # "Camat Cibinong" heads Kecamatan Cibinong; "camat di Kabupaten Bogor" only says where.
    if unit and words == written.strip(" ,") and words.split()[0].lower().rstrip(".") not in _PLACE_WORDS:
        words = f"{unit} {words}"
    elif head_of:
        words = f"{head_of} {words}"  # "Kepala Satpol PP Ternate" heads Satpol PP Ternate
    return words[:120]


_PLACE_WORDS = frozenset(("kabupaten", "kab", "kota", "kecamatan", "provinsi", "kelurahan", "desa", "kampung"))


def _role_before(hits: list[Hit], pos: int, lo: int) -> Hit | None:
    best: Hit | None = None
    for h in hits:
        if lo <= h[0] and h[1] <= pos and (best is None or h[0] > best[0]):
            best = h
    return best


def find_people(
    text: str, lower: str, hits: dict[str, list[Hit]], sents: Sentences
) -> tuple[list[dict[str, object]], list[tuple[int, int]]]:
    """Persons whose neutrality the text is about, and the spans of their names."""
    roles = sorted(h for sig in _ROLE_SIGNALS for h in hits.get(sig, ()))
    case_sents = sents.having(h[0] for sig in _CASE_SIGNALS for h in hits.get(sig, ()))
    found: list[tuple[_Name, str | None, str | None]] = []

    def in_case(first: int, last: int) -> bool:
        """A case cue in the sentences from the one before ``first`` to the one after ``last``
        (titles' dots end "sentences", so the span is counted, not one sentence)."""
        return any(sid in case_sents for sid in range(sents.of(first) - 1, sents.of(last) + 2))

    # 1. Cues: "berinisial AS", "bernama …".
    if "nama" in lower or "inisial" in lower or "inisal" in lower:
        for m in _CUE.finditer(lower):
            sid = sents.of(m.start())
            sent_start = sents.bounds(sid)[0]
            lo = max(sent_start, m.start() - _WINDOW)
            preceding = lower[lo : m.start()]
            if _NOT_ACCUSED_BEFORE.search(preceding):
                continue
            person = _parse_name(text, m.end(), initials=True)
            if person is None:
                continue
            role_hit = _role_before(roles, m.start(), lo)
            if role_hit is None and not _ACCUSED_BEFORE.search(preceding):
                continue
            role = role_hit[2] if role_hit else None
            agency = _agency(text, role_hit[1], m.start(), role, role_hit[0]) if role_hit and role else None
            found.append((person, role, agency))
    # 2 and 3. A role word with a name after it (apposition) or before it; not in a headline,
    # where every word is capitalised.
    for s, e, role in roles:
        if _in_headline(text, s):
            continue
        after = _parse_after_role(text, e)
        if after is not None:
            person, stop = after
            if _at_issue(lower, sents, person, s, stop, in_case):
                found.append((person, role, _agency(text, e, stop, role, s)))
            continue
        before = _parse_before_role(text, lower, s)
        if before is not None:
            stop = _phrase_end(lower, e)
            if _at_issue(lower, sents, before, s, stop, in_case):
                found.append((before, role, _agency(text, e, stop, role, s)))
    return _merge(found)


def _in_headline(text: str, pos: int) -> bool:
    """The line holding ``pos`` is a title-case headline (most of its words capitalised)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = text[start : end if end >= 0 else len(text)].split()
    if len(words) < 4:
        return False
    return sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


_PHRASE_END = re.compile(r"[,;.(\n]")


def _phrase_end(lower: str, e: int) -> int:
    """End of the office words after a role word (the next comma, bracket or sentence end)."""
    m = _PHRASE_END.search(lower, e, e + 120)
    return m.start() if m else min(len(lower), e + 120)


def _parse_after_role(text: str, e: int) -> tuple[_Name, int] | None:
    """``<role> <office words>, <name>`` or ``<role> <office words> <title> <name>``."""
    i = e
    data = _data()
    for _ in range(8):  # office words before the comma
        c = _COMMA.match(text, i)
        if c:
            person = _parse_name(text, c.end())
            if person is not None and not _looks_like_place(person.name):
                return person, c.start()
            return None
        m = _TOKEN.match(text, i)
        if not m:
            return None
        tok = m.group(1)
        if _bare(tok) in data.prefix and (len(_bare(tok)) > 1 or tok.endswith(".")):
            person = _parse_name(text, m.start())
            return (person, m.start()) if person is not None and person.titles else None
        if not (tok[0].isupper() or tok[0].isdigit() or tok.lower() in ("dan", "setempat")):
            return None
        i = m.end()
    return None


_NAME_BEFORE = re.compile(
    r"((?:[A-Z][A-Za-z'’\-]*\.?[^\S\n]+){0,5}[A-Z][A-Za-z'’\-]*\.?(?:[^\S\n]*,[^\S\n]*[A-Z][A-Za-z]{0,4}\.[A-Za-z.]*)*)"
    r"[^\S\n]*(?:\(\d{1,3}(?:[^\S\n]*(?:tahun|th))?\)[^\S\n]*)?,[^\S\n]*$",
    re.IGNORECASE,
)


def _parse_before_role(text: str, lower: str, s: int) -> _Name | None:
    """``<name>, <role>`` or ``<name> (34), seorang <role>``."""
    lead = _APPOSITION_BEFORE.search(lower, max(0, s - 40), s)
    cut = lead.start() if lead else s
    m = _NAME_BEFORE.search(text, max(0, cut - 90), cut)
    if not m:
        return None
    # Start at the first name-like token of the run (a sentence may open with other words).
    run_start = m.start(1)
    for tok in _TOKEN.finditer(text, run_start, m.end(1)):
        person = _parse_name(text, tok.start())
        if person is not None and person.end >= m.end(1) - 1 and not _looks_like_place(person.name):
            return person
    return None


def _looks_like_place(name: str) -> bool:
    from . import gazetteer

    return name.lower() in gazetteer.load().by_name


def _at_issue(
    lower: str, sents: Sentences, person: _Name, role_start: int, phrase_end: int, in_case: Callable[[int, int], bool]
) -> bool:
    """A named person is at issue unless their office supervises, or they only speak.

    ``phrase_end``: the end of the role and office words ("Kepala Badan Kepegawaian Daerah").
    """
    first = min(role_start, person.start)
    last = max(phrase_end, person.end)
    if _AUTHORITY.search(lower, role_start, phrase_end):
        return False
    sid = sents.of(first)
    sent_start, sent_end = sents.bounds(sid)
    speaker = bool(_SPEECH_BEFORE.search(lower, max(sent_start, first - 30), first)) or bool(
        _SPEECH_AFTER.match(lower, last)
    )
    if speaker and not _DENIAL.search(lower, sent_start, sent_end):
        return False
    return in_case(first, last)


def _merge(found: list[tuple[_Name, str | None, str | None]]) -> tuple[list[dict[str, object]], list[tuple[int, int]]]:
    """One entry per name (first mention first); later mentions fill a missing role or agency."""
    out: dict[str, dict[str, object]] = {}
    spans: list[tuple[int, int]] = []
    for person, role, agency in sorted(found, key=lambda f: f[0].start):
        key = person.name.lower()
        spans.append((person.start, person.end))
        entry = out.get(key)
        if entry is None:
            out[key] = {"name": person.name, "titles": list(person.titles), "role": role, "agency": agency}
            continue
        if entry["role"] is None:
            entry["role"] = role
        if entry["agency"] is None:
            entry["agency"] = agency
        titles = entry["titles"]
        assert isinstance(titles, list)
        titles.extend(t for t in person.titles if t not in titles)
    return list(out.values()), spans
