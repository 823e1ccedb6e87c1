"""Logging helpers: every line carries the request id; personal data is never passed to loggers."""

import logging

from netral.core.context import current_request_id


class RequestIDFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
