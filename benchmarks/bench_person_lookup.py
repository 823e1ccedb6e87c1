"""Benchmark: `match_person` latency over millions of registry names (PostgreSQL).

    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral_lookup \
        .venv/bin/python benchmarks/bench_person_lookup.py --names 2000000

Bulk-loads N synthetic ASN (one bench agency per regency, names from word lists plus
generated Indonesian-sounding syllable names so that the vocabulary is realistically wide)
straight into ``personnel_asn`` and ``personnel_asnnamekey`` with COPY, then times queries
written the way reporters write: titles dropped or added, one typo, a name part missing,
parts swapped. Each query runs three ways: no hint, with the agency, with the region.
Prints p50/p95 latency and how often the intended person is first / in the top 5.
`--skip-load` reuses what a previous run loaded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")

SYLLABLES = [
    "su", "har", "to", "wi", "ja", "ya", "di", "man", "sa", "ri", "pur", "no", "ra", "hma", "dar", "mo",
    "sen", "tot", "na", "ning", "sih", "yu", "lia", "ti", "ko", "jo", "wa", "ga", "ni", "ta", "an", "dri",
    "gus", "las", "mi", "ran", "bu", "dhi", "tra", "ku", "se", "la", "bah", "ru", "din", "ha", "fiz", "rul",
]  # fmt: skip


def syllable_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_name(rng: random.Random) -> str:
    from netral.personnel.generate import person_name

    name = person_name(rng, rng.choice("12"))
    if rng.random() < 0.6:
        # Swap one plain part for a generated one: widens the vocabulary to tens of thousands of words.
        parts = name.split(" ")
        plain = [i for i, p in enumerate(parts) if p[:1].isupper() and "." not in p and "," not in p]
        if plain:
            parts[rng.choice(plain)] = syllable_name(rng)
        name = " ".join(parts)
    return name


def prepare() -> list[tuple[int, str]]:
    from django.core.management import call_command

    from netral.agencies.choices import AgencyKind
    from netral.agencies.models import Agency
    from netral.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        from netral.regions.services import load_reference

        load_reference()
    regencies = list(Region.objects.filter(level=2).values_list("pk", "code", "name"))
    existing = set(Agency.objects.filter(code__startswith="lk-").values_list("code", flat=True))
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"lk-{code}", name=f"Lookup {name}", kind=AgencyKind.REGENCY_GOV, region_id=pk, region_code=code
            )
            for pk, code, name in regencies
            if f"lk-{code}" not in existing
        ]
    )
    return list(Agency.objects.filter(code__startswith="lk-").values_list("pk", "region_code"))


def load(count: int, agencies: list[tuple[int, str]], seed: int) -> float:
    from django.db import connection

    from netral.personnel.names import name_keys, normalize_name

    rng = random.Random(seed)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE personnel_asnnamekey, personnel_asn, personnel_importseen CASCADE")
        raw = cursor.cursor
        keys: list[tuple[int, str, int, str]] = []
        with raw.copy(
            "COPY personnel_asn (id, identifier, employment_type, name, name_normalized, gender, position, "
            "position_class, agency_id, region_code, active, updated_at, nik_encrypted, nik_index) FROM STDIN"
        ) as copy:
            for i in range(1, count + 1):
                name = make_name(rng)
                normalized = normalize_name(name)
                agency_id, region_code = rng.choice(agencies)
                copy.write_row(
                    (i, str(10**17 + i), "PNS", name, normalized, rng.choice("12"), "Pengadministrasi Umum",
                     "pelaksana", agency_id, region_code, True, "2026-11-01T00:00:00Z", "", "")
                )  # fmt: skip
                keys.extend((i, k, agency_id, region_code) for k in name_keys(normalized))
                if i % 500_000 == 0:
                    print(f"  {i:,} names generated", flush=True)
        with raw.copy("COPY personnel_asnnamekey (asn_id, key, agency_id, region_code) FROM STDIN") as copy:
            for row in keys:
                copy.write_row(row)
        cursor.execute("SELECT setval(pg_get_serial_sequence('personnel_asn', 'id'), %s)", [count])
        cursor.execute("ANALYZE personnel_asn")
        cursor.execute("ANALYZE personnel_asnnamekey")
    return time.perf_counter() - start


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["sub", "del", "swap", "dup", "yi"])
    if kind == "sub":
        return word[:i] + rng.choice("aiueorntsk") + word[i + 1 :]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == "dup":
        return word[:i] + word[i] + word[i:]
    return word.replace("i", "y", 1) if "i" in word else word.replace("y", "i", 1)


def as_reporter_writes(rng: random.Random, name: str) -> str:
    from netral.personnel.names import normalize_name

    parts = normalize_name(name).split()
    j = rng.randrange(len(parts))
    parts[j] = typo(rng, parts[j])
    if len(parts) >= 3 and rng.random() < 0.3:
        parts.pop(rng.randrange(len(parts)))  # a middle or last part missing
    if len(parts) >= 2 and rng.random() < 0.2:
        parts = parts[1:] + parts[:1]  # family name first
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = f"{rng.choice(['Pak', 'Bu', 'Drs.', 'H.'])} {text}"
    return text


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=2_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL bench database.")
    import django

    django.setup()
    from netral.personnel.lookup import match_person
    from netral.personnel.models import ASN

    agencies = prepare()
    if not args.skip_load:
        seconds = load(args.names, agencies, args.seed)
        print(f"loaded {args.names:,} names + keys in {seconds:,.0f} s")
    total = ASN.objects.count()
    print(f"registry: {total:,} ASN; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    rng = random.Random(args.seed + 1)
    sample_ids = [rng.randint(1, total) for _ in range(args.queries)]
    people = {a.pk: a for a in ASN.objects.filter(pk__in=sample_ids)}
    queries = [(people[i], as_reporter_writes(rng, people[i].name)) for i in sample_ids if i in people]
    match_person("warm up query", limit=5)
    for mode in ("no hint", "agency", "region"):
        latencies: list[float] = []
        first = top5 = same_name_first = 0
        for person, text in queries:
            hints: dict[str, object] = {}
            if mode == "agency":
                hints["agency"] = person.agency_id
            elif mode == "region":
                hints["region_code"] = person.region_code
            start = time.perf_counter()
            results = match_person(text, limit=5, **hints)  # type: ignore[arg-type]
            latencies.append((time.perf_counter() - start) * 1000)
            ids = [c.pk for c in results]
            first += bool(ids) and ids[0] == person.pk
            top5 += person.pk in ids
            same_name_first += bool(results) and results[0].asn.name_normalized == person.name_normalized
        n = len(queries)
        print(
            f"{mode:8}: p50 {statistics.median(latencies):6.1f} ms  p95 {percentile(latencies, 0.95):6.1f} ms  "
            f"max {max(latencies):6.1f} ms | person first {first / n:5.1%}  in top 5 {top5 / n:5.1%}  "
            f"same name first {same_name_first / n:5.1%}  ({n} queries)"
        )
    for person, text in queries[:5]:
        print(f"  e.g. {text!r} for {person.name!r}")


if __name__ == "__main__":
    main()
