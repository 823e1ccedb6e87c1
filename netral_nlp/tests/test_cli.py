"""CLI end to end through a subprocess: txt, jsonl, stdin, bad lines, order, --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter and module
        [sys.executable, "-m", "netral_nlp", *args], cwd=REPO, input=stdin, capture_output=True, timeout=60, check=False
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    (d / "kasus.txt").write_text(
        "Lurah di Kota Banjar diduga ikut kampanye paslon wali kota pada Pilkada 2024, Kamis (10/10/2024).",
        encoding="utf-8",
    )
    (d / "bad.txt").write_bytes(b"ASN netral \xff\xfe pilkada")
    lines = [
        json.dumps({"id": "a1", "text": "Ratusan ASN Pemkab Sinjai membacakan ikrar netralitas jelang Pilkada 2024."}),
        "{not json",
        json.dumps({"id": "a3", "text": ""}),
        json.dumps({"id": "a4"}),
        json.dumps({"id": "a5", "text": "Ratusan ASN Pemkab Sinjai membacakan ikrar netralitas jelang Pilkada 2024."}),
    ]
    raw = ("\n".join(lines) + "\n").encode() + b'{"id": "a6", "text": "\xff"}\n'
    (d / "batch.jsonl").write_bytes(raw)
    return d


def test_help() -> None:
    r = run(["--help"])
    assert r.returncode == 0 and b"analyze" in r.stdout and b"evaluate" in r.stdout


def test_analyze_files_in_order(inputs: Path) -> None:
    r = run(
        [
            "analyze",
            str(inputs / "kasus.txt"),
            str(inputs / "batch.jsonl"),
            str(inputs / "bad.txt"),
            str(inputs / "missing.txt"),
        ]
    )
    assert r.returncode == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    ids = [o["id"] for o in out]
    assert ids == ["kasus.txt", "a1", "batch.jsonl:2", "a3", "a4", "a5", "batch.jsonl:6", "bad.txt", "missing.txt"]
    first = out[0]
    assert first["error"] is None and first["event_date"] == "2024-10-10"
    assert {"code": "32.79", "name": "Kota Banjar", "level": 2} in first["regions"]
    assert out[1]["kind"] == "prevention" and out[1]["cluster"] is None
    assert out[5]["cluster"] == "a1"  # exact duplicate of a1
    assert out[2]["error"].startswith("E205")
    assert out[3]["error"].startswith("E201")
    assert out[4]["error"].startswith("E206")
    assert out[6]["error"].startswith("E203")
    assert out[7]["error"].startswith("E203")
    assert out[8]["error"].startswith("E207")
    for o in out:
        assert set(o) >= {
            "id",
            "relevant",
            "score",
            "kind",
            "acts",
            "skb",
            "subjects",
            "regions",
            "event_date",
            "stage",
            "asn_count",
            "evidence",
            "cluster",
            "error",
        }


def test_stdin_plain_and_jsonl() -> None:
    r = run(["analyze", "-"], stdin=b"Camat diduga ikut kampanye paslon bupati di pilkada.")
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(out) == 1 and out[0]["id"] == "<stdin>" and out[0]["error"] is None
    r = run(["analyze", "-"], stdin=b'{"id": "s1", "text": "ASN wajib netral di pemilu."}\n{"id": "s2", "text": "x"}\n')
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["s1", "s2"]


def test_large_binary_input(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (10 * 1024 * 1024))
    binf = tmp_path / "blob.txt"
    binf.write_bytes(bytes(range(256)) * 40)
    r = run(["analyze", str(big), str(binf)])
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert out[0]["error"].startswith("E204")
    assert out[1]["error"].startswith(("E202", "E203"))
