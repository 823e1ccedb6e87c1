"""Sentence context of a cue: which sentence it is in, and whether that sentence reports a
fact or states a rule, a condition or an appeal.

Acts and handling steps are both read this way: "ASN dilarang ikut kampanye" is not an act,
and "jika terbukti, akan dijatuhi sanksi" is not a sanction.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

_SENT_END = re.compile(r"[.!?\n]+")  # a run of ends (". \n" is one end)

# Cues that make a sentence normative or hypothetical: what follows them in the sentence is a
# rule ("ASN dilarang berfoto dengan pose jari"), a condition ("jika ada pegawai yang mengajak
# warga ...") or an appeal, not a reported fact.
_NORMATIVE = re.compile(
    r"\b(?:dilarang|larangan|melarang|tidak boleh|tak boleh|tidak diperbolehkan|tidak dibenarkan"
    r"|jangan(?! lupa)|sebaiknya|hendaknya|kalau bisa|kalo bisa"
    r"|kalau ada|jika ada|bila ada|apabila|jikalau|seandainya|jika terbukti|bila terbukti|jika kedapatan"
    r"|jika ditemukan|agar tidak|untuk tidak|supaya tidak|seharusnya|semestinya|mestinya|sepatutnya"
    r"|mengimbau|diimbau|imbauan|himbauan|menghimbau|mengingatkan|diingatkan|dapat dinilai|dapat dikategorikan"
    r"|bisa dikategorikan|bentuk pelanggaran|jenis pelanggaran|contoh pelanggaran|misalnya"
    r"|contohnya|entah|dapat dikenai|dapat dikenakan|akan dikenai|akan dikenakan|diancam|berpotensi"
    # Permissive and hedged: "ASN boleh hadir untuk mendengarkan visi misi", "kalau benar ..."
    r"|boleh|diperbolehkan|dibolehkan|diizinkan|kalau benar|jika benar|bila benar|apabila benar|seandainya benar"
    r"|belum tentu|benarkah|apakah)\b"
)
# "ASN yang seharusnya netral justru ikut kampanye": a contrast after the cue reports the act.
_CONTRAST = re.compile(r"\b(?:justru|malah|malahan|namun|tetapi|tapi|nyatanya|ternyata)\b")
# Said of an act anywhere in its sentence, these make the sentence a rule ("menyukai unggahan
# calon tidak dibenarkan dan bisa menjadi pelanggaran"), wherever the act word stands.
_RULE_PREDICATE = re.compile(
    r"\b(?:tidak dibenarkan|tidak diperbolehkan|tidak diperkenankan|(?:bisa|dapat) (?:jadi|menjadi) pelanggaran"
    r"|(?:bisa|dapat) dinilai|(?:bisa|dapat) (?:kena|dikenai|dikenakan) sanksi)\b"
)
_NONE = 10**12


class Sentences:
    """Sentence ends (".", "!", "?", line break) of one lower-cased text, found once; a
    position's sentence is the number of ends before it."""

    def __init__(self, lower: str) -> None:
        self.lower = lower
        self.ends = [m.start() for m in _SENT_END.finditer(lower)]
        self._cues: dict[int, int] = {}

    def of(self, pos: int) -> int:
        return bisect_left(self.ends, pos)

    def having(self, starts: Iterable[int]) -> set[int]:
        ends = self.ends
        return {bisect_left(ends, p) for p in starts}

    def bounds(self, sid: int) -> tuple[int, int]:
        """Start and end offsets of sentence ``sid``."""
        ends = self.ends
        start = ends[sid - 1] + 1 if sid > 0 else 0
        return start, ends[sid] if sid < len(ends) else len(self.lower)

    def window(self, first: int, last: int) -> tuple[int, int]:
        """Start of sentence ``first`` and end of sentence ``last``, both clamped to the text."""
        return self.bounds(max(first, 0))[0], self.bounds(min(last, len(self.ends)))[1]

    def _normative_cue(self, sid: int) -> int:
        """Start of the sentence's first normative cue; -1 when the whole sentence is a rule."""
        cue = self._cues.get(sid)
        if cue is None:
            start, stop = self.bounds(sid)
            m = _NORMATIVE.search(self.lower, start, stop)
            cue = m.start() if m else _NONE
            if _RULE_PREDICATE.search(self.lower, start, stop):
                cue = -1
            self._cues[sid] = cue
        return cue

    def reported(self, pos: int, sid: int | None = None) -> bool:
        """False when the cue at ``pos`` follows a prohibition, condition or appeal in its
        sentence (unless a contrast word comes between), or its sentence calls it not allowed."""
        cue = self._normative_cue(self.of(pos) if sid is None else sid)
        return not (cue < pos and (cue < 0 or not _CONTRAST.search(self.lower, cue, pos)))
