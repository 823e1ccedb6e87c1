"""Evidence highlighting: escape the text first, then wrap the engine's spans in ``<mark>``.

Nothing from the text is ever trusted as markup; only the ``<mark>`` tags we add are HTML.
Overlapping spans (a region inside a "case link" phrase) are merged into one mark whose
title lists every signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from netral.monitoring.choices import Act, Handling

SIGNAL_LABELS: dict[str, Any] = {
    "asn": _("ASN"),
    "asn_role": _("jabatan ASN"),
    "non_asn_role": _("pihak non-ASN"),
    "neutrality": _("netralitas"),
    "election": _("pemilihan"),
    "candidate": _("calon"),
    "campaign": _("kampanye"),
    "case_link": _("kaitan perkara"),
    "non_asn_case": _("perkara non-ASN"),
    "violation": _("pelanggaran"),
    "prevention": _("pencegahan"),
    "policy": _("aturan/sanksi"),
    "aggregate": _("statistik"),
    "offtopic": _("di luar topik"),
    "region": _("wilayah"),
    "event_date": _("tanggal kejadian"),
    "asn_count": _("jumlah ASN"),
    "sanction": _("sanksi"),
    "person": _("terlapor"),
}


def signal_label(signal: str) -> str:
    if signal.startswith("act:"):
        act = signal[4:]
        label = dict(Act.choices).get(act, act)
        return f"{_('perbuatan')}: {label}"
    if signal.startswith("status:"):
        status = signal[7:]
        prefix = _("penanganan")
        return f"{prefix}: {dict(Handling.choices).get(status, status)}"
    return str(SIGNAL_LABELS.get(signal, signal))


def _segments(spans: Iterable[Mapping[str, Any]], length: int) -> list[tuple[int, int, list[str]]]:
    """Merge overlapping spans into disjoint segments, each with the signals it carries."""
    cleaned: list[tuple[int, int, str]] = []
    for sp in spans:
        try:
            s, e = int(sp["start"]), int(sp["end"])
        except (KeyError, TypeError, ValueError):
            continue
        s, e = max(0, s), min(length, e)
        if s < e:
            cleaned.append((s, e, str(sp.get("signal") or "")))
    cleaned.sort()
    merged: list[tuple[int, int, list[str]]] = []
    for s, e, sig in cleaned:
        if merged and s < merged[-1][1]:
            ps, pe, sigs = merged[-1]
            if sig and sig not in sigs:
                sigs.append(sig)
            merged[-1] = (ps, max(pe, e), sigs)
        else:
            merged.append((s, e, [sig] if sig else []))
    return merged


def highlight(text: str, spans: Iterable[Mapping[str, Any]] | None, limit: int | None = None) -> SafeString:
    """HTML of ``text`` (cut at ``limit`` characters) with evidence spans marked."""
    text = text or ""
    cut = limit is not None and len(text) > limit
    shown = text[:limit] if cut and limit is not None else text
    out: list[str] = []
    pos = 0
    for s, e, sigs in _segments(spans or [], len(shown)):
        out.append(escape(shown[pos:s]))
        title = ", ".join(signal_label(sig) for sig in sigs)
        out.append(f'<mark title="{escape(title)}">{escape(shown[s:e])}</mark>')
        pos = e
    out.append(escape(shown[pos:]))
    if cut:
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text went through escape()
