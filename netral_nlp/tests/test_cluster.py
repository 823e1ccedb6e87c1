"""Near-duplicate clustering: same groups as the earlier inverted-index implementation on a
fixed corpus of the project's own texts, and a bounded number of comparisons per document."""

from __future__ import annotations

import heapq
import random
import zlib
from itertools import combinations

from netral_nlp import analyze_batch
from netral_nlp.cluster import BINS, OWNERS, Clusterer, band_keys, shingle_hashes, sketch, sketch_tokens
from netral_nlp.text import words

BASES = [
    (
        "Seorang camat di kabupaten ini kedapatan menghadiri kampanye akbar pasangan calon bupati nomor urut dua "
        "pada Sabtu sore. Bawaslu setempat sudah memanggil yang bersangkutan untuk dimintai klarifikasi soal "
        "kehadirannya di lapangan itu."
    ),
    (
        "Pj Bupati mengingatkan seluruh aparatur sipil negara agar tidak mengunggah, menyukai atau membagikan "
        "konten kampanye di media sosial selama masa kampanye pilkada berlangsung, karena sanksinya bisa sampai "
        "penurunan jabatan."
    ),
    (
        "Guru honorer dan guru PNS di sebuah SD negeri diminta kepala sekolahnya memakai kaos bergambar calon "
        "gubernur saat upacara hari Senin, foto kegiatan itu lalu beredar luas di grup WhatsApp wali murid."
    ),
    (
        "Ratusan ASN lingkup pemerintah kota membacakan ikrar netralitas di halaman balai kota, disaksikan unsur "
        "Forkopimda dan komisioner Bawaslu, sebagai tanda komitmen menjaga pemilihan yang jujur dan adil."
    ),
    (
        "Hujan deras sejak dini hari membuat sungai di pinggir kota meluap dan merendam ratusan rumah warga; "
        "petugas BPBD mengevakuasi lansia dan anak-anak ke posko pengungsian di gedung serbaguna kelurahan."
    ),
    (
        "Harga cabai rawit di pasar induk naik hampir dua kali lipat dalam sepekan terakhir, pedagang menyebut "
        "pasokan dari sentra produksi berkurang karena banyak petani gagal panen akibat cuaca yang tidak menentu."
    ),
    (
        "Kepala desa yang terbukti ikut menjadi tim sukses salah satu pasangan calon bisa diberhentikan sementara, "
        "kata seorang komisioner dalam sosialisasi pengawasan partisipatif kepada tokoh pemuda dan karang taruna."
    ),
    (
        "Video seorang lurah yang membagikan kalender bergambar calon wali kota kepada ketua RT di kantornya viral "
        "di TikTok; pemkot menyatakan akan memeriksa pegawai tersebut lewat inspektorat dalam pekan ini juga."
    ),
    (
        "Tim gabungan Satpol PP menurunkan puluhan baliho yang dipasang di pohon dan tiang listrik karena melanggar "
        "peraturan daerah tentang ketertiban umum, bukan karena isinya, tegas kepala satuan kepada wartawan."
    ),
    (
        "Sekda provinsi menerbitkan surat edaran yang meminta kepala perangkat daerah mengawasi bawahannya, termasuk "
        "PPPK dan tenaga honorer, agar tidak terlibat politik praktis menjelang hari pemungutan suara."
    ),
    (
        "Pertandingan final turnamen sepak bola antarkecamatan berakhir dramatis lewat adu penalti, dan tim tuan "
        "rumah akhirnya mengangkat piala bupati di hadapan ribuan penonton yang memadati stadion."
    ),
    "asn wajib netral!!",
    "netralitas asn harga mati",
]

REPLACEMENTS = ["kemarin", "tersebut", "itu", "juga", "pun", "lagi", "sekali"]


def _variants(text: str, rng: random.Random) -> list[str]:
    """Reposts as they come from a feed: an exact copy, a quote prefix and hashtags, the last word
    changed, the last words cut."""
    toks = text.split()
    changed = [*toks[:-1], rng.choice(REPLACEMENTS)]
    return [
        text,
        "RT @warga_peduli: " + text + " #pilkadadamai #asnnetral",
        " ".join(changed),
        " ".join(toks[: max(1, len(toks) * 19 // 20)]),
    ]


def _corpus() -> list[tuple[str, str]]:
    rng = random.Random(7)
    docs: list[tuple[str, str]] = []
    for i, base in enumerate(BASES):
        docs.append((f"b{i}", base))
    for i, base in enumerate(BASES[:11]):
        for j, v in enumerate(_variants(base, rng)):
            docs.append((f"v{i}-{j}", v))
    rng.shuffle(docs)
    return docs


def _old_sketch(lower: str) -> tuple[int, ...]:
    """The sketch of the earlier implementation: CRC32 of each joined word 4-shingle, bottom 64."""
    toks = words(lower)
    n = 4 if len(toks) >= 8 else 1
    shingles = {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}
    return tuple(sorted(heapq.nsmallest(64, {zlib.crc32(s.encode()) for s in shingles})))


def _old_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:64]
    return sum(1 for h in union if h in set(a) and h in set(b)) / len(union)


def _old_clusters(docs: list[tuple[str, str]]) -> list[str | None]:
    """The earlier implementation: an inverted index from every sketch value to documents."""
    sketches: list[tuple[str, tuple[int, ...], str | None]] = []
    index: dict[int, list[int]] = {}
    out: list[str | None] = []
    for doc_id, text in docs:
        sk = _old_sketch(text.lower())
        counts: dict[int, int] = {}
        for h in sk:
            for j in index.get(h, ()):
                counts[j] = counts.get(j, 0) + 1
        found = None
        for j in sorted(counts):
            if counts[j] >= max(1, int(len(sk) * 0.25)) and _old_similarity(sk, sketches[j][1]) >= 0.5:
                found = sketches[j][2] or sketches[j][0]
                break
        for h in sk:
            index.setdefault(h, []).append(len(sketches))
        sketches.append((doc_id, sk, found))
        out.append(found)
    return out


def _jaccard(a: str, b: str) -> float:
    sa, sb = shingle_hashes(words(a.lower())), shingle_hashes(words(b.lower()))
    return len(sa & sb) / len(sa | sb)


def test_the_fixed_corpus_has_no_borderline_pairs() -> None:
    """The comparison below is only meaningful away from the threshold, where the two hash
    functions can disagree on a pair (the 64-value estimate has a standard error of about 0.06):
    every pair is at least 0.1 from the threshold."""
    docs = _corpus()
    for (_, a), (_, b) in combinations(docs, 2):
        j = _jaccard(a, b)
        assert j < 0.4 or j > 0.6, (a[:40], b[:40], j)


def test_same_groups_as_the_earlier_implementation() -> None:
    docs = _corpus()
    old = _old_clusters(docs)
    c = Clusterer()
    new = [c.add_tokens(doc_id, words(text.lower())) for doc_id, text in docs]
    assert new == old
    assert sum(x is not None for x in new) == 44  # 11 bases × 4 variants found as copies
    assert len({x for x in new if x}) == 11


def test_batch_uses_the_same_groups() -> None:
    docs = _corpus()
    out = [r.cluster for r in analyze_batch(docs)]
    assert out == _old_clusters(docs)


def test_sketch_from_text_equals_sketch_from_tokens() -> None:
    text = BASES[0].lower()
    assert sketch(text) == sketch_tokens(words(text))
    n = len(words(text))
    assert len(sketch(text)) == n - 3  # every 4-shingle of this text is distinct, fewer than 64


def test_filtered_bottom_k_equals_the_full_sort() -> None:
    rng = random.Random(3)
    vocab = [f"kata{i}" for i in range(3000)]
    for n in (9, 70, 129, 400, 3000):
        toks = [rng.choice(vocab) for _ in range(n)]
        assert sketch_tokens(toks) == tuple(sorted(shingle_hashes(toks))[:64])
    repetitive = ["asn", "netral", "pilkada", "damai"] * 200  # few distinct shingles, many repeats
    assert sketch_tokens(repetitive) == tuple(sorted(shingle_hashes(repetitive)))


def test_band_keys_change_only_where_a_bin_minimum_changes() -> None:
    rng = random.Random(1)
    sk = sorted(rng.sample(range(1 << 32), 256))  # every bin holds a value
    keys = band_keys(sk)
    assert len(keys) == BINS // 2 and keys == band_keys(list(sk))
    # A new smallest value in one bin changes that bin's band only.
    b = sk[0] % BINS
    lower = [v for v in range(sk[0]) if v % BINS == b][0]
    changed = band_keys(sorted([lower, *sk]))
    assert sum(x != y for x, y in zip(keys, changed, strict=True)) == 1
    # A short text leaves bins empty: a band with two empty bins has no key (it would match
    # every short text), a band with one empty bin still has one.
    few = sorted(rng.sample(range(1 << 32), 5))
    filled = {v % BINS // 2 for v in few}
    assert len(band_keys(few)) == len(filled)


def test_comparisons_per_document_are_bounded() -> None:
    """Thousands of reposts of one message, and unrelated posts that share its slogan: each new
    document is compared with at most BINS/2 × OWNERS earlier ones, however many came before."""
    rng = random.Random(5)
    c = Clusterer()
    most = 0
    copies = 3000
    found = 0
    for i in range(copies):
        if i % 2:
            text = BASES[7] + f" #{i}"
        else:
            text = "netralitas asn harga mati " + " ".join(rng.choice(REPLACEMENTS) + str(i) for _ in range(12))
        before = c.comparisons
        found += c.add_tokens(str(i), words(text.lower())) == "1"
        most = max(most, c.comparisons - before)
    assert most <= BINS // 2 * OWNERS
    assert found == copies // 2 - 1  # every repost after the first joins the first
    assert len(c) == copies
