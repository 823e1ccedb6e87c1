"""Turning uploaded bytes into raw inbox items: pure functions, no database, no Django models.

Formats: ``.txt`` (one document), ``.jsonl`` (one ``{"id", "text", "url"?, "title"?,
"published"?}`` per line), RSS 2.0 and Atom feeds, and pasted text. A bad line or entry
becomes an item with an ``error`` (``<file>:<line>`` in its id) and parsing goes on; only a
file that yields nothing usable at all raises :class:`IngestError`, which the upload form
shows at the field.

Feeds are parsed with the standard library's ElementTree (defusedxml when installed). Any
DOCTYPE or ENTITY declaration is refused before parsing, so entity-expansion ("billion
laughs") and external-entity tricks never reach the parser.
"""

from __future__ import annotations

import datetime
import email.utils
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as StdET

from django.utils.translation import gettext as _

from netral.core.uri import to_uri

try:  # pragma: no cover - depends on the environment
    from defusedxml import ElementTree as SafeET  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    SafeET = None

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ITEMS = 5_000
MAX_TEXT_BYTES = 1024 * 1024
TITLE_MAX = 300

_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


class IngestError(ValueError):
    """The whole file is unusable (empty, binary, not UTF-8, not a feed): nothing is stored."""


@dataclass
class RawItem:
    """One document as found in the upload, before analysis; ``error`` set when it is unusable."""

    external_id: str
    text: str = ""
    title: str = ""
    url: str = ""
    published_at: datetime.datetime | None = None
    platform: str = ""
    error: str = ""


@dataclass
class Parsed:
    """What a file yielded: its kind, items in order, and a note when items were capped."""

    source_kind: str
    items: list[RawItem] = field(default_factory=list)
    note: str = ""
    sha256: str = ""
    size: int = 0


# --- small helpers ------------------------------------------------------------------------


def is_binary(text: str) -> bool:
    """NUL or many control characters in the first 4 KB: a binary file, not text."""
    sample = text[:4096]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def platform_of(url: str) -> str:
    """A short platform name from a URL's host (x, facebook, tiktok...), else the host itself."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    for name, hosts in (
        ("x", ("x.com", "twitter.com")),
        ("facebook", ("facebook.com", "fb.com", "fb.watch")),
        ("instagram", ("instagram.com",)),
        ("tiktok", ("tiktok.com", "vt.tiktok.com")),
        ("youtube", ("youtube.com", "youtu.be")),
        ("whatsapp", ("whatsapp.com", "wa.me")),
    ):
        if host in hosts or any(host.endswith("." + h) for h in hosts):
            return name
    return host[:60]


def clean_url(value: Any) -> str:
    """Only http(s) URLs of sane length are kept (a ``javascript:`` link never reaches a page)."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if len(value) > 1000 or not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        return ""
    uri = to_uri(value)  # stored as an RFC 3986 URI: what the API promises
    return uri if len(uri) <= 1000 else ""


def parse_datetime(value: Any) -> datetime.datetime | None:
    """ISO 8601 (JSONL, Atom) or RFC 822 (RSS) into an aware datetime; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    dt: datetime.datetime | None
    try:
        dt = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.UTC)
    return dt


def first_line_title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:TITLE_MAX]
    return ""


def check_text(item: RawItem) -> RawItem:
    """Per-item checks: empty, too long, binary. Sets ``error`` (and drops the text) when unusable."""
    if item.error:
        return item
    text = item.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        item.error = _("Teks kosong.")
        item.text = ""
    elif len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        item.error = _("Teks melebihi batas %(limit)s bita per butir.") % {"limit": f"{MAX_TEXT_BYTES:,}"}
        item.text = ""
    elif is_binary(text):
        item.error = _("Isi biner, bukan teks.")
        item.text = ""
    else:
        item.text = text
    if not item.title and item.text:
        item.title = first_line_title(item.text)
    item.title = item.title[:TITLE_MAX]
    item.external_id = item.external_id[:255]
    return item


def decode(raw: bytes, where: str) -> str:
    """Strict UTF-8 (a BOM is dropped); the error says at which byte it broke."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            _("%(where)s: bukan teks UTF-8 yang sah (bita ke-%(offset)s).") % {"where": where, "offset": exc.start}
        ) from exc


class _TextExtractor(HTMLParser):
    """HTML → plain text: drops script/style, turns block tags into line breaks."""

    BLOCK = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})
    SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def strip_html(value: str) -> str:
    """Plain text of an HTML fragment, with paragraphs kept as lines."""
    if "<" not in value and "&" not in value:
        return value.strip()
    parser = _TextExtractor()
    try:
        parser.feed(value)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; keep the raw text if it ever gives up
        return value.strip()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


# --- formats --------------------------------------------------------------------------------


def parse_txt(raw: bytes, name: str) -> list[RawItem]:
    """A ``.txt`` file is one document; its id is the file name."""
    text = decode(raw, name)
    if is_binary(text):
        raise IngestError(_("%(name)s: berkas biner, bukan teks.") % {"name": name})
    if not text.strip():
        raise IngestError(_("%(name)s: berkas kosong.") % {"name": name})
    return [check_text(RawItem(external_id=name, text=text))]


def _jsonl_item(line: bytes, where: str) -> RawItem:
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return RawItem(external_id=where, error=_("Bukan UTF-8 yang sah (bita ke-%(offset)s).") % {"offset": exc.start})
    try:
        obj = json.loads(text)
    except RecursionError:
        return RawItem(external_id=where, error=_("Baris JSON bersarang terlalu dalam."))
    except ValueError as exc:
        return RawItem(external_id=where, error=_("Baris JSON rusak: %(detail)s") % {"detail": str(exc)[:200]})
    if not isinstance(obj, dict):
        return RawItem(external_id=where, error=_("Baris JSON harus berupa objek {…}."))
    raw_id = obj.get("id")
    ext_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else where
    body = obj.get("text")
    if not isinstance(body, str):
        return RawItem(external_id=ext_id, error=_('%(where)s: tidak ada isian teks "text".') % {"where": where})
    url = clean_url(obj.get("url"))
    platform = obj.get("platform") if isinstance(obj.get("platform"), str) else ""
    return check_text(
        RawItem(
            external_id=ext_id,
            text=body,
            title=obj["title"].strip() if isinstance(obj.get("title"), str) else "",
            url=url,
            published_at=parse_datetime(obj.get("published")),
            platform=(platform or platform_of(url))[:60],
        )
    )


def parse_jsonl(raw: bytes, name: str) -> Iterator[RawItem]:
    """One item per non-empty line; a malformed line becomes an error item ``<file>:<line>``."""
    for lineno, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        item = _jsonl_item(line.strip(), f"{name}:{lineno}")
        if item.error and not item.error.startswith(f"{name}:"):
            item.error = f"{name}:{lineno}: {item.error}"
        yield item


def _text_of(el: Any) -> str:
    """All text inside an element (an Atom ``type="xhtml"`` body has child elements)."""
    if el is None:
        return ""
    if el.get("type") == "xhtml" or len(el):
        return strip_html(StdET.tostring(el, encoding="unicode", method="html"))
    return el.text or ""


def _feed_root(raw: bytes, name: str) -> Any:
    # CDATA is never parsed, so HTML quoted there (even "<!DOCTYPE html>") is not a declaration.
    if _DECL.search(_CDATA.sub(b"", raw)):
        raise IngestError(_("%(name)s: deklarasi DOCTYPE/ENTITY ditolak demi keamanan.") % {"name": name})
    parser = SafeET if SafeET is not None else StdET
    try:
        return parser.fromstring(raw)
    except StdET.ParseError as exc:
        raise IngestError(_("%(name)s: umpan XML rusak (%(detail)s).") % {"name": name, "detail": exc}) from exc
    except Exception as exc:  # noqa: BLE001 - defusedxml raises its own classes (forbidden constructs)
        raise IngestError(_("%(name)s: umpan XML ditolak (%(detail)s).") % {"name": name, "detail": exc}) from exc


def feed_kind(root: Any) -> str | None:
    if root.tag == "rss" or root.tag.endswith("RDF"):
        return "rss"
    if root.tag == f"{ATOM}feed":
        return "atom"
    return None


def _rss_items(root: Any, name: str) -> Iterator[RawItem]:
    for n, entry in enumerate(root.iter("item"), start=1):
        where = f"{name}:item[{n}]"
        title = strip_html(_text_of(entry.find("title")))
        link = clean_url(_text_of(entry.find("link")).strip())
        guid = _text_of(entry.find("guid")).strip()
        body = _text_of(entry.find(CONTENT_ENCODED)) or _text_of(entry.find("description"))
        text = strip_html(body)
        if title and text and not text.startswith(title):
            text = f"{title}\n{text}"
        elif title and not text:
            text = title
        published = parse_datetime(_text_of(entry.find("pubDate"))) or parse_datetime(_text_of(entry.find(DC_DATE)))
        item = RawItem(
            external_id=(guid or link or where)[:255],
            text=text,
            title=title,
            url=link,
            published_at=published,
            platform=platform_of(link),
        )
        yield _feed_item(item, where)


def _atom_items(root: Any, name: str) -> Iterator[RawItem]:
    for n, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        where = f"{name}:entry[{n}]"
        title = strip_html(_text_of(entry.find(f"{ATOM}title")))
        link = ""
        for ln in entry.findall(f"{ATOM}link"):
            if ln.get("rel", "alternate") == "alternate":
                link = clean_url(ln.get("href", ""))
                break
        content = entry.find(f"{ATOM}content")
        if content is None or not _text_of(content).strip():
            content = entry.find(f"{ATOM}summary")
        text = strip_html(_text_of(content))
        if title and text and not text.startswith(title):
            text = f"{title}\n{text}"
        elif title and not text:
            text = title
        published = parse_datetime(_text_of(entry.find(f"{ATOM}published"))) or parse_datetime(
            _text_of(entry.find(f"{ATOM}updated"))
        )
        ext = _text_of(entry.find(f"{ATOM}id")).strip()
        yield _feed_item(
            RawItem(
                external_id=(ext or link or where)[:255],
                text=text,
                title=title,
                url=link,
                published_at=published,
                platform=platform_of(link),
            ),
            where,
        )


def _feed_item(item: RawItem, where: str) -> RawItem:
    item = check_text(item)
    if item.error:
        item.error = f"{where}: {item.error}"
    return item


def parse_feed(raw: bytes, name: str) -> tuple[str, list[RawItem]]:
    """RSS 2.0 (also RSS 1.0/RDF items) or Atom; returns the feed kind and its entries."""
    root = _feed_root(raw, name)
    kind = feed_kind(root)
    if kind is None:
        raise IngestError(_("%(name)s: bukan umpan RSS atau Atom.") % {"name": name})
    if kind == "rss":
        items = list(_rss_items(root, name))
        if not items:  # RSS 1.0 puts items in the RDF namespace
            items = [
                _feed_item(
                    RawItem(
                        external_id=f"{name}:item[{n}]",
                        title=strip_html(_text_of(el.find("{http://purl.org/rss/1.0/}title"))),
                        text=strip_html(_text_of(el.find("{http://purl.org/rss/1.0/}description"))),
                        url=clean_url(_text_of(el.find("{http://purl.org/rss/1.0/}link")).strip()),
                    ),
                    f"{name}:item[{n}]",
                )
                for n, el in enumerate(root.iter("{http://purl.org/rss/1.0/}item"), start=1)
            ]
    else:
        items = list(_atom_items(root, name))
    if not items:
        raise IngestError(_("%(name)s: umpan tidak berisi entri.") % {"name": name})
    return kind, items


def sniff_kind(raw: bytes, name: str) -> str:
    """txt / jsonl / feed, from the extension first and the content second."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith((".xml", ".rss", ".atom", ".rdf")):
        return "feed"
    if lower.endswith(".txt"):
        return "txt"
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed"
    lines = [ln.strip() for ln in raw[:65536].split(b"\n") if ln.strip()]
    if lines and all(ln.startswith(b"{") for ln in lines[:20]):
        return "jsonl"
    return "txt"


def parse_file(raw: bytes, name: str) -> Parsed:
    """Parse an uploaded file into items (capped); raise IngestError when nothing is usable.

    Steps: (1) size cap and empty check; (2) pick the format; (3) parse, turning bad lines
    or entries into error items; (4) cap the item count with a note.
    """
    name = (name or "unggahan").replace("\\", "/").rsplit("/", 1)[-1][:200] or "unggahan"
    size = len(raw)
    if size > MAX_FILE_BYTES:
        raise IngestError(
            _("%(name)s: berkas %(size)s bita melebihi batas %(limit)s bita.")
            % {"name": name, "size": f"{size:,}", "limit": f"{MAX_FILE_BYTES:,}"}
        )
    if not raw.strip():
        raise IngestError(_("%(name)s: berkas kosong.") % {"name": name})
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(_("%(name)s: berkas UTF-16; simpan ulang sebagai UTF-8.") % {"name": name})
    if b"\x00" in raw[:8192]:
        raise IngestError(_("%(name)s: berkas biner, bukan teks.") % {"name": name})
    try:
        return _parse_kind(raw, name, size)
    except RecursionError as exc:  # absurdly nested XML: refuse the file rather than crash the worker
        raise IngestError(_("%(name)s: struktur berkas bersarang terlalu dalam.") % {"name": name}) from exc


def _parse_kind(raw: bytes, name: str, size: int) -> Parsed:
    parsed = Parsed(source_kind="txt", sha256=hashlib.sha256(raw).hexdigest(), size=size)
    kind = sniff_kind(raw, name)
    if kind == "jsonl":
        parsed.source_kind = "jsonl"
        items: list[RawItem] = []
        for item in parse_jsonl(raw, name):
            if len(items) >= MAX_ITEMS:
                parsed.note = _note_capped()
                break
            items.append(item)
    elif kind == "feed":
        parsed.source_kind, items = parse_feed(raw, name)
        if len(items) > MAX_ITEMS:
            items = items[:MAX_ITEMS]
            parsed.note = _note_capped()
    else:
        items = parse_txt(raw, name)
    if not items:
        raise IngestError(_("%(name)s: tidak ada butir yang dapat dibaca.") % {"name": name})
    parsed.items = items
    return parsed


def _note_capped() -> str:
    return _("Berkas berisi lebih dari %(limit)s butir; hanya %(limit)s butir pertama yang diproses.") % {
        "limit": f"{MAX_ITEMS:,}"
    }


def parse_paste(text: str, url: str = "", title: str = "") -> Parsed:
    """Pasted text is one document (the form already checked it is not empty)."""
    raw = text.encode("utf-8", "surrogatepass")
    item = check_text(RawItem(external_id="tempel", text=text, title=title.strip(), url=clean_url(url)))
    item.platform = platform_of(item.url)
    if item.error:
        raise IngestError(item.error)
    return Parsed(source_kind="paste", items=[item], sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
