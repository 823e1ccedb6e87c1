"""Evidence highlighting escapes the text before adding marks."""

from __future__ import annotations

from netral.monitoring.highlight import highlight


def test_it_escapes_the_text_and_wraps_spans() -> None:
    text = '<script>alert("x")</script> camat ikut kampanye'
    start = text.index("camat")
    html = highlight(text, [{"start": start, "end": start + 5, "signal": "asn_role"}])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<mark title="jabatan ASN">camat</mark>' in html


def test_it_merges_overlapping_spans_and_lists_their_signals() -> None:
    text = "camat di Kota Banjar diduga"
    html = highlight(
        text,
        [
            {"start": 0, "end": 27, "signal": "case_link"},
            {"start": 9, "end": 20, "signal": "region"},
            {"start": 0, "end": 5, "signal": "act:social_media"},
        ],
    )
    assert html.count("<mark") == 1
    assert 'title="perbuatan: Media sosial, kaitan perkara, wilayah"' in html


def test_it_escapes_span_text_and_ignores_bad_spans() -> None:
    text = "a <b>tebal</b> z"
    html = highlight(
        text, [{"start": 2, "end": 14, "signal": '"><img src=x>'}, {"start": "x"}, {"start": 9, "end": 99}]
    )
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html


def test_it_cuts_at_the_limit() -> None:
    html = highlight("abcdefghij", [{"start": 8, "end": 10, "signal": "asn"}], limit=5)
    assert html == "abcde…"
