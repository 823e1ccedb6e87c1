"""The public submission endpoints at 50 concurrent clients on PostgreSQL with the rate limits ON.

Starts the same stack as ``bench_load`` (its helpers, not a copy: throw-away PostgreSQL, migrations,
reference data and demo world, gunicorn with production settings behind a simulated nginx) with real,
generous limits: ``--browser-limit`` accepted reports per browser per hour, ``--address-limit`` per
client address (a carrier NAT); the API allows ``--browser-limit`` calls per address. Then, each beside a bare view
(``/healthz``) measured in the same run:

1. ``form``: ``--clients`` citizens at once, each with its own address and browser cookie, each doing
   the whole HTML flow ``--per-client`` times (GET the form, POST it, GET the receipt); the POST is
   timed (p50/p95/p99), the throughput counts accepted reports per second;
2. ``api``: the same through ``POST /api/v1/public/reports/``;
3. the limits still hold under that load: one browser posting past its limit gets 429 with
   Retry-After; ``--clients`` browsers behind ONE address (a NAT) posting concurrently past the
   address cap get exactly the cap accepted and the rest 429; no 5xx anywhere.

Every accepted report is checked to be stored with its own case.

    .venv/bin/python benchmarks/bench_public_concurrent.py --pg-port 54341
    .venv/bin/python benchmarks/bench_public_concurrent.py --pg-port 54341 --per-client 2 --address-limit 120
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import (  # noqa: E402
    ROOT,
    Client,
    Result,
    Stack,
    bare,
    closed_loop,
    django_json,
    form_fields,
    hidden,
    stack,
    submit_api,
)

NAT_ADDRESS = "100.64.0.1"  # carrier-grade NAT space (RFC 6598)


def form_once(client: Client, st: Stack, i: int, name: str) -> tuple[int, float, str]:
    """One reporter's flow; the POST's status and time, and the Retry-After of a refusal."""
    status, page, _ = client.request("GET", "/laporan/baru/")
    if status != 200:
        return status, 0.0, ""
    fields = form_fields(i, st.banjar, hidden(page, "csrfmiddlewaretoken"), hidden(page, "client_token"))
    fields["subject_name"] = f"{name} {i}"
    status, answer, seconds = client.form_post("/laporan/baru/", fields)
    retry = ""
    if status == 302:
        client.request("GET", "/laporan/terkirim/")  # shows (and drops) the receipt, as a browser would
    elif status == 429:
        retry = "yes" if b"kirim lagi setelah pukul" in answer else "no"
    return status, seconds, retry


def form_phase(st: Stack, clients: int, total: int) -> Result:
    def work(client: Client, i: int) -> tuple[int, float]:
        status, seconds, _ = form_once(client, st, i, "Pegawai Formulir")
        return status, seconds

    return closed_loop(st, "form POST (50 browsers)", clients, total, work)


def nat_phase(st: Stack, clients: int, total: int) -> Result:
    """Many browsers, one public address: only the address cap may refuse them."""

    def work(client: Client, i: int) -> tuple[int, float]:
        client.address = NAT_ADDRESS
        status, seconds, _ = form_once(client, st, i, "Pegawai NAT")
        return status, seconds

    return closed_loop(st, "form POST behind one NAT", clients, total, work)


def one_browser(st: Stack, attempts: int) -> tuple[Counter[int], Counter[str]]:
    client = Client(st.port, "198.51.100.7")
    statuses: Counter[int] = Counter()
    retry: Counter[str] = Counter()
    for i in range(attempts):
        status, _seconds, has_retry = form_once(client, st, i, "Pegawai Satu Peramban")
        statuses[status] += 1
        if status == 429:
            retry[has_retry] += 1
    return statuses, retry


def stored(st: Stack) -> dict[str, list[int]]:
    """Per name prefix: reports stored, with a case, distinct case numbers."""
    script = (
        "import django,json;django.setup();from netral.reports.models import Report;out={}\n"
        "for p in ('Pegawai Contoh','Pegawai Formulir','Pegawai NAT','Pegawai Satu Peramban'):\n"
        " r=Report.objects.filter(subject_name__startswith=p);c=list(r.values_list('case__number',flat=True))\n"
        " out[p]=[r.count(),sum(1 for x in c if x),len(set(c))]\n"
        "print(json.dumps(out))"
    )
    result: dict[str, list[int]] = django_json(st, script)
    return result


def five_xx(result: Result) -> int:
    return sum(n for s, n in result.statuses.items() if s >= 500)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=4, help="accepted reports each client files")
    parser.add_argument("--browser-limit", type=int, default=10, help="PUBLIC_REPORT_RATE (per browser, hour)")
    parser.add_argument("--address-limit", type=int, default=150, help="PUBLIC_REPORT_ADDRESS_RATE (per address)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pg-port", type=int, default=54341)
    parser.add_argument("--fast-pg", action="store_true", help="fsync off (as the test suite runs it)")
    parser.add_argument("--redis", action="store_true", help="cache and rate-limit counters in Redis")
    args = parser.parse_args()
    if args.per_client > args.browser_limit:
        parser.error("--per-client must stay within the browser limit (those phases are meant to be accepted)")
    # bench_load.stack reads these: its per-address limit is the browser's and the API's here.
    args.per_address_limit = args.browser_limit
    os.environ["PUBLIC_REPORT_ADDRESS_RATE"] = str(args.address_limit)
    workdir = ROOT / "var" / "bench-public"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    total = args.clients * args.per_client
    with stack(args, workdir) as st:
        print(
            f"gunicorn {args.workers} workers, PostgreSQL fsync {'off' if args.fast_pg else 'on'}, "
            f"{'Redis' if args.redis else 'database'} counters, {os.cpu_count()} cores shared by client and server; "
            f"limits: {args.browser_limit}/browser, {args.address_limit}/address (form), "
            f"{args.browser_limit}/address (API), per hour"
        )
        bare(st, args.clients, 300)  # warm every worker
        errors = 0
        print(bare(st, args.clients, 2000).line())
        form = form_phase(st, args.clients, total)
        print(form.line(lambda s: s == 302))
        errors += five_xx(form)

        print(bare(st, args.clients, 2000).line())
        codes: list[str] = []
        api = submit_api(st, args.clients, total, codes)
        print(api.line(lambda s: s == 201))
        errors += five_xx(api)

        print("limits under load:")
        single, retry = one_browser(st, args.browser_limit + 5)
        print(
            f"    one browser, {args.browser_limit + 5} valid reports: {dict(sorted(single.items()))} "
            f"(429 saying when to retry: {retry['yes']} of {single[429]})"
        )
        errors += sum(n for s, n in single.items() if s >= 500)
        nat = nat_phase(st, args.clients, args.address_limit + 100)
        print(nat.line(lambda s: s == 302))
        print(
            f"    {args.clients} browsers behind one address, {args.address_limit + 100} reports: "
            f"{nat.statuses[302]} accepted (cap {args.address_limit}), {nat.statuses[429]} refused with 429"
        )
        errors += five_xx(nat)

        counts = stored(st)
        expect = {
            "Pegawai Formulir": form.statuses[302],
            "Pegawai Contoh": api.statuses[201],
            "Pegawai NAT": nat.statuses[302],
            "Pegawai Satu Peramban": single[302],
        }
        ok = all(counts[p] == [n, n, n] for p, n in expect.items())
        print(f"stored with their own case: {counts} expected {expect}: {'OK' if ok else 'MISMATCH'}")
        limits_hold = single[302] == args.browser_limit and nat.statuses[302] == args.address_limit
        print(f"5xx in all phases: {errors}; limits hold: {'yes' if limits_hold else 'NO'}")
    return 0 if ok and errors == 0 and limits_hold else 1


if __name__ == "__main__":
    raise SystemExit(main())
