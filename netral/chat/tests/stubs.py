"""Local stand-ins for the WhatsApp Cloud API (Graph API) and the Telegram Bot API, on loopback.

Built from the request and answer shapes in the two public references (Meta's "Messages API" and
"Media" pages, Telegram's "Bot API" page): the adapters talk real HTTP to them, nothing leaves the
machine. Each stub records what it was sent, serves media, and can be told to fail the next calls.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

WA_TOKEN = "wa-test-token"
WA_PHONE_ID = "109876543210987"
TG_TOKEN = "123456:TEST-token"


@dataclass
class Media:
    body: bytes | None  # None: produced lazily (a "huge" stream of zeros of `size` bytes)
    mime: str
    size: int
    declare_size: bool = True


@dataclass
class Stub:
    requests: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    fail: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # answers for the next send calls
    streamed: dict[str, int] = field(default_factory=dict)  # bytes actually written per media id
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    # --- what tests read -------------------------------------------------------------------------

    def calls(self, suffix: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["path"].endswith(suffix)]

    def sent(self) -> list[dict[str, Any]]:
        """Bodies of every message sent (WhatsApp /messages or Telegram sendMessage), in order."""
        with self.lock:
            return [r["json"] for r in self.requests if r["path"].endswith(("/messages", "/sendMessage"))]

    def texts(self) -> list[str]:
        return [text_of(body) for body in self.sent()]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


def text_of(body: dict[str, Any]) -> str:
    if "chat_id" in body:  # Telegram
        return str(body.get("text", ""))
    kind = body.get("type")
    if kind == "text":
        return str(body["text"]["body"])
    if kind == "interactive":
        return str(body["interactive"]["body"]["text"])
    if kind == "template":
        params = body["template"].get("components", [{}])[0].get("parameters", [])
        return "TEMPLATE " + body["template"]["name"] + " " + " ".join(p["text"] for p in params)
    return ""


def buttons_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, title) of the buttons or list rows of a sent message."""
    if "chat_id" in body:
        rows = (body.get("reply_markup") or {}).get("inline_keyboard") or []
        return [(b["callback_data"], b["text"]) for row in rows for b in row]
    interactive = body.get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return [(b["reply"]["id"], b["reply"]["title"]) for b in action["buttons"]]
    if interactive.get("type") == "list":
        return [(r["id"], r["title"]) for s in action["sections"] for r in s["rows"]]
    return []


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def _json(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _record(self, method: str) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                data = None
            entry = {"method": method, "path": urlsplit(self.path).path, "headers": dict(self.headers), "json": data}
            with stub.lock:
                stub.requests.append(entry)
            return entry

        def _failure(self) -> tuple[int, dict[str, Any]] | None:
            with stub.lock:
                return stub.fail.pop(0) if stub.fail else None

        # --- WhatsApp Cloud API (Graph) --------------------------------------------------------------

        def _graph(self, method: str, entry: dict[str, Any], parts: list[str]) -> None:
            if self.headers.get("Authorization") != f"Bearer {WA_TOKEN}":
                self._json(
                    401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}
                )
                return
            if method == "POST" and len(parts) == 4 and parts[3] == "messages":
                if parts[2] != WA_PHONE_ID:
                    self._json(400, {"error": {"message": "Unsupported post request", "code": 100}})
                    return
                if failure := self._failure():
                    self._json(*failure)
                    return
                n = len(stub.sent())
                to = (entry["json"] or {}).get("to", "")
                self._json(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"input": to, "wa_id": to}],
                        "messages": [{"id": f"wamid.STUB{n:06d}"}],
                    },
                )
                return
            if method == "GET" and len(parts) == 3:
                media = stub.media.get(parts[2])
                if media is None:
                    self._json(404, {"error": {"message": "Unsupported get request", "code": 100}})
                    return
                payload = {
                    "messaging_product": "whatsapp",
                    "url": f"{stub.url}/lookaside/{parts[2]}",
                    "mime_type": media.mime,
                    "sha256": "0" * 64,
                    "id": parts[2],
                }
                if media.declare_size:
                    payload["file_size"] = str(media.size)
                self._json(200, payload)
                return
            self._json(404, {"error": {"message": "Unknown path", "code": 100}})

        # --- Telegram Bot API --------------------------------------------------------------------------

        def _telegram(self, entry: dict[str, Any], token: str, method: str) -> None:
            if token != TG_TOKEN:
                self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            data = entry["json"] or {}
            if method == "sendMessage":
                if failure := self._failure():
                    self._json(*failure)
                    return
                n = len(stub.sent())
                result = {
                    "message_id": 1000 + n,
                    "date": 1700000000,
                    "chat": {"id": data.get("chat_id"), "type": "private"},
                }
                self._json(200, {"ok": True, "result": {**result, "text": data.get("text", "")}})
            elif method == "answerCallbackQuery":
                self._json(200, {"ok": True, "result": True})
            elif method == "getFile":
                media = stub.media.get(str(data.get("file_id")))
                if media is None:
                    self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"})
                elif media.declare_size and media.size > 20 * 1024 * 1024:
                    self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"})
                else:
                    file_id = str(data["file_id"])
                    result = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_path": f"documents/{file_id}"}
                    if media.declare_size:
                        result["file_size"] = media.size
                    self._json(200, {"ok": True, "result": result})
            else:
                self._json(404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})

        # --- files ---------------------------------------------------------------------------------

        def _serve(self, media_id: str) -> None:
            media = stub.media.get(media_id)
            if media is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", media.mime)
            if media.declare_size:
                self.send_header("Content-Length", str(media.size))
            self.end_headers()
            written = 0
            try:
                for chunk in _chunks(media):
                    self.wfile.write(chunk)
                    written += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what we want to see for an oversize file
            with stub.lock:
                stub.streamed[media_id] = written
            self.close_connection = True

        def do_GET(self) -> None:
            entry = self._record("GET")
            parts = entry["path"].strip("/").split("/")
            if parts[0] == "graph":
                self._graph("GET", entry, parts)
            elif parts[0] == "lookaside" and len(parts) == 2:
                if self.headers.get("Authorization") != f"Bearer {WA_TOKEN}":
                    self.send_response(401)
                    self.end_headers()
                    return
                self._serve(parts[1])
            elif parts[0] == "tg" and len(parts) >= 4 and parts[1] == "file" and parts[2] == f"bot{TG_TOKEN}":
                self._serve(parts[-1])
            else:
                self._json(404, {})

        def do_POST(self) -> None:
            entry = self._record("POST")
            parts = entry["path"].strip("/").split("/")
            if parts[0] == "graph":
                self._graph("POST", entry, parts)
            elif parts[0] == "tg" and len(parts) == 3 and parts[1].startswith("bot"):
                self._telegram(entry, parts[1][3:], parts[2])
            else:
                self._json(404, {})

    return Handler


def _chunks(media: Media) -> Iterator[bytes]:
    if media.body is not None:
        yield media.body
        return
    block = b"\0" * (256 * 1024)
    left = media.size
    while left > 0:
        part = block[: min(len(block), left)]
        left -= len(part)
        yield part


class StubServer:
    def __init__(self) -> None:
        self.stub = Stub()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.stub))
        self.server.daemon_threads = True
        self.stub.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def graph_base(self) -> str:
        return f"{self.stub.url}/graph/v21.0"

    @property
    def telegram_base(self) -> str:
        return f"{self.stub.url}/tg"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
