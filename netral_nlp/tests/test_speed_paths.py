"""The fast code paths give the same answers as the plain ones they replace."""

from __future__ import annotations

import math

import pytest

from netral_nlp import lexicon, model
from netral_nlp.text import lower_same_length, strip_boilerplate
from netral_nlp.training import generate


@pytest.fixture(scope="module")
def docs() -> list[str]:
    return [d["text"] for d in generate.generate(seed=5, per_kind=20)]


def test_active_features_predict_like_sorted_features(docs: list[str]) -> None:
    lex = lexicon.load()
    mdl = model.load()
    for text in docs:
        lower = lower_same_length(strip_boilerplate(text)[0])
        hits, _ = lexicon.scan(lex, lower)
        full = model.featurize(lower, hits)
        fast = model.active_features(lower, hits)
        assert set(full) <= fast
        a, b = mdl.predict(full), mdl.predict(fast)
        assert all(math.isclose(a[k], b[k], abs_tol=1e-9) for k in a)


def test_scan_joins_multiword_terms_across_line_breaks() -> None:
    lex = lexicon.load()
    hits, _ = lexicon.scan(lex, "foto bersama\npasangan   calon di lokasi")
    assert [(s, e) for s, e, _ in hits["candidate"]] == [(13, 29)]


def test_packed_predict_like_float_predict(docs: list[str]) -> None:
    mdl = model.load()
    assert mdl._packed is not None  # the shipped model has 4-decimal weights
    float_model = model.Model(mdl.classes, mdl.weights, [b + 1e-9 for b in mdl.bias], mdl.meta)
    assert float_model._packed is None  # not 4-decimal: the float path
    lex = lexicon.load()
    for text in docs:
        lower = lower_same_length(strip_boilerplate(text)[0])
        feats = model.active_features(lower, lexicon.scan(lex, lower)[0])
        a, b = mdl.predict(feats), float_model.predict(feats)
        assert all(math.isclose(a[k], b[k], abs_tol=1e-7) for k in a)


def test_predict_without_known_features_is_the_bias() -> None:
    mdl = model.load()
    probs = mdl.predict(["zzz-not-a-feature"])
    assert math.isclose(sum(probs.values()), 1.0)
    assert max(probs, key=lambda k: probs[k]) == mdl.classes[mdl.bias.index(max(mdl.bias))]


def test_inline_tail_blanked_in_headline_like_line() -> None:
    text = "Judul Berita\nParagraf pertama.\nBawaslu Panggil Camat. Baca juga: Jalan Rusak Dikeluhkan\nSelesai."
    clean, _ = strip_boilerplate(text)
    assert "Jalan Rusak" not in clean
    assert "Bawaslu Panggil Camat." in clean
    assert len(clean) == len(text)


def test_headline_run_spans_widget_lines_but_not_paragraphs() -> None:
    head = ["Banjir Rendam Puluhan Rumah Warga", "Tim Sepak Bola Daerah Lolos Final", "Jadwal Vaksinasi Anak Dimulai"]
    text = "Judul\nLead paragraf berita ini.\n" + head[0] + "\nShare\n\n" + head[1] + "\n" + head[2] + "\n"
    clean, _ = strip_boilerplate(text)
    assert all(h not in clean for h in head)
    broken = "Judul\nLead.\n" + head[0] + "\nIni kalimat paragraf biasa yang panjang.\n" + head[1] + "\n" + head[2]
    clean2, _ = strip_boilerplate(broken)
    assert all(h in clean2 for h in head)


def test_single_line_post_untouched() -> None:
    text = "ASN di Kabupaten Contoh diminta netral, baca aturan juga ya."
    assert strip_boilerplate(text) == (text, [])


def test_language_with_shared_tokens_matches_its_own_tokenisation() -> None:
    from netral_nlp.text import WORD_RE, language

    english = "the civil servants must stay neutral in the election and this"
    for text in ("asn wajib netral pada pilkada 2024.", english):
        assert language(text, tokens=WORD_RE.findall(text)) == language(text)


def test_split_term_scan_finds_what_term_regex_finds(docs: list[str]) -> None:
    lex = lexicon.load()
    samples = [lower_same_length(t) for t in docs] + ["asn", "asnnya di sini", " asn", "pns-asn asn", "xasn asn."]
    samples += ["asn " + t for t in samples[:20]]
    for lower in samples:
        expected = []
        for m in lex.term_regex.finditer(lower):
            term = m.group(1)
            if term in lex.table or " ".join(term.split()) in lex.table:
                expected.append(m.start(1))
        hits, fired = lexicon.scan(lex, lower)
        starts = {s for lst in hits.values() for s, _, _ in lst} | {s for s, _ in fired}
        assert sorted(starts) == expected


def test_as_dict_equals_dataclasses_asdict_and_is_a_copy(docs: list[str]) -> None:
    from dataclasses import asdict

    from netral_nlp import analyze

    for text in docs[:40]:
        res = analyze(text)
        d = res.as_dict()
        assert d == asdict(res)
        d["evidence"].append({})
        if d["regions"]:
            d["regions"][0]["code"] = "x"
        assert d != res.as_dict()
        assert res.as_dict() == asdict(res)  # the result itself is unchanged
