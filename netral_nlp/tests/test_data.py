"""Data files validate on load, and invalid files fail with coded errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_nlp import gazetteer, lexicon
from netral_nlp.data import read_jsonl, read_tsv
from netral_nlp.errors import Code, DataFileError


def test_shipped_data_loads() -> None:
    lex = lexicon.load()
    assert lex.term_signals and lex.rules
    assert set(lex.skb) == set(lexicon.ACTS)
    assert gazetteer.load().by_code["32.79"].name == "Kota Banjar"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("term\tasn\tASN\n", Code.E101),
        ("# netral-nlp terms v1\nasn\tasn\tASN\nasn\tasn\tASN\n", Code.E103),
        ("# netral-nlp terms v1\nASN\tasn\tASN\n", Code.E104),
        ("# netral-nlp terms v1\nasn  baru\tasn\tASN\n", Code.E104),
        ("# netral-nlp terms v1\nasn\tbogus_signal\tASN\n", Code.E105),
        ("# netral-nlp terms v1\nasn\tasn\tASN\textra\n", Code.E102),
    ],
)
def test_tsv_validation(tmp_path: Path, content: str, code: Code) -> None:
    p = tmp_path / "terms.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        read_tsv(p, 3, key_columns=2, known={1: lexicon.SIGNALS}, optional_columns=(2,))
    assert exc.value.code is code
    assert str(exc.value).startswith(code.value)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"id": 1}\n', Code.E101),
        ('{"_meta": {"name": "x", "version": 1}}\n{bad\n', Code.E107),
    ],
)
def test_jsonl_validation(tmp_path: Path, content: str, code: Code) -> None:
    p = tmp_path / "rules.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        list(read_jsonl(p))
    assert exc.value.code is code


def test_every_rule_signal_known() -> None:
    for r in lexicon.load().rules:
        assert r.signal in lexicon.SIGNALS
        if r.signal == "act":
            assert r.value in lexicon.ACTS
