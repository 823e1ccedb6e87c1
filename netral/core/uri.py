"""Links made into RFC 3986 URIs: what an API promises with ``format: uri``.

Ingested and reported links are kept when they are http(s) and have no spaces, which still
allows characters a URI may not hold ("|", "<", "^", non-ASCII letters, a lone "%"). ``to_uri``
percent-encodes them (and turns an internationalised host into its ASCII form), so every link
the API returns is a valid URI; a link that cannot be made one becomes "".
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

_PCHAR = "-._~!$&'()*+,;=:@%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"^[A-Za-z0-9.-]+$")


def to_uri(value: str) -> str:
    """`value` as an RFC 3986 http(s) URI, or "" when it cannot be one."""
    if not value:
        return ""
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a malformed IPv6 literal or port
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return ""
    if not _HOST.match(host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
        if not _HOST.match(host):
            return ""
    netloc = host if port is None else f"{host}:{port}"

    def enc(text: str, extra: str = "") -> str:
        return _LONE_PERCENT.sub("%25", quote(text, safe=_PCHAR + extra))

    return urlunsplit(
        (parts.scheme.lower(), netloc, enc(parts.path, "/"), enc(parts.query, "/?"), enc(parts.fragment, "/?"))
    )
