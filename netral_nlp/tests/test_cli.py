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
    assert r.returncode == 3, r.stderr  # some documents failed: the exit status says so
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


POST = "ASN di Kabupaten Sinjai diimbau menjaga netralitas selama tahapan Pilkada 2024 berlangsung."


def test_exit_zero_when_every_document_is_analysed(tmp_path: Path) -> None:
    f = tmp_path / "ok.jsonl"
    f.write_text(json.dumps({"id": "ok1", "text": POST}) + "\n", encoding="utf-8")
    r = run(["analyze", str(f)])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["error"] is None


def test_file_larger_than_the_old_limit_streams_every_line(tmp_path: Path) -> None:
    """A JSONL file over 20 MB (the old read limit) comes back whole, one line per input."""
    pad = "x" * 200_000  # an extra field: makes the file big without making analysis slow
    f = tmp_path / "big.jsonl"
    n = 0
    with f.open("w", encoding="utf-8") as fh:
        while fh.tell() < 21 * 1024 * 1024:
            n += 1
            fh.write(json.dumps({"id": f"p{n}", "text": f"{POST} Nomor {n}.", "pad": pad}) + "\n")
    assert f.stat().st_size > 20 * 1024 * 1024
    r = run(["analyze", str(f)])
    assert r.returncode == 0, r.stderr[-2000:]
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [f"p{i}" for i in range(1, n + 1)]
    assert all(o["error"] is None for o in out)


def test_bad_lines_get_their_own_errors_and_the_rest_goes_on(tmp_path: Path) -> None:
    long_text = "Camat diduga ikut kampanye. " * 200
    lines = [
        b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": POST}).encode(),  # BOM on the first line
        b"[" * 1500 + b"]" * 1500,  # deeply nested: an error, never a crash
        json.dumps({"id": "deep", "text": POST, "meta": [[[[[[]]]]]]}).encode(),  # nested a little: fine
        json.dumps({"id": "long", "text": long_text}).encode(),  # over --max-line-bytes below
        b'{"id": {"nested": [1, 2]}, "text": "' + POST.encode() + b'"}',  # an unusable id: the line's place
        json.dumps({"id": "last", "text": POST}).encode(),
    ]
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(b"\n".join(lines))  # no newline after the last line
    r = run(["analyze", "--max-line-bytes", "4000", str(f)])
    assert r.returncode == 3, r.stderr
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["bom", "mixed.jsonl:2", "deep", "long", "mixed.jsonl:5", "last"]
    assert out[0]["error"] is None and out[0]["kind"] == "prevention"
    assert out[1]["error"].startswith("E205") and "nested" in out[1]["error"]
    assert out[2]["error"] is None
    assert out[3]["error"].startswith("E204") and str(len(lines[3])) in out[3]["error"]
    assert out[4]["error"] is None and out[5]["error"] is None


def test_stdin_jsonl_with_bom_and_leading_blank_lines() -> None:
    data = b"\xef\xbb\xbf\n\n" + "\n".join(json.dumps({"id": f"s{i}", "text": POST}) for i in range(50)).encode()
    r = run(["analyze", "-"], stdin=data)
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["id"] for x in r.stdout.decode().splitlines()] == [f"s{i}" for i in range(50)]
    r = run(["analyze", "-"], stdin=b"\xef\xbb\xbf" + POST.encode())
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(out) == 1 and out[0]["id"] == "<stdin>" and out[0]["error"] is None


def _peak_rss_kb(path: Path) -> int:
    """Run the CLI in a child that reports its own peak RSS (KB) on stderr."""
    # VmHWM is this process's own peak (ru_maxrss would include the parent's peak before exec).
    code = (
        "import sys\n"
        "from netral_nlp.cli import main\n"
        "rc = main(['analyze', sys.argv[1]])\n"
        "sys.stdout.flush()\n"
        "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
        "print(hwm.split()[1], file=sys.stderr)\n"
    )
    r = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, timeout=120, check=False
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return int(r.stderr.decode().split()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """60 MB of JSONL costs about what 1 MB does: lines are read and dropped one by one."""
    pad = "y" * 500_000
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    for f, size in ((small, 1), (big, 60)):
        with f.open("w", encoding="utf-8") as fh:
            i = 0
            while fh.tell() < size * 1024 * 1024:
                i += 1
                fh.write(json.dumps({"id": f"m{i}", "text": POST, "pad": pad}) + "\n")
    grown = _peak_rss_kb(big) - _peak_rss_kb(small)
    assert grown < 20 * 1024, f"peak RSS grew by {grown} KB over a 60 MB file"
