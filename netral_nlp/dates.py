"""Event dates and election stages.

Dates: numeric ("Selasa (17/09/2024)", "17/9/2024", "(22/8)") and written ("Rabu 11 Oktober
2023", "11 Oktober"). A yearless date gets a year only when the text makes it clear (one
full date or one election year in the text) and, if a weekday is given, the weekday agrees.

Stages come from the election calendars in ``reference/elections/*.json`` (not duplicated
here): each stage has start/end and a ``triage_stage``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .data import REFERENCE_DIR

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6}
_NUM_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\s+$")
_YEAR_AFTER = re.compile(r"\.?,?\s+(\d{4})(?!\d)")
_WD_BEFORE = re.compile(
    r"(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)(?:\s+(?:pagi|siang|sore|malam|dini hari))?\s*,?\s*(\()?\s*$"
)
_LAW_YEAR_BEFORE = re.compile(
    # The abbreviation ends at a word edge: "pilkada serentak tahun 2024" is no SE ("se-rentak").
    r"(?:\bnomor|\bno\.?|\b(?:uu|pp|perpres|permen\w*|perbup|perda|skb|se)\b)\s*[\w./-]*\s*(?:tahun|th\.?|/)\s*$"
)
_YEAR_FAST = re.compile(r"20[12]\d(?!\d)")
_ELECTION_BEFORE = re.compile(
    r"(?:pilkada|pemilu|pilpres|pileg|pemilihan(?: umum| serentak| kepala daerah)?)\s+(?:serentak\s+)?(?:tahun\s+)?$"
)
_NEAR_BAD = re.compile(r"(?:dikutip|diakses|diperbarui|update|diunggah|published|terbit)\W*\s*$")
# A site name right before a date: an access date ("Kompas.com, 19/11/23"), unless a weekday is
# named ("dilansir dari contoh.com, Kamis (17/9/2020)"), which dates the cited report.
_SITE_BEFORE = re.compile(r"(?:\.com|\.co\.id|\.go\.id|\.id|\.net)\W*\s*$")
# "pada Senin (7/10/2024) pukul 19.30": an event with its hour, told in a sentence.
_CLOCK_IN_TEXT = re.compile(
    r"\b(?:pada|sejak|sekitar|mulai|hingga|sampai)\b[^\S\n]*(?:hari[^\S\n]+)?[a-z]*[^\S\n]*\(?$"
)
# Page chrome: a publication stamp with a clock time ("Kamis, 5 September 2024 | 10:35 WIB",
# "05/09/2024 10.35"). It dates the page, not anything the text tells.
_CLOCK_AFTER = re.compile(
    r"[^\S\n]*(?:[|,\-–—][^\S\n]*)?(?:pukul[^\S\n]+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?[^\S\n]*(?:wib|wita|wit)?\b"
)
# A date that is announced or a deadline ("nanti ... terakhir di tanggal", "akan dipanggil pada"):
# never the date of an act that was reported.
_FUTURE_NEAR = re.compile(r"\b(?:nanti|akan|dijadwalkan|paling lambat|batas waktu|tenggat|terakhir)\b[^.\n]{0,30}$")
# Who said it and when: "kata X kepada wartawan, Senin (1/1)", "ujarnya saat dikonfirmasi, Jumat
# (10/1)", "mengutip <site>, Senin". Such a date is when the reporter got the statement; for a
# violation report it is not the date of the act.
_STATEMENT_BEFORE = re.compile(
    r"(?:\b(?:kata|ujar|ucap|ungkap|jelas|tutur|terang|tegas|sebut|papar|imbuh|tambah|akui|klaim)(?:nya)?\b"
    r"|\b(?:saat|ketika|waktu|usai)\s+(?:di)?(?:konfirmasi|dikonfirmasi|dihubungi|ditemui|diwawancarai)"
    r"|\bkepada\s+(?:wartawan|awak\s+media|media|jurnalis|kompas|tribun|detik)"
    r"|\b(?:dikutip|mengutip|dilansir|melansir)\b"
    r"|\b(?:dikatakan|diungkapkan|disampaikan|dijelaskan|dikemukakan|ditegaskan)\b"
    r"|\b(?:tidak|belum|enggan)\s+(?:memberikan\s+|memberi\s+|mau\s+)?(?:respons?|jawaban|tanggapan|menjawab|merespons?)"
    r"|\b(?:mengonfirmasi|mengkonfirmasi|dimintai\s+(?:tanggapan|konfirmasi|keterangan)))"
    r"(?:[^.\n]|\.(?=[a-z])|(?<=\s[a-z])\.)*$"  # "contoh.com", "S. Wibowo": no sentence end
)
_FUTURE = re.compile(
    r"(?:hingga|sampai|nanti|akan|dijadwalkan|digelar pada|berlangsung)\s+(?:pada\s+)?(?:tanggal\s+)?$"
)


@dataclass(frozen=True)
class DateMention:
    """A parsed date with its span and how much it looks like the date of the act."""

    date: dt.date
    start: int
    end: int
    weight: float
    statement: bool = False  # dated like the attribution of a quote ("kata X, Senin (1/1)")
    future: bool = False  # announced or a deadline ("akan dipanggil pada", "nanti ... tanggal")


def _weekday_year(day: int, month: int, year: int, weekday: int) -> dt.date | None:
    for y in (year - 1, year + 1):
        try:
            date = dt.date(y, month, day)
        except ValueError:
            continue
        if date.weekday() == weekday:
            return date
    return None


def text_years(lower: str) -> list[int]:
    """Distinct election years named with an election word, else all years in the text.

    Years are found from the literal "20" (fast in ``re``); the election word is looked for
    only in the few characters before each year.
    """
    years: set[int] = set()
    election_years: set[int] = set()
    for m in _YEAR_FAST.finditer(lower):
        st = m.start()
        if st and lower[st - 1].isdigit():
            continue
        before = lower[max(0, st - 48) : st]
        tail = before.rstrip()
        if tail.endswith(("tahun", "th", "th.", "/")) and _LAW_YEAR_BEFORE.search(before) is not None:
            continue  # "PP Nomor 94 Tahun 2021": the year of a regulation, not of the events
        y = int(m.group())
        years.add(y)
        if ("pil" in before or "pemil" in before) and _ELECTION_BEFORE.search(before) is not None:
            election_years.add(y)
    return sorted(election_years or years)


def _raw_dates(
    lower: str, month_hits: list[tuple[int, int, str]]
) -> list[tuple[int, int, int, int, int | None, str | None, bool]]:
    """Candidate ``(start, end, day, month, year|None, weekday|None, parenthesised)`` in text order.

    Numeric dates are found from the "/" characters (str.find is much faster than a regex
    scan); written dates from month-name hits of the big term regex.
    """
    out = []
    pos = lower.find("/")
    while pos != -1:
        st = pos
        while st > 0 and pos - st < 2 and lower[st - 1].isdigit():
            st -= 1
        nxt = pos + 1
        if st < pos and (st == 0 or not lower[st - 1].isdigit()):
            m = _NUM_DATE.match(lower, st)
            if m is not None:
                paren = lower[st - 1 : st] == "(" or lower[st - 2 : st] == "( "
                y = m.group(3)
                if y is not None or paren:
                    year = None if y is None else (int(y) + 2000 if len(y) == 2 else int(y))
                    out.append((st, m.end(), int(m.group(1)), int(m.group(2)), year, None, paren))
                nxt = m.end()
        pos = lower.find("/", nxt)
    for s, e, word in month_hits:
        d = _DAY_BEFORE.search(lower, max(0, s - 4), s)
        if d is None:
            continue
        ym = _YEAR_AFTER.match(lower, e)
        year = int(ym.group(1)) if ym else None
        out.append((d.start(1), ym.end() if ym else e, int(d.group(1)), MONTHS[word], year, None, False))
    res = []
    for st, en, d_, mo, year, _, paren in sorted(out):
        w = _WD_BEFORE.search(lower, max(0, st - 24), st)
        res.append(
            (w.start() if w else st, en, d_, mo, year, w.group(1) if w else None, paren or bool(w and w.group(2)))
        )
    return res


def find_dates(
    lower: str, month_hits: list[tuple[int, int, str]], voting: frozenset[dt.date] = frozenset()
) -> list[DateMention]:
    """All plausible dates in text order, with a weight for 'this is the act date'.

    Weights: a weekday name (+2) and the news form "(d/m/y)" (+1) point to the report of an
    act; dates after "pada tanggal"/"hingga"/"akan" (-1.5) and election voting days (-2) are
    usually schedule talk; dates after "dikutip"/"diakses" (-3) are metadata. A yearless date
    takes the year of the text's only full-date year (or only election year); when a stated
    weekday contradicts it, the year before or after that fits the weekday, else it is dropped.
    """
    raw = [r for r in _raw_dates(lower, month_hits) if r[4] is None or 2000 <= r[4] <= 2035]
    raw = [r for r in raw if 1 <= r[2] <= 31 and 1 <= r[3] <= 12]
    if not raw:
        return []
    years_full = {r[4] for r in raw if r[4]}
    default_year = None
    if len(years_full) == 1:
        default_year = next(iter(years_full))
    elif not years_full:
        years_text = text_years(lower)
        if len(years_text) == 1:
            default_year = years_text[0]
    out: list[DateMention] = []
    for st, en, d, mo, year, wd, paren in raw:
        y = year if year is not None else default_year
        if y is None:
            continue
        try:
            date = dt.date(y, mo, d)
        except ValueError:
            continue
        if wd is not None and year is None and date.weekday() != WEEKDAYS.get(wd.replace("'", ""), -1):
            # The guessed year contradicts the stated weekday. News written before an election
            # names the election's year and dates its events without one ("Pilkada 2024 …
            # Senin (11/12)"): the year before (then the year after) is taken when the weekday
            # fits it, else the date is dropped.
            fitted = _weekday_year(d, mo, y, WEEKDAYS.get(wd.replace("'", ""), -1))
            if fitted is None:
                continue
            date = fitted
        weight = 0.0
        if wd is not None:
            weight += 2.0
        if paren:
            weight += 1.0
        if year is None:
            weight -= 0.5
        before = lower[max(0, st - 25) : st]
        if _FUTURE.search(before):
            weight -= 1.5
        if _NEAR_BAD.search(before) or (wd is None and _SITE_BEFORE.search(before)):
            weight -= 5.0  # an access or citation date, never the event
        elif _CLOCK_AFTER.match(lower, en) and not _CLOCK_IN_TEXT.search(lower, max(0, st - 30), st):
            weight -= 5.0  # a publication stamp of the page
        future = _FUTURE_NEAR.search(lower, max(0, st - 48), st) is not None
        if date in voting:
            weight -= 2.0
        statement = _STATEMENT_BEFORE.search(lower, max(0, st - 90), st) is not None
        out.append(DateMention(date, st, en, weight, statement, future))
    return out


def best_date(mentions: list[DateMention], *, skip_statements: bool = False) -> DateMention | None:
    """Highest weight wins; ties go to the earliest mention (the lead usually dates the act).

    ``skip_statements`` (case texts, where the date wanted is the act's) first passes over
    dates that only date a quote or a response and over announced dates and deadlines; when
    no other date is left, the statement or report date is the event date (the labels'
    convention: the act's date, else the date of the statement or report the text is about).
    An announced date never dates a case.
    """
    best = _best(mentions, lambda dm: not (skip_statements and (dm.statement or dm.future)))
    if best is None and skip_statements:
        best = _best(mentions, lambda dm: not dm.future)
    return best


def _best(mentions: list[DateMention], keep: Callable[[DateMention], bool]) -> DateMention | None:
    best: DateMention | None = None
    for dm in mentions:
        if dm.weight < -1.0 or not keep(dm):
            continue
        if best is None or dm.weight > best.weight:
            best = dm
    return best


@dataclass(frozen=True)
class Stage:
    """One calendar stage with the engine's stage name."""

    start: dt.date
    end: dt.date
    triage: str


@dataclass(frozen=True)
class Election:
    """An election calendar from ``reference/elections``."""

    code: str
    kind: str
    year: int
    voting: dt.date
    stages: tuple[Stage, ...]

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        return _span(self)

    def __hash__(self) -> int:
        # The code identifies a calendar; the generated hash walked every stage on each cached
        # ``stage_on``/``span`` lookup (about 1.6 µs each).
        return hash(self.code)


@lru_cache(maxsize=64)
def _span(election: Election) -> tuple[dt.date, dt.date]:
    return min(s.start for s in election.stages), max(s.end for s in election.stages)


@lru_cache(maxsize=1)
def elections() -> tuple[Election, ...]:
    """Read every calendar in ``reference/elections`` (sorted by code for determinism)."""
    out = []
    for path in sorted((REFERENCE_DIR / "elections").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        stages = tuple(
            Stage(dt.date.fromisoformat(s["start"]), dt.date.fromisoformat(s["end"]), s["triage_stage"])
            for s in raw["stages"]
            if s.get("triage_stage")
        )
        out.append(
            Election(raw["code"], raw["kind"], int(raw["year"]), dt.date.fromisoformat(raw["voting_date"]), stages)
        )
    return tuple(out)


@lru_cache(maxsize=1)
def voting_days() -> frozenset[dt.date]:
    return frozenset(e.voting for e in elections())


@lru_cache(maxsize=4096)
def stage_on(election: Election, date: dt.date) -> str | None:
    """The triage stage on a date: the shortest calendar stage that contains it, else None."""
    best: Stage | None = None
    for s in election.stages:
        if s.start <= date <= s.end and (best is None or (s.end - s.start) < (best.end - best.start)):
            best = s
    if best is not None:
        return best.triage
    start, _ = election.span
    if start - dt.timedelta(days=240) <= date < start:
        return "pra-kampanye"
    return None


def pick_election(kind: str | None, years: list[int], date: dt.date | None) -> Election | None:
    """Cached :func:`_pick_election` (the answer depends only on its small arguments)."""
    return _pick_election(kind, tuple(years), date)


@lru_cache(maxsize=4096)
def _pick_election(kind: str | None, years: tuple[int, ...], date: dt.date | None) -> Election | None:
    """Choose the election from the text's election kind, named years and the event date.

    Steps: (1) candidates are calendars of the stated kind (pilkada/pemilu), all if unknown;
    (2) a date inside (or up to 8 months before) a calendar picks it; (3) else a named year
    picks it; (4) several remaining candidates → None (unclear).
    """
    cands = [e for e in elections() if kind is None or e.kind == kind]
    if date is not None:
        inside = []
        for e in cands:
            start, end = e.span
            if start - dt.timedelta(days=240) <= date <= end + dt.timedelta(days=30):
                inside.append(e)
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            named = [e for e in inside if e.year in years]
            if len(named) == 1:
                return named[0]
            return min(inside, key=lambda e: abs((e.voting - date).days))
    named = [e for e in cands if e.year in years]
    if len(named) == 1:
        return named[0]
    if len(named) > 1 and kind is None:
        return None
    return None
