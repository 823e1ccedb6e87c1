"""The triage pipeline: ``analyze(text) -> Analysis`` and ``analyze_batch(docs)``.

Steps of ``analyze``: (1) validate input (size, binary, empty); (2) blank boilerplate,
keeping offsets; (3) lower-case once; (4) cheap language test; (5) one big term regex →
signals; (6) fast path: no ASN/election vocabulary → negative; (7) triggered regex rules;
(8) model probabilities blended with rule priors → relevant/score/kind; (9) lazy extraction
(acts, subjects, regions, date, stage, ASN count) and evidence spans.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

from . import acts_model, dates, gazetteer, handling, lexicon, model
from .cluster import Clusterer
from .context import Sentences
from .errors import Code, message
from .lexicon import ACTS, RELEVANT_KINDS, Hit
from .people import find_people
from .text import WORD_RE, language, lower_same_length, strip_boilerplate

MAX_ANALYSED = 1_000_000  # characters analysed; longer documents are truncated (flagged)
SHORT_TEXT = 700  # up to the language-test sample: one tokenisation serves language and model
HARD_LIMIT = 5_000_000  # characters; above this the document is rejected (E204)
# Control characters other than tab and line breaks: a binary file has many. They are looked for
# with one ``in`` (and counted with one ``str.count``) per character, memchr-like scans in C: about
# 4 µs on a 3 KB article where a regex search over the character class takes about 35.
_CONTROL_CHARS = tuple(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20))))
# Applied only to the few characters before an ASN term hit, never to the whole text.
_COUNT_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d{1,6})\s+(?:orang\s+)?(?:\(\s*)?$")
_APPROX_BEFORE = re.compile(r"(ribuan|ratusan|puluhan|belasan|jutaan)\s+(?:[a-z]+\s+)?$")
_APPROX = {"ribuan": 1000, "ratusan": 100, "puluhan": 10, "belasan": 11, "jutaan": 1_000_000}


@dataclass
class Analysis:
    """The triage result for one document (field names are the public JSON contract)."""

    id: str
    relevant: bool = False
    score: float = 0.0
    kind: str = "negative"
    acts: list[str] = field(default_factory=list)
    skb: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    people: list[dict[str, object]] = field(default_factory=list)
    regions: list[dict[str, object]] = field(default_factory=list)
    event_date: str | None = None
    stage: str | None = None
    asn_count: int | None = None
    asn_count_approximate: bool = False
    status: str | None = None
    sanction: str | None = None
    evidence: list[dict[str, object]] = field(default_factory=list)
    cluster: str | None = None
    error: str | None = None
    truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of this result (fresh lists and dicts: the caller may change them).

        Built field by field: ``dataclasses.asdict`` deep-copies every evidence span through a
        generic recursion and cost more than the analysis of a post.
        """
        d = self.__dict__.copy()
        for name in _LIST_FIELDS:
            d[name] = list(d[name])
        for name in _DICT_LIST_FIELDS:
            d[name] = list(map(dict, d[name]))
        for person in d["people"]:
            person["titles"] = list(person["titles"])
        return d


_LIST_FIELDS = ("acts", "skb", "subjects")
_DICT_LIST_FIELDS = ("regions", "evidence", "people")
assert {f.name for f in fields(Analysis) if f.type.startswith("list")} == {*_LIST_FIELDS, *_DICT_LIST_FIELDS}


def error_result(doc_id: str, err: str) -> Analysis:
    """An analysis with only ``id`` and ``error`` set (other fields empty)."""
    return Analysis(id=doc_id, kind="", error=err)


_EVIDENCE_SIGNALS = (
    "asn",
    "asn_role",
    "non_asn_role",
    "neutrality",
    "election",
    "candidate",
    "case_link",
    "non_asn_case",
    "violation",
    "prevention",
    "policy",
    "aggregate",
    "offtopic",
)


def _evidence(original: str, hits: dict[str, list[Hit]], extra: list[tuple[int, int, str]]) -> list[dict[str, object]]:
    """Up to two spans per signal (one per act value), plus regions/date/count spans."""
    out: list[tuple[int, int, str]] = []
    for signal in _EVIDENCE_SIGNALS:
        lst = hits.get(signal)
        if lst:
            out.append((lst[0][0], lst[0][1], signal))
            if len(lst) > 1:
                out.append((lst[1][0], lst[1][1], signal))
    acts = hits.get("act")
    if acts:
        seen_acts: set[str] = set()
        for s, e, v in acts:
            if v not in seen_acts:
                seen_acts.add(v)
                out.append((s, e, "act:" + v))
    out.extend(extra)
    out.sort()
    return [{"start": s, "end": e, "text": original[s:e], "signal": sig} for s, e, sig in out[:40]]


def _election_kind(hits: dict[str, list[Hit]]) -> str | None:
    pk = pm = 0
    for _, _, v in hits.get("election_kind", ()):
        if v == "pilkada":
            pk += 1
        elif v == "pemilu":
            pm += 1
    if pk > pm:
        return "pilkada"
    if pm > pk:
        return "pemilu"
    return None


_POLITICAL_CONTEXT = ("candidate", "campaign", "election", "election_kind")
_ELECTION_CONTEXT = ("candidate", "campaign", "election", "election_kind", "stage", "neutrality")
# Right before a social-media word: the medium through which the news spread or the reporter
# reached someone ("viral di media sosial", "dikonfirmasi melalui WhatsApp"), not an act.
_MEDIUM_BEFORE = re.compile(
    r"(?:viral|beredar|tersebar|menyebar|disebar|disebarkan|disebarluaskan|diviralkan|ramai|heboh|dihubungi"
    r"|dikonfirmasi|konfirmasi|tulisnya|katanya|ujarnya|jelasnya|pesan singkat)"
    r"\s+(?:\w+\s+){0,2}(?:di|melalui|lewat|via|ke)\s+(?:media\s+|platform\s+|aplikasi\s+|pesan\s+)?$"
)
# A support word that is the purpose or manner of another act ("mengumpulkan KTP untuk
# mendukung", "berpose mendukung"): the other act is the violation, not a statement.
_PURPOSE_BEFORE = re.compile(r"(?:untuk|demi|guna|agar|supaya|berpose|bertujuan)\s+(?:\w+\s+)?$")
# A relative's candidacy ("memilih istrinya yang mencalonkan diri"): the official did not run.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:istri|suami|anak|adik|kakak|ayah|ibu|keluarga|kerabat|menantu|ipar)(?:nya)?\s+(?:\w+\s+){0,2}(?:yang\s+)?$"
)
# Word sense: "memakai kaos paslon" wears it; "membagikan kaos" hands it out.
_WORN_BEFORE = re.compile(r"\b(?:memakai|mengenakan|pakai|pake|make|berkaos|berkaus|dipakai|dikenakan)\s+(?:\w+\s+)?$")
# Word sense: "membagikan unggahan/video/tautan" shares a post online; it hands out no goods.
_SHARE_VERBS = frozenset({"membagikan", "dibagikan", "membagi", "bagi-bagi", "bagi2", "pembagian"})
_ONLINE_AFTER = re.compile(
    r"\s+(?:ulang\s+)?(?:\w+\s+)?(?:unggahan|postingan|posting|post|video|tautan|link|konten|status|story"
    r"|reels|twit|cuitan|meme|jadwal|info|informasi)\b"
)
_SELF_POLITICAL = frozenset({"party_membership", "campaign_team"})
_NAMED_IN_PASSING = frozenset({"other", "campaign_team"})
# Support words that say only that the official backs someone: weak next to a concrete act.
_WEAK_PARTISAN = frozenset({"mendukung", "dukungan kepada", "memberikan dukungan", "memenangkan"})


def _acts(
    hits: dict[str, list[Hit]], lower: str = "", kind: str = "violation", sents: Sentences | None = None
) -> list[str]:
    """Acts whose cues add up to 2 in sentences about the people and the election.

    A rule match (a pattern such as "berpose dua jari", "hadir di kampanye paslon") is worth 2.
    A lexicon word is worth 0.5, plus 0.5 when its sentence names the people concerned (ASN,
    or the non-ASN roles for a non-ASN text), plus 0.5 when it names a candidate, campaign or
    election, plus 0.5 more when it names both: a word like "mendukung" or "mengajak" fires on
    its own only inside a sentence that ties an official to the election.

    Context that is not a reported act counts for nothing: a cue after a prohibition, a
    condition or an appeal in the same sentence ("ASN dilarang ...", "jika ada pegawai yang
    ..."), unless a contrast follows ("seharusnya netral justru ..."); any cue in a sentence
    that calls the act not allowed; a social-media word naming where the news spread ("viral
    di media sosial"); a support word that is the purpose of another act ("... untuk
    mendukung paslon"); a relative's candidacy. Plain support words count half when another
    act is found (the act is the partisan deed). The official's sentence carries into the
    next one. A pose photo that circulated online is also a post (SKB KE-05).
    """
    act_hits = hits.get("act")
    if not act_hits:
        return []
    table = lexicon.load().table
    sents = sents or Sentences(lower)
    people_signals = ("asn", "asn_role", "non_asn_role") if kind == "non_asn_neutrality" else ("asn", "asn_role")
    people = sents.having(h[0] for sig in people_signals for h in hits.get(sig, ()))
    # The next sentence usually goes on about the same official by name or pronoun.
    people |= {i + 1 for i in people}
    political = sents.having(h[0] for sig in _POLITICAL_CONTEXT for h in hits.get(sig, ()))
    score: dict[str, float] = {}
    weak: float = 0.0
    shared_online = False  # a cue that something circulated on social media
    first: dict[str, int] = {}
    for s, e, v in act_hits:
        term = " ".join(lower[s:e].split()) if lower else ""
        info = table.get(term)
        sid = sents.of(s)
        if not sents.reported(s, sid):
            continue
        if v == "candidacy_no_resign" and _RELATIVE_BEFORE.search(lower, max(0, s - 40), s):
            continue
        if info is None or ("act", v) not in info[0]:
            w = 2.0  # a rule match
        else:
            if v == "social_media" and _MEDIUM_BEFORE.search(lower, max(0, s - 40), s):
                shared_online = True
                continue
            if v == "partisan_statement" and _PURPOSE_BEFORE.search(lower, max(0, s - 24), s):
                continue
            worn = v == "distribute_goods" and _WORN_BEFORE.search(lower, max(0, s - 24), s) is not None
            if worn:
                v = "other"  # a T-shirt or cap worn is an attribute (other), not goods handed out
            elif v == "distribute_goods" and term in _SHARE_VERBS and _ONLINE_AFTER.match(lower, e):
                v = "social_media"  # sharing a post, not handing out goods
            has_people = sid in people
            # A party or a campaign team is itself political: no candidate word is needed.
            has_political = sid in political or v in _SELF_POLITICAL
            w = 0.5 + 0.5 * has_people + 0.5 * has_political + 0.5 * (has_people and has_political)
            if v in _NAMED_IN_PASSING and not worn:
                # A banner or a campaign team named in passing ("kampanye bersama tim
                # pemenangan"); putting one up or joining one is a rule match.
                w = min(w, 1.0)
            if v == "partisan_statement" and term in _WEAK_PARTISAN:
                weak += w
        score[v] = score.get(v, 0.0) + w
        first.setdefault(v, s)
    if score.get("mobilise", 0.0) >= 2.0:
        # Directing votes is itself a partisan act: a separate statement needs more evidence.
        score["partisan_statement"] = score.get("partisan_statement", 0.0) - 2.0
    elif weak and any(score.get(a, 0.0) >= 2.0 for a in ACTS if a not in ("partisan_statement", "other")):
        score["partisan_statement"] = score.get("partisan_statement", 0.0) - weak / 2
    if score.get("photo_gesture", 0.0) >= 2.0 and (shared_online or score.get("social_media", 0.0) > 0):
        # A photo with a candidate or a pose that circulates online is a public post (SKB KE-05).
        score["social_media"] = max(score.get("social_media", 0.0), 2.0)
        first.setdefault("social_media", first["photo_gesture"] + 1)  # listed after the photo
    chosen = [a for a in ACTS if score.get(a, 0.0) >= 2.0]
    return sorted(chosen, key=lambda a: first[a])


_CASE_CONTEXT = ("neutrality", "violation", "case_link", "non_asn_case", "act", "campaign", "candidate")


def _subjects(hits: dict[str, list[Hit]], kind: str, lower: str = "", sents: Sentences | None = None) -> list[str]:
    """Role values of the people whose neutrality is at issue, specific roles first.

    For violation and non-ASN texts only roles named in a sentence with a neutrality,
    violation, act or campaign cue count (a regent quoted in the same article is not a
    subject); when no role passes, all roles are used as before.
    """
    roles: list[tuple[int, str]] = []
    signals = (
        ("asn_role", "asn", "non_asn_role") if kind != "non_asn_neutrality" else ("non_asn_role", "asn_role", "asn")
    )
    for sig in signals:
        for s, _, v in hits.get(sig, []):
            roles.append((s, v))
    roles.sort()
    if lower and kind in ("violation", "non_asn_neutrality"):
        sents = sents or Sentences(lower)
        cued = sents.having(h[0] for sig in _CASE_CONTEXT for h in hits.get(sig, ()))
        in_context = [(s, v) for s, v in roles if sents.of(s) in cued]
        if in_context:
            roles = in_context
    out: list[str] = []
    counts: dict[str, int] = {}
    for _, v in roles:
        counts[v] = counts.get(v, 0) + 1
        if v not in out and v != "CPNS":
            out.append(v)
    if kind in ("prevention", "sanction_policy"):
        # An appeal or a rule addresses civil servants as a class; a named sekda or camat is
        # usually the speaker. One generic word (ASN or PNS, whichever comes first) plus PPPK;
        # non-ASN groups addressed alongside them count when repeated.
        non_asn = {v for sig in ("non_asn_role",) for _, _, v in hits.get(sig, ())}
        generic_first = next((r for r in out if r in ("ASN", "PNS")), None)
        addressed = [r for r in out if r in (generic_first, "PPPK") or (r in non_asn and counts[r] >= 2)]
        if addressed:
            return addressed[:4]
    specific = [r for r in out if r not in ("ASN", "PNS")]
    generic = [r for r in out if r in ("ASN", "PNS")]
    if kind == "violation" and specific:
        return specific[:4]  # the case names the officials; a generic "ASN" adds nothing
    return (specific[:4] + generic[:1]) if specific else generic[:2]


def _asn_count(lower: str, hits: dict[str, list[Hit]]) -> tuple[int | None, bool, tuple[int, int] | None]:
    """Number of ASN from "150 ASN" / "1.200 PNS" / "ribuan ASN" right before an ASN term."""
    approx: tuple[int, bool, tuple[int, int]] | None = None
    for s, e, _ in sorted(hits.get("asn", [])):
        lo = max(0, s - 24)
        m = _COUNT_BEFORE.search(lower, lo, s)
        if m:
            return int(m.group(1).replace(".", "")), False, (m.start(1), e)
        if approx is None:
            a = _APPROX_BEFORE.search(lower, lo, s)
            if a:
                approx = (_APPROX[a.group(1)], True, (a.start(1), e))
    if approx:
        return approx
    return None, False, None


def _stage(
    hits: dict[str, list[Hit]], lower: str, kind: str, date: dates.DateMention | None, acts: list[str] | None = None
) -> str | None:
    """``<election>[:<stage>]`` from the date and calendar, else from the text's cues.

    The election comes from the election words, the named years and the date; failing those,
    a presidential ticket names its year ("candidate" terms valued ``pemilu2019`` …). A
    regulation's year is not used (annotators leave such texts without an election). Text
    cues ("bakal calon", campaign words) decide the stage only for an undated case (a
    violation, or a non-ASN text with acts), and never for a date after the election.
    """
    ek = _election_kind(hits)
    years = dates.text_years(lower)
    if not years:
        tickets = {v for _, _, v in hits.get("candidate", ()) if v.startswith("pemilu")}
        if len(tickets) == 1:
            years = [int(next(iter(tickets))[6:])]
            ek = ek or "pemilu"
    d = date.date if date else None
    election = dates.pick_election(ek, years, d)
    if election is None:
        return None
    stage = dates.stage_on(election, d) if d else None
    case_like = kind == "violation" or (kind == "non_asn_neutrality" and bool(acts))
    after = d is not None and d > election.span[1]
    if case_like and not after and stage in (None, "pra-kampanye"):
        cues = [v for _, _, v in hits.get("stage", [])]
        if "pencalonan" in cues and not hits.get("campaign"):
            stage = "pencalonan"
        elif d is not None and stage is None and d < _campaign_start(election):
            stage = "pra-kampanye"  # dated before the campaign, between calendar stages
        elif (hits.get("campaign") or (hits.get("candidate") and "pencalonan" not in cues)) and (
            d is None or stage is None
        ):
            stage = "kampanye"
    return f"{election.code}:{stage}" if stage else election.code


ACT_SENTENCE_BONUS = 1.5
HANDLING_PENALTY = 1.0
# A date right after a handling step dates the step (a report received, a decision handed
# over, an examination), not the act.
_HANDLING_BEFORE = re.compile(
    r"\b(?:diterima|diserahkan|dilaporkan|melaporkan|laporan|rekomendasi|direkomendasikan|keputusan|menjatuhkan"
    r"|dijatuhi|dijatuhkan|diperiksa|pemeriksaan|klarifikasi|sidang|diputus|putusan|ditetapkan|diregistrasi"
    r"|registrasi|memanggil|dipanggil|diteruskan|meneruskan)\b[^.\n]{0,60}$"
)
# A press release's dateline ("Sangatta, 30 Oktober 2024 —") dates the release.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[^\S\n]*[a-z][a-z .]{1,30},[^\S\n]*$")


def _weigh_case_dates(
    mentions: list[dates.DateMention], lower: str, hits: dict[str, list[Hit]], sents: Sentences
) -> list[dates.DateMention]:
    """In a case text the act's date is wanted: a date in a sentence that tells an act gains
    ``ACT_SENTENCE_BONUS``; a date right after a handling step or in a dateline loses
    ``HANDLING_PENALTY`` (it is still the fallback when nothing else is dated)."""
    act_sents = sents.having(h[0] for h in hits.get("act", ()))
    out = []
    for dm in mentions:
        w = dm.weight
        if sents.of(dm.start) in act_sents:
            w += ACT_SENTENCE_BONUS
        before = lower[max(0, dm.start - 80) : dm.start]
        if _HANDLING_BEFORE.search(before) or _DATELINE_BEFORE.search(before):
            w -= HANDLING_PENALTY
        out.append(replace(dm, weight=w) if w != dm.weight else dm)
    return out


def _campaign_start(election: dates.Election) -> dt.date:
    """First day of the election's campaign stage (its last day when it has none)."""
    starts = [st.start for st in election.stages if st.triage == "kampanye"]
    return min(starts) if starts else election.span[1]


LEAD_CHARS = 600  # headline, dateline and lead: where news says where the event is
DATELINE_CHARS = 300  # a dateline ("BOJONEGORO —", "jpnn.com, JAKARTA -") sits at the top
CAPITAL_CODE = "31"  # DKI Jakarta: national news is filed from there
_SITE_BEFORE = re.compile(r"[a-z0-9.\-]+\.(?:com|co\.id|id|net|news)\s*[,\-—–]?\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:,|[-—–]|\()")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:dan|serta)?|dan|serta)\s*$")
LIST_MIN = 4  # a comma list of this many region names is an enumeration, not the event place


def _is_dateline(text: str, lower: str, s: int, e: int) -> bool:
    """A place name opening a news body: at a line start (or after the site name), then "," or a dash."""
    if s >= DATELINE_CHARS:
        return False
    line_start = lower.rfind("\n", 0, s) + 1
    before = lower[line_start:s]
    if before.strip() == "":
        return _DATELINE_AFTER.match(lower, e) is not None
    return _SITE_BEFORE.search(before) is not None


# A photo caption tells another moment ("Foto: Bupati Sleman meresmikan …", "(Foto: Humas)").
_CAPTION = re.compile(r"^[^\S\n]*(?:foto|ilustrasi|keterangan foto|caption|gambar|dok\.?|dokumentasi)\s*[:|/-]")


def _in_chrome_or_caption(lower: str, pos: int) -> bool:
    """The mention sits in a menu or breadcrumb line ("Home | Jateng & DIY | Nasional") or a
    photo caption line: page chrome or another event, not where this text's event is."""
    start = lower.rfind("\n", 0, pos) + 1
    end = lower.find("\n", pos)
    line = lower[start : end if end >= 0 else len(lower)]
    if line.count("|") >= 2 or line.count("»") >= 1 or line.count(" > ") >= 2:
        return True
    if _CAPTION.match(line) is not None:
        return True
    paren = lower.rfind("(", start, pos)
    return paren >= 0 and lower.startswith(("foto", "(foto"), paren + 1) and lower.find(")", paren, pos) < 0


def _listed(lower: str, ordered: list[tuple[int, int]]) -> set[int]:
    """Starts of mentions inside a list of ``LIST_MIN`` or more names joined by commas / "dan"."""
    out: set[int] = set()
    chain: list[int] = []
    prev_end = -1
    for s, e in ordered:
        if chain and prev_end >= 0 and _LIST_SEP.fullmatch(lower, prev_end, s) is None:
            if len(chain) >= LIST_MIN:
                out.update(chain)
            chain = []
        chain.append(s)
        prev_end = e
    if len(chain) >= LIST_MIN:
        out.update(chain)
    return out


def _event_regions(
    text: str, lower: str, hits: dict[str, list[Hit]], extra: list[tuple[int, int, str]], kind: str = "negative"
) -> list[dict[str, object]]:
    """Regions of the event: named in the lead, or named at least twice.

    A single passing mention deep in the body (a speaker's home province, a related
    headline that survived cleaning) is usually not where the event happened. Names glued
    to a web domain ("banten.viva.co.id") are site names, not places. Names inside a long
    comma list (a weather forecast, a list of provinces) are not counted. A dateline named
    only once is where the newsroom is: it is dropped when another place is kept, and a
    Jakarta dateline (national news) is always dropped. A relevant text with no kept place
    falls back on names written with an administrative prefix ("kabupaten Batu Bara").
    """
    names = hits.get("region_name")
    if not names:
        return []  # no gazetteer name in the text: nothing to resolve
    found = [
        (reg, s, e)
        for reg, s, e in gazetteer.find_regions(text, lower, names)
        if not (lower[e : e + 1] == "." and lower[e + 1 : e + 2].isalpha())
    ]
    if not found:
        return []
    listed = _listed(lower, [(s, e) for _, s, e in found]) if len(found) >= LIST_MIN else set()
    mentions: dict[str, list[tuple[gazetteer.Region, int, int]]] = {}
    datelines: set[str] = set()
    for reg, s, e in found:
        if s in listed or _in_chrome_or_caption(lower, s):
            continue
        if _is_dateline(text, lower, s, e):
            datelines.add(reg.code)
        mentions.setdefault(reg.code, []).append((reg, s, e))
    kept = [ms for ms in mentions.values() if ms[0][1] < LEAD_CHARS or len(ms) >= 2]
    only_dateline = {ms[0][0].code for ms in kept if len(ms) == 1 and ms[0][0].code in datelines}
    if only_dateline:
        others = [ms for ms in kept if ms[0][0].code not in only_dateline]
        kept = [ms for ms in kept if ms[0][0].code != CAPITAL_CODE or ms[0][0].code not in only_dateline]
        if others:
            kept = others
    if not kept and kind != "negative":
        kept = [ms for ms in mentions.values() if any(_typed(lower, s) for _, s, _ in ms)]
    provinces = {ms[0][0].code.split(".")[0] for ms in kept}
    kept += [ms for code, ms in mentions.items() if "." not in code and code in provinces and ms not in kept]
    out: list[dict[str, object]] = []
    for ms in sorted(kept, key=lambda v: v[0][1]):
        out.append(ms[0][0].as_dict())
        extra.extend((s, e, "region") for _, s, e in ms[:3])
    return out


def _typed(lower: str, s: int) -> bool:
    """The mention starts with an administrative prefix (the gazetteer span includes it)."""
    return lower.startswith(("kabupaten", "kab.", "kota", "provinsi", "pemkab", "pemkot", "pemprov"), s)


NEUTRALITY_PHRASES = 2  # "netralitas ASN" phrases that make a text about ASN neutrality
_PHRASE_GAP = 40  # characters between a neutrality word and an ASN word in one phrase


def _asn_neutrality_phrases(hits: dict[str, list[Hit]]) -> int:
    """Neutrality words with an ASN word within ``_PHRASE_GAP`` characters ("netralitas ASN",
    "ASN harus netral", "netralitas aparatur sipil negara")."""
    people = sorted(h[0] for sig in ("asn", "asn_role") for h in hits.get(sig, ()))
    if not people:
        return 0
    n = 0
    for s, e, _ in hits.get("neutrality", ()):
        i = bisect_left(people, s - _PHRASE_GAP)
        if i < len(people) and people[i] <= e + _PHRASE_GAP:
            n += 1
    return n


_ACTOR_WINDOW = 90  # characters before an act word searched for who does it
_ACTOR_STOP = re.compile(r"[.!?\n]")


def _actors(hits: dict[str, list[Hit]], lower: str) -> tuple[int, int]:
    """Whose case it is: (acts done by an ASN role, acts done by a non-ASN role).

    The actor of an act word is the nearest role named before it in its clause ("Camat
    Sukatani mengarahkan para kepala desa …": the camat, not the village heads he directs).
    """
    acts = hits.get("act")
    if not acts:
        return 0, 0
    roles = sorted((s, e, sig) for sig in ("asn", "asn_role", "non_asn_role") for s, e, _ in hits.get(sig, ()))
    if not roles:
        return 0, 0
    starts = [r[0] for r in roles]
    asn = non = 0
    for s, _, _ in acts:
        i = bisect_left(starts, s) - 1
        while i >= 0 and roles[i][1] > s:
            i -= 1
        if i < 0 or s - roles[i][1] > _ACTOR_WINDOW or _ACTOR_STOP.search(lower, roles[i][1], s):
            continue
        if roles[i][2] == "non_asn_role":
            non += 1
        else:
            asn += 1
    return asn, non


_DIY_VILLAGE = re.compile(r"\b(?:kalurahan|pamong kalurahan|sleman|bantul|kulon ?progo|gunung ?kidul)\b")


def _diy_lurah(hits: dict[str, list[Hit]], lower: str) -> None:
    """In the Special Region of Yogyakarta a lurah heads a village (kalurahan), not a
    kelurahan: outside the city he is a village head, whose case is not an ASN case."""
    lurah = [h for h in hits.get("asn_role", ()) if h[2] == "lurah"]
    if not lurah or "kelurahan" in lower or "kota yogyakarta" in lower or not _DIY_VILLAGE.search(lower):
        return
    hits["asn_role"] = [h for h in hits["asn_role"] if h[2] != "lurah"]
    if not hits["asn_role"]:
        del hits["asn_role"]
    hits.setdefault("non_asn_role", []).extend(lurah)
    hits["non_asn_role"].sort()


APPEAL_LEAD = 400  # headline and first paragraph
# Words of the prevention acts themselves (an appeal, a pledge, a circular, a socialisation):
# in the headline or lead they say what the text is, however much of it retells the rules.
_APPEAL_WORDS = frozenset(
    {
        "imbauan", "himbauan", "mengimbau", "menghimbau", "ikrar", "ikrar netralitas", "apel", "apel siaga",
        "deklarasi netralitas", "pakta integritas", "fakta integritas", "penandatanganan", "menandatangani",
        "sosialisasi", "sosialisasi netralitas", "surat edaran", "rakor", "rapat koordinasi", "bimtek",
    }
)  # fmt: skip


def _appeal_in_lead(hits: dict[str, list[Hit]], lower: str) -> bool:
    """A prevention act named in the headline or lead."""
    return any(
        s < APPEAL_LEAD and " ".join(lower[s:e].split()) in _APPEAL_WORDS for s, e, _ in hits.get("prevention", ())
    )


SINGLE_CASE_MIN_P = 0.1  # the model must give a violation at least this much
AGGREGATE_MAX = 3  # more aggregate cues ("sebanyak", "data", "total", "tercatat") make it a roundup


def _single_case(lower: str, hits: dict[str, list[Hit]], sents: Sentences) -> bool:
    """One case told as a fact, though the text also explains the rules or makes an appeal:
    an act reported in a sentence about an official (the act rules, which pass over
    prohibitions, conditions and appeals) and at most one aggregate cue. A statistics roundup
    counts cases; a rule explainer or an appeal reports no act."""
    if len(hits.get("aggregate", ())) > AGGREGATE_MAX:
        return False
    return bool(_acts(hits, lower, "violation", sents))


# Satpol PP taking down campaign props: routine bylaw enforcement unless the text says it
# picked sides (one pair's banners only, props put up, "tebang pilih" not denied).
_SATPOL_REMOVAL = re.compile(
    r"\b(?:men|di)?(?:copot|cabut|turun|tertib|bongkar|bersih)\w*\s+(?:\w+\s+){0,5}?"
    r"(?:apk|alat peraga|baliho|spanduk|stiker|umbul-umbul|bendera|atribut|reklame)"
    r"|\b(?:apk|alat peraga|baliho|spanduk|stiker|umbul-umbul|atribut)\w*\s+(?:\w+\s+){0,6}?"
    r"(?:udah\s+|sudah\s+|telah\s+)?(?:di|ter)(?:copot|cabut|turunkan|tertibkan|bongkar|bersihkan)\w*"
    r"|\bpenertiban\b|\bpenurunan\s+(?:apk|alat peraga|baliho|spanduk)"
)
_SATPOL_PARTISAN = re.compile(
    r"\b(?:tebang pilih|pilih kasih|berpihak|keberpihakan|selektif|diskriminatif|titipan|dibiarkan"
    r"|tidak netral|(?:hanya|cuma)\s+(?:\w+\s+){0,3}?(?:milik|punya|baliho|spanduk|apk|stiker)"
    r"|(?:tempel|menempel|pasang|memasang|dipasang|ditempel)\w*\s+(?:\w+\s+){0,2}?(?:stiker|baliho|spanduk|apk|atribut))"
)
_NEGATED_BEFORE = re.compile(r"(?:tidak ada|tidak|tanpa|bukan|tak ada|tak)\s+$")


def _routine_enforcement(lower: str, hits: dict[str, list[Hit]]) -> bool:
    """Satpol PP (the only officials named) removing campaign props with no sign of taking sides."""
    if "satpol" not in lower or "asn" in hits:
        return False
    roles = hits.get("asn_role", ())
    if not roles or any(h[2] != "Satpol PP" for h in roles) or not _SATPOL_REMOVAL.search(lower):
        return False
    return not any(
        not _NEGATED_BEFORE.search(lower, max(0, m.start() - 12), m.start()) for m in _SATPOL_PARTISAN.finditer(lower)
    )


def _blend(probs: dict[str, float], hits: dict[str, list[Hit]], lower: str = "") -> dict[str, float]:
    """Rule priors on top of the model: no ASN word → relevant kinds unlikely (very unlikely
    when the only people named are non-ASN roles); acts done by an ASN role and none by a
    non-ASN role make a non-ASN reading unlikely, and the other way round; etc."""
    p = dict(probs)
    if lower and _routine_enforcement(lower, hits):
        for k in RELEVANT_KINDS:
            p[k] *= 0.05
        p["non_asn_neutrality"] *= 0.2
        p["negative"] += 1.0
    if lower and "non_asn_role" in hits:
        by_asn, by_non = _actors(hits, lower)
        if by_asn and not by_non:
            p["non_asn_neutrality"] *= 0.2
        elif by_non and not by_asn:
            for k in RELEVANT_KINDS:
                p[k] *= 0.5
    has_asn = "asn" in hits or "asn_role" in hits
    if not has_asn:
        # Only village heads, TNI/Polri or election staff named: the text is about them.
        damp = 0.02 if "non_asn_role" in hits else 0.1
        for k in RELEVANT_KINDS:
            p[k] *= damp
    elif "non_asn_role" in hits and "case_link" not in hits:
        # Non-ASN roles dominate and no ASN is tied to a case: likely a text about them.
        n_non = len(hits["non_asn_role"])
        if n_non >= 3 and n_non >= 3 * (len(hits.get("asn", ())) + len(hits.get("asn_role", ()))):
            for k in RELEVANT_KINDS:
                p[k] *= 0.3
    if "non_asn_role" not in hits:
        p["non_asn_neutrality"] *= 0.2
    if not any(sig in hits for sig in _ELECTION_CONTEXT):
        # Neither an election, a candidate, a campaign nor neutrality: not about elections.
        for k in RELEVANT_KINDS:
            p[k] *= 0.1
        p["non_asn_neutrality"] *= 0.1
        p["negative"] += 1.0  # whatever the model's confidence in a kind
    if "neutrality" not in hits and "case_link" not in hits and "act" not in hits:
        for k in RELEVANT_KINDS:
            p[k] *= 0.5
        p["non_asn_neutrality"] *= 0.5
    elif has_asn and "election" in hits and _asn_neutrality_phrases(hits) >= NEUTRALITY_PHRASES:
        # "netralitas ASN" said again and again in an election text: the text is about ASN
        # neutrality by definition, whatever its generic news vocabulary suggests.
        p["negative"] *= 0.25
    tot = sum(p.values()) or 1.0
    return {k: v / tot for k, v in p.items()}


# The kinds ``kind`` is chosen from, sorted once (ties go to the first in sorted order).
_RELEVANT_POOL = tuple(sorted(RELEVANT_KINDS))
_NEGATIVE_POOL = ("negative", "non_asn_neutrality")


_DOMAIN_SIGNALS = ("election", "candidate", "campaign", "neutrality", "asn", "asn_role", "non_asn_role")


def _domain_words(hits: dict[str, list[Hit]]) -> int:
    """Distinct election and official words found: two make a text worth analysing whatever
    its language mix."""
    return len({v for sig in _DOMAIN_SIGNALS for _, _, v in hits.get(sig, ())}) >= 2


def analyze(text: str, doc_id: str = "-") -> Analysis:
    """Analyse one document. Never raises for bad input: problems go to ``error``."""
    return _analyze(text, doc_id)[0]


def _analyze(text: str, doc_id: str, want_words: bool = False) -> tuple[Analysis, list[str] | None]:
    """``analyze``, also returning the words of the cleaned lower-case text when ``want_words``
    (None on error), so a batch sketches near-duplicates from the words the model already
    read instead of cleaning and tokenising the text again."""
    if not isinstance(text, str):
        return error_result(doc_id, message(Code.E206)), None
    if len(text) > HARD_LIMIT:
        err = message(Code.E204, size=len(text.encode("utf-8", "replace")), limit=HARD_LIMIT)
        return error_result(doc_id, err), None
    if not text or text.isspace():
        return error_result(doc_id, message(Code.E201)), None
    sample = text[:4096]
    if "\x00" in sample or (
        any(map(sample.__contains__, _CONTROL_CHARS))
        and sum(map(sample.count, _CONTROL_CHARS)) > max(8, len(sample) // 100)
    ):
        return error_result(doc_id, message(Code.E202)), None
    truncated = len(text) > MAX_ANALYSED
    if truncated:
        text = text[:MAX_ANALYSED]
    clean, _ = strip_boilerplate(text)
    lower = lower_same_length(clean)
    # A short text is tokenised once, for both the language test and the model's words.
    tokens = WORD_RE.findall(lower) if len(lower) <= SHORT_TEXT else None
    lang = language(lower, tokens=tokens)
    if lang.looks_english:
        return error_result(doc_id, message(Code.E301, id_hits=lang.id_hits, en_hits=lang.en_hits)), None
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, lower)
    if not lang.indonesian and not _domain_words(hits):
        # A post in Javanese, Sundanese or Banjar with few Indonesian function words is still
        # analysed when it names the election or an official ("Pak Kadis … nomer 3 … #Pilkada2024").
        return error_result(doc_id, message(Code.E302, tokens=lang.tokens)), None
    res = Analysis(id=doc_id, truncated=truncated)
    topical = "election" in hits or "neutrality" in hits or "candidate" in hits or "campaign" in hits
    people = "asn" in hits or "asn_role" in hits or "non_asn_role" in hits
    if not topical and not people:
        # Fast path: a text with neither election nor civil-servant vocabulary cannot be
        # relevant. (A text with one of them goes to the model: social-media posts name an
        # office without a civil-servant word, or a candidate without an election word.)
        res.score = 0.02 if (topical or people) else 0.005
        extra_fast: list[tuple[int, int, str]] = []
        if "region_name" in hits:
            res.regions = _event_regions(text, lower, hits, extra_fast)
        best_fast = dates.best_date(dates.find_dates(lower, hits.get("month", []), dates.voting_days()))
        if best_fast is not None:
            res.event_date = best_fast.date.isoformat()
            extra_fast.append((best_fast.start, best_fast.end, "event_date"))
        keep = {k: v for k, v in hits.items() if k in ("election", "asn", "asn_role")}
        res.evidence = _evidence(text, keep, extra_fast)
        return res, (tokens if tokens is not None else WORD_RE.findall(lower)) if want_words else None
    lexicon.apply_rules(lex, lower, fired, hits)
    _diy_lurah(hits, lower)
    if tokens is None:
        head = WORD_RE.findall(lower, 0, model.WORD_WINDOW)  # the model's words; the rest only for sketching
        if want_words:
            tokens = head + WORD_RE.findall(lower, model.WORD_WINDOW)
    else:
        head = tokens
    features = model.doc_features(lower, hits, head)
    probs = _blend(model.load().predict_features(features), hits, lower)
    score = sum(map(probs.__getitem__, RELEVANT_KINDS))
    relevant = score >= 0.5
    kind = max(_RELEVANT_POOL if relevant else _NEGATIVE_POOL, key=probs.__getitem__)
    sents: Sentences | None = None
    if kind in ("sanction_policy", "prevention") and probs["violation"] >= SINGLE_CASE_MIN_P:
        sents = Sentences(lower)
        if _single_case(lower, hits, sents):
            kind = "violation"
    elif kind == "sanction_policy" and _appeal_in_lead(hits, lower):
        kind = "prevention"
    res.relevant, res.score, res.kind = relevant, round(score, 4), kind
    extra: list[tuple[int, int, str]] = []
    if kind in ("violation", "non_asn_neutrality"):
        sents = sents or Sentences(lower)
        res.acts = _acts(hits, lower, kind, sents)
        if kind == "violation":
            # The act tagger reads the text's features and the rules' verdicts; rule acts it
            # keeps stay in their order of first mention, the ones it adds follow.
            act_probs = acts_model.load().probabilities_doc(features, res.acts)
            kept = [a for a in res.acts if act_probs[a] >= acts_model.VETO]
            res.acts = kept + [a for a in ACTS if a not in kept and act_probs[a] >= acts_model.THRESHOLD]
        skb: list[str] = []
        for a in res.acts:
            for c in lex.skb.get(a, ()):
                if c not in skb:
                    skb.append(c)
        res.skb = skb
    if kind == "violation" or (kind == "non_asn_neutrality" and res.acts):
        assert sents is not None
        res.status, cue, sanction = handling.handling(sents)
        if cue is not None:
            extra.append((cue[0], cue[1], "status:" + res.status))
        if sanction is not None:
            res.sanction = " ".join(text[sanction[0] : sanction[1]].split())
            extra.append((sanction[0], sanction[1], "sanction"))
    if kind != "negative":
        res.subjects = _subjects(hits, kind, lower, sents)
    if kind == "violation" or (kind == "non_asn_neutrality" and res.acts):
        assert sents is not None
        res.people, spans = find_people(clean, lower, hits, sents)
        extra.extend((ps, pe, "person") for ps, pe in spans)
    res.regions = _event_regions(text, lower, hits, extra, kind)
    # Every kind is dated, negatives included: the date of the event, statement or report the
    # text is about (the labels' convention).
    mentions = dates.find_dates(lower, hits.get("month", []), dates.voting_days())
    if sents is not None and len(mentions) > 1:
        mentions = _weigh_case_dates(mentions, lower, hits, sents)
    best = dates.best_date(mentions, skip_statements=kind in ("violation", "non_asn_neutrality"))
    if best is not None:
        res.event_date = best.date.isoformat()
        extra.append((best.start, best.end, "event_date"))
    res.stage = _stage(hits, lower, kind, best, res.acts)
    cnt, approx, span = _asn_count(lower, hits)
    if cnt is not None and span is not None:
        res.asn_count, res.asn_count_approximate = cnt, approx
        extra.append((span[0], span[1], "asn_count"))
    res.evidence = _evidence(text, hits, extra)
    return res, tokens if want_words else None


Doc = tuple[str, str] | dict[str, Any] | Analysis


def analyze_batch(docs: Iterable[Doc]) -> Iterator[Analysis]:
    """Analyse documents in order and mark near-duplicates (``cluster`` = first such id).

    ``docs`` items are ``(id, text)`` pairs, ``{"id", "text"}`` dicts, or ready-made error
    ``Analysis`` objects (from input parsing) that are passed through unchanged.
    """
    clusterer = Clusterer()
    for i, doc in enumerate(docs):
        if isinstance(doc, Analysis):
            yield doc
            continue
        if isinstance(doc, dict):
            doc_id = str(doc.get("id", i))
            text = doc.get("text")
        else:
            doc_id, text = doc
        if not isinstance(text, str):
            yield error_result(doc_id, message(Code.E206))
            continue
        try:
            res, tokens = _analyze(text, doc_id, want_words=True)
        except Exception as exc:  # noqa: BLE001 - one document's bug must not end a batch of 100,000
            yield error_result(doc_id, message(Code.E208, detail=type(exc).__name__))
            continue
        if tokens is not None:
            res.cluster = clusterer.add_tokens(doc_id, tokens)
        yield res
