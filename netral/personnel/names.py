"""Person names as reporters write them: titles stripped, spelling folded, phonetic keys.

`normalize_name` gives what ``ASN.name_normalized`` stores and fuzzy scoring compares:
"Drs. H. Edi Hariono, M.Si" → "edi hariono". `name_keys` gives one short phonetic key per
token ("hariono" and "haryono" both → "hrn"), the blocking index that lets look-up search a
few thousand candidates instead of millions of names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Titles written before the name (academic, religious, honorific, and the "Pak"/"Bu" of
# reporters' speech). Compared without dots.
PREFIX_TITLES = frozenset(
    {"prof", "dr", "drs", "dra", "ir", "h", "hj", "kh", "hc", "drg", "ust", "ustadz", "ustazah", "ns"}
    | {"pak", "bapak", "bpk", "bu", "ibu", "sdr", "sdri", "saudara", "saudari"}
)
# Degrees written after the name (with or without dots). Compared without dots.
SUFFIX_TITLES = frozenset(
    {
        # bachelor (S1) and diploma
        "se", "sh", "st", "sp", "ssi", "spd", "spdi", "sag", "sip", "ssos", "skom", "skm", "sked", "sfarm",
        "sstp", "stp", "sikom", "spsi", "shut", "spi", "sth", "ssn", "sds", "sgz", "sia", "sak",
        "sap", "shi", "sei", "sthi", "sn", "skep", "ssit", "str", "strkeb", "sst", "ssy", "sh i",
        "amd", "amdkep", "amdkeb", "amk", "amkeb", "apt", "lc", "ba", "bsc",
        # master (S2) and doctorate
        "msi", "mm", "mh", "mpd", "mt", "mkes", "msc", "mba", "ma", "map", "mip", "mkom", "mag", "mak",
        "mse", "mpa", "mp", "mhum", "msos", "mars", "mkm", "mpdi", "mhi", "mei", "mtp", "me", "mph",
        "phd", "dr", "ssipm", "sm", "mpsi", "mkn", "llm", "cpa", "ak", "ca", "spog", "spa", "sppd", "sprad",
    }
)  # fmt: skip
# Abbreviations written for a whole name part, folded so "Muh." finds "Muhammad".
ABBREVIATIONS = {
    "muh": "muhammad",
    "moh": "muhammad",
    "mohd": "muhammad",
    "muhd": "muhammad",
    "mhd": "muhammad",
    "mochammad": "muhammad",
    "mohammad": "muhammad",
    "mohamad": "muhammad",
    "muhamad": "muhammad",
    "mochamad": "muhammad",
    "abd": "abdul",
}

_NON_WORD = re.compile(r"[^a-z0-9.]")  # commas, hyphens, slashes… become spaces
# A degree written with dots: "s.stp.", "m.si", "a.md.kep", "s.e".
_DOTTED_DEGREE = re.compile(r"^[a-z]{1,4}\.[a-z.]*$")


def _fold(text: str) -> str:
    """Lower-case ASCII: accents removed, apostrophes dropped (Ma'ruf → maruf), commas/hyphens → space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "").replace("`", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _bare(token: str) -> str:
    return token.replace(".", "")


def _is_suffix_title(token: str) -> bool:
    bare = _bare(token)
    return bare in SUFFIX_TITLES or (bool(_DOTTED_DEGREE.match(token)) and len(bare) <= 6 and bare != "")


@lru_cache(maxsize=200_000)  # name parts repeat a lot across millions of rows
def _token(token: str) -> tuple[str, bool, bool]:
    """(the word it stands for, is a prefix title, is a suffix degree) of one folded name part."""
    bare = _bare(token)
    return ABBREVIATIONS.get(bare, bare), bare in PREFIX_TITLES, _is_suffix_title(token)


_GLUED_TITLES = re.compile(r"^([a-z]{1,4}\.)+[a-z]")
_DOT_BEFORE_LETTER = re.compile(r"\.(?=[a-z])")


def normalize_name(name: str) -> str:
    """Name for matching: lower-case, titles before and degrees after removed, punctuation gone.

    Titles are only stripped at the ends of the name, so a name part that happens to equal a
    title in the middle ("Siti Ma Rahayu") stays. A name made only of titles is kept as is.
    """
    folded = _fold(name or "")
    # Separate glued titles like "Drs.H.Edi" → "drs. h. edi".
    if _GLUED_TITLES.match(folded):
        folded = _DOT_BEFORE_LETTER.sub(". ", folded)
    parts = [_token(t) for t in folded.split(" ") if t.strip(".")]
    start, end = 0, len(parts)
    while start < end and parts[start][1]:
        start += 1
    while end > start + 1 and parts[end - 1][2]:
        end -= 1
    return " ".join([word for word, _prefix, _suffix in (parts[start:end] or parts) if word])


# Spelling variants of Indonesian names (old and new orthography, foreign letters).
_SPELLING = [
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("ch", "k"),
    ("kh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("q", "k"),
    ("x", "ks"),
    ("v", "f"),
    ("z", "s"),
    ("y", "i"),
]
_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=100_000)  # name parts repeat a lot across millions of rows
def phonetic_key(token: str) -> str:
    """A short key that survives common typos and spelling variants of one name part.

    First letter kept (vowels folded to "a"), then consonants only, "h" dropped, repeats
    collapsed: hariono/haryono → "hrn", edi/eddy/edy → "ad", muhammad/mohamad → "mmd" → "md".
    """
    word = "".join(ch for ch in token.lower() if ch.isalpha())
    if not word:
        return ""
    for old, new in _SPELLING:
        word = word.replace(old, new)
    first = "a" if word[0] in _VOWELS else word[0]
    rest = [ch for ch in word[1:] if ch not in _VOWELS and ch != "h"]
    key = first
    for ch in rest:
        if ch != key[-1]:
            key += ch
    return key[:24]


def name_keys(normalized: str) -> list[str]:
    """Distinct phonetic keys of a normalized name's parts (single letters are initials: skipped)."""
    keys: list[str] = []
    for token in normalized.split():
        if len(token) < 2:
            continue
        key = phonetic_key(token)
        if key and key not in keys:
            keys.append(key)
    return keys
