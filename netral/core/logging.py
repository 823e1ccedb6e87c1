"""Logging: every line carries the request id; personal data is kept out twice over.

Services never pass personal data to a logger (reports log ids only). As a second line of defence
``RedactFilter`` masks what looks like a NIK or NIP (16/18 digits), a phone number or an e-mail
address in every message and its arguments, so a careless log line in some future code cannot put
a reporter's identity into the logs. ``JsonFormatter`` writes one JSON object per line for log
collectors (``LOG_FORMAT=json``).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from netral.core.context import current_request_id

_PII = re.compile(
    r"(?<!\d)(?:\d[ .-]?){15}\d(?:(?:[ .-]?\d){2})?(?!\d)"  # NIK (16) / NIP (18), spaced or not
    r"|(?<![\w+])(?:\+62|62|0)8\d{1,3}[ -]?\d{3,4}[ -]?\d{3,5}(?!\d)"  # Indonesian mobile numbers
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)
MASK = "[disamarkan]"


def redact(text: str) -> str:
    return _PII.sub(MASK, text)


class RequestIDFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class RedactFilter(logging.Filter):
    """Mask identifiers, phone numbers and e-mail addresses in the final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", ""),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
