"""Chat intake speed: webhooks through the WhatsApp adapter against the loopback Graph API stub.

Three figures, each per webhook request through the real view (signature check included):
- receive only: verify, parse, store the message once (the task queue not run): what Meta waits for;
- end to end: the same plus handling the message and sending the reply to the stub (tasks run at
  commit, as a worker would run them at once), over whole reports told by chat (22 messages each,
  one photo);
- replays: the same webhooks delivered again (recognised and dropped).

SQLite in a temp file by default; PostgreSQL when DATABASE_URL is set (a throw-away database).

    .venv/bin/python benchmarks/bench_chat.py [--reports 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(name: str, times: list[float]) -> str:
    total = sum(times)
    return (
        f"{name:<34} {len(times):5d} requests  p50 {statistics.median(times) * 1000:6.1f} ms  "
        f"p95 {percentile(times, 95) * 1000:6.1f} ms  {len(times) / total:7.1f} req/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from netral.chat.tests import stubs  # the same stub the tests use; no Django import at module level

        server = stubs.StubServer()
        env = {
            "PRIVATE_STORAGE_ROOT": str(Path(tmp) / "private"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "WHATSAPP_API_BASE": server.graph_base,
            "WHATSAPP_PHONE_NUMBER_ID": stubs.WA_PHONE_ID,
            "WHATSAPP_ACCESS_TOKEN": stubs.WA_TOKEN,
            "WHATSAPP_APP_SECRET": "bench-secret",
            "WHATSAPP_VERIFY_TOKEN": "bench-verify",
            "CHAT_PEER_RATE": "100000",
            "CHAT_SEND_PER_SECOND": "100000",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        vendor = setup_django(Path(tmp), env=env)
        from django.test import Client

        from netral.chat import services
        from netral.chat.tests.conftest import wa_envelope
        from netral.reports.tests.conftest import png_bytes

        photo = png_bytes((640, 480))
        server.stub.media["bench-photo"] = stubs.Media(photo, "image/png", len(photo))
        client = Client()
        counter = iter(range(10**9))

        def post(payload: dict[str, Any]) -> float:
            from netral.chat.tests.conftest import wa_sign

            body = json.dumps(payload).encode()
            headers = {"X-Hub-Signature-256": wa_sign(body, "bench-secret")}
            start = time.perf_counter()
            response = client.post("/chat/whatsapp/webhook/", body, content_type="application/json", headers=headers)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, response.content
            return elapsed

        def message(wa_id: str, kind: str, content: dict[str, Any]) -> dict[str, Any]:
            msg = {
                "from": wa_id,
                "id": f"wamid.BENCH{next(counter):010d}",
                "timestamp": str(int(time.time())),
                "type": kind,
            }
            return wa_envelope([{**msg, kind: content}], wa_id)

        def last_buttons(wa_id: str) -> dict[str, str]:
            for body in reversed(server.stub.sent()):
                if body.get("to") == wa_id and stubs.buttons_of(body):
                    return {title: bid for bid, title in stubs.buttons_of(body)}
            return {}

        def tap(wa_id: str, title: str) -> dict[str, Any]:
            bid = next(v for k, v in last_buttons(wa_id).items() if k.startswith(title))
            return message(wa_id, "interactive", {"type": "button_reply", "button_reply": {"id": bid, "title": title}})

        def text(wa_id: str, body: str) -> dict[str, Any]:
            return message(wa_id, "text", {"body": body})

        def tell_report(wa_id: str, log: list[float], payloads: list[dict[str, Any]]) -> None:
            steps: list[Any] = [
                lambda: text(wa_id, "lapor"),
                lambda: tap(wa_id, "ASN"),
                lambda: text(wa_id, "Drs. Bambang Contoh"),
                lambda: text(wa_id, "Camat Banjar"),
                lambda: text(wa_id, "Pemerintah Kota Banjar"),
                lambda: text(wa_id, "Camat mengunggah ajakan memilih pasangan calon nomor 1 di akun Facebook."),
                lambda: tap(wa_id, "Kemarin"),
                lambda: tap(wa_id, "Hari ini"),
                lambda: text(wa_id, "kota banjar"),
                lambda: text(wa_id, "Akun Facebook pribadi"),
                lambda: message(wa_id, "image", {"id": "bench-photo", "mime_type": "image/png", "sha256": "x="}),
                lambda: text(wa_id, "https://facebook.example/posts/1"),
                lambda: tap(wa_id, "Selesai"),
                lambda: tap(wa_id, "Dengan nama"),
                lambda: text(wa_id, "Siti Pelapor"),
                lambda: text(wa_id, "Jl. Mawar 3, Banjar"),
                lambda: text(wa_id, "-"),
                lambda: text(wa_id, "-"),
                lambda: tap(wa_id, "Kirim"),
                lambda: text(wa_id, "status"),
                lambda: text(wa_id, "lihat"),
                lambda: text(wa_id, "bantuan"),
            ]
            for step in steps:
                payload = step()
                payloads.append(payload)
                log.append(post(payload))

        # Receive only: the tasks are not run (what the webhook itself costs).
        real_enqueue = services.enqueue_process
        services.enqueue_process = lambda peer_id: None  # type: ignore[assignment]
        # Ten chats writing ten messages each (a new chat costs one more insert, its first time only).
        receive = [post(text(f"62811{i % 10:07d}", "halo")) for i in range(max(100, args.reports * 5))]
        services.enqueue_process = real_enqueue  # type: ignore[assignment]

        tell_report("6289900000000", [], [])  # warm-up
        end_to_end: list[float] = []
        payloads: list[dict[str, Any]] = []
        wall = time.perf_counter()
        for i in range(args.reports):
            tell_report(f"62812{i:07d}", end_to_end, payloads)
        wall = time.perf_counter() - wall
        replays = [post(p) for p in payloads]

        from netral.chat.models import ChatSession

        filed = ChatSession.objects.filter(status="filed", report__isnull=False).count()
        print(f"database: {vendor}")
        print(summary("webhook, receive only", receive))
        print(summary("webhook, handled and answered", end_to_end))
        print(summary("webhook, replayed", replays))
        print(
            f"whole reports told by chat: {args.reports} in {wall:.1f} s ({args.reports / wall:.2f} reports/s); "
            f"{filed - 1} filed besides the warm-up"
        )
        server.close()


if __name__ == "__main__":
    main()
