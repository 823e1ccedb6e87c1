"""Lexicons and regex rules, compiled once into a few big patterns.

The signal vocabulary (``SIGNALS``) and the act vocabulary (``ACTS``) are closed sets: a data
file that names anything else is rejected at load time (E105), so a typo cannot silently
create a signal no code reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from . import dates, gazetteer
from .data import PACKAGE_DIR, compile_checked, is_normalised, read_jsonl, read_tsv
from .errors import Code, DataFileError
from .lang.id import ABBREVIATIONS
from .text import trie_regex

SIGNALS: frozenset[str] = frozenset(
    {
        "asn",
        "asn_role",
        "non_asn_role",
        "neutrality",
        "election",
        "election_kind",
        "campaign",
        "candidate",
        "stage",
        "watchdog",
        "violation",
        "prevention",
        "policy",
        "aggregate",
        "offtopic",
        "act",
        "case_link",
        "non_asn_case",
    }
)
# Signals the package adds itself (not allowed in data files): gazetteer names and date words,
# folded into the same big regex so one pass over the text finds everything.
INTERNAL_SIGNALS: frozenset[str] = frozenset({"region_name", "month", "weekday"})
ACTS: tuple[str, ...] = (
    "social_media",
    "photo_gesture",
    "attend_campaign",
    "campaign_team",
    "state_facilities",
    "mobilise",
    "distribute_goods",
    "candidacy_no_resign",
    "partisan_statement",
    "party_membership",
    "other",
)
KINDS: tuple[str, ...] = ("violation", "prevention", "sanction_policy", "non_asn_neutrality", "negative")
RELEVANT_KINDS: frozenset[str] = frozenset({"violation", "prevention", "sanction_policy"})
STAGES: tuple[str, ...] = ("pencalonan", "pra-kampanye", "kampanye", "masa-tenang", "pemungutan", "rekapitulasi")

Hit = tuple[int, int, str]  # start, end (offsets into the original text), value


@dataclass(frozen=True)
class Rule:
    """A regex rule from ``rules/*.jsonl``, tried only at the start of one of its triggers."""

    id: str
    signal: str
    value: str
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]


@dataclass
class Lexicon:
    """Everything the scanner needs, built from the data files."""

    term_signals: dict[str, tuple[tuple[str, str], ...]]
    term_regex: re.Pattern[str]
    rules: tuple[Rule, ...]
    triggers: dict[str, tuple[int, ...]]
    skb: dict[str, tuple[str, ...]]
    version: str = field(default="")
    # term -> (its (signal, value) pairs, the rule indexes it triggers or None): one dict
    # lookup per match in ``scan``.
    table: dict[str, tuple[tuple[tuple[str, str], ...], tuple[int, ...] | None]] = field(default_factory=dict)
    # ``term_regex`` split in two for speed, same matches: a term at offset 0, and one
    # separator character followed by a term. A pattern that begins with a character class
    # lets ``re`` skip to candidate positions with its fast charset scan; the leading
    # ``(?:^|[^a-z0-9])`` alternation made it try the whole pattern at every character.
    term_at_start: re.Pattern[str] | None = None
    term_after_sep: re.Pattern[str] | None = None


def _load_terms() -> dict[str, list[tuple[str, str]]]:
    path = PACKAGE_DIR / "lexicons" / "terms.tsv"
    rows = read_tsv(path, 3, key_columns=2, known={1: SIGNALS}, optional_columns=(2,))
    out: dict[str, list[tuple[str, str]]] = {}
    for term, signal, value in rows:
        if signal == "act" and value not in ACTS:
            raise DataFileError(Code.E105, path=str(path), line=0, entry=value, known=", ".join(ACTS))
        if signal == "stage" and value not in STAGES:
            raise DataFileError(Code.E105, path=str(path), line=0, entry=value, known=", ".join(STAGES))
        out.setdefault(term, []).append((signal, value))
    # An act phrase that contains a campaign/candidate word ("ikut kampanye", "juru kampanye")
    # also says "campaign": the longest-match scan would otherwise hide that word.
    for term, sigs in out.items():
        if " " not in term or not any(sig == "act" for sig, _ in sigs):
            continue
        have = {sig for sig, _ in sigs}
        for word in term.split():
            for sig, value in out.get(word, ()):
                if sig in ("campaign", "candidate") and sig not in have:
                    sigs.append((sig, value))
                    have.add(sig)
    # Abbreviations: an expansion inherits the signals of its abbreviation and vice versa.
    for abbr, expansion in ABBREVIATIONS.items():
        a, e = out.get(abbr), out.get(expansion)
        if a and not e:
            out[expansion] = list(a)
        elif e and not a:
            out[abbr] = list(e)
    return out


def _load_rules() -> tuple[Rule, ...]:
    path = PACKAGE_DIR / "rules" / "patterns.jsonl"
    rules: list[Rule] = []
    seen: set[str] = set()
    for lineno, obj in read_jsonl(path):
        rid, signal, value, pattern = (obj.get(k) for k in ("id", "signal", "value", "pattern"))
        triggers = obj.get("triggers")
        if not all(isinstance(x, str) and x for x in (rid, signal, value, pattern)):
            raise DataFileError(Code.E102, path=str(path), line=lineno, detail="need string id, signal, value, pattern")
        if not isinstance(triggers, list) or not triggers or not all(isinstance(t, str) for t in triggers):
            raise DataFileError(Code.E102, path=str(path), line=lineno, detail="need a non-empty list of triggers")
        for t in triggers:
            if not is_normalised(t):
                raise DataFileError(Code.E104, path=str(path), line=lineno, entry=t)
        if len(set(triggers)) != len(triggers):
            raise DataFileError(Code.E103, path=str(path), line=lineno, entry=",".join(triggers))
        assert isinstance(rid, str) and isinstance(signal, str) and isinstance(value, str) and isinstance(pattern, str)
        if rid in seen:
            raise DataFileError(Code.E103, path=str(path), line=lineno, entry=rid)
        seen.add(rid)
        if signal not in SIGNALS:
            raise DataFileError(Code.E105, path=str(path), line=lineno, entry=signal, known=", ".join(sorted(SIGNALS)))
        if signal == "act" and value not in ACTS:
            raise DataFileError(Code.E105, path=str(path), line=lineno, entry=value, known=", ".join(ACTS))
        rules.append(Rule(rid, signal, value, compile_checked(pattern, path, lineno), tuple(triggers)))
    return tuple(rules)


def _load_skb() -> dict[str, tuple[str, ...]]:
    path = PACKAGE_DIR / "lexicons" / "skb_map.tsv"
    rows = read_tsv(path, 2, known={0: ACTS}, normalise_columns=(0,))
    code_re = re.compile(r"^(?:KE-0[1-7]|D-(?:0[1-9]|1[0-3]))$")
    out: dict[str, tuple[str, ...]] = {}
    for lineno, (act, codes) in enumerate(rows, start=2):
        parts = tuple(codes.split(","))
        for c in parts:
            if not code_re.match(c):
                raise DataFileError(Code.E105, path=str(path), line=lineno, entry=c, known="KE-01..KE-07, D-01..D-13")
        out[act] = parts
    return out


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Load and validate all lexicon data once per process."""
    terms = _load_terms()
    for name in gazetteer.load().by_name:
        terms.setdefault(name, []).append(("region_name", name))
    for word in dates.MONTHS:
        terms.setdefault(word, []).append(("month", word))
    for word in dates.WEEKDAYS:
        terms.setdefault(word, []).append(("weekday", word))
    rules = _load_rules()
    triggers: dict[str, list[int]] = {}
    for i, r in enumerate(rules):
        for t in r.triggers:
            triggers.setdefault(t, []).append(i)
    # A term may be followed by digits: hashtags glue the year on ("#pilkada2024", "#pemilu2024").
    term_body = "(" + trie_regex(sorted(set(terms) | set(triggers))) + r")(?:nya|lah|kah)?(?![a-z])"
    term_regex = re.compile(r"(?:^|[^a-z0-9])" + term_body)
    term_signals = {k: tuple(v) for k, v in terms.items()}
    trig = {k: tuple(v) for k, v in triggers.items()}
    table = {t: (term_signals.get(t, ()), trig.get(t)) for t in set(term_signals) | set(trig)}
    return Lexicon(
        term_signals=term_signals,
        term_regex=term_regex,
        rules=rules,
        triggers=trig,
        skb=_load_skb(),
        table=table,
        term_at_start=re.compile(term_body),
        term_after_sep=re.compile(r"[^a-z0-9]" + term_body),
    )


def scan(lex: Lexicon, lower: str) -> tuple[dict[str, list[Hit]], list[tuple[int, tuple[int, ...]]]]:
    """One pass of the big term regex: hits grouped by signal, plus rule-trigger positions."""
    hits: dict[str, list[Hit]] = {}
    fired: list[tuple[int, tuple[int, ...]]] = []
    get = lex.table.get
    assert lex.term_at_start is not None and lex.term_after_sep is not None
    # The matches of ``term_regex``: a term at offset 0 first, then the search goes on from
    # its end (or from 0), exactly where ``finditer`` would have gone on.
    first = lex.term_at_start.match(lower)
    matches = lex.term_after_sep.finditer(lower, first.end() if first is not None else 0)
    for m in matches if first is None else chain((first,), matches):
        term = m[1]
        info = get(term)
        if info is None:  # a multi-word term written with a line break or several spaces
            info = get(" ".join(term.split()))
            if info is None:
                continue
        s, e = m.span(1)
        pairs, rules = info
        for signal, value in pairs:
            lst = hits.get(signal)
            if lst is None:
                hits[signal] = [(s, e, value)]
            else:
                lst.append((s, e, value))
        if rules is not None:
            fired.append((s, rules))
    return hits, fired


def apply_rules(lex: Lexicon, lower: str, fired: list[tuple[int, tuple[int, ...]]], hits: dict[str, list[Hit]]) -> None:
    """Try each triggered rule anchored at its trigger; add a hit per match (lazy: only past the fast path)."""
    rules = lex.rules
    for start, idxs in fired:
        for i in idxs:
            r = rules[i]
            m = r.pattern.match(lower, start)
            if m is not None:
                hits.setdefault(r.signal, []).append((m.start(), m.end(), r.value))
