"""Per-request context (request id, acting user) that services and logs read.

Kept in contextvars rather than thread-locals so it also holds under ASGI and in tasks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from netral.core.types import RequestUser, User

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
user_var: ContextVar[RequestUser | None] = ContextVar("user", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


def current_user() -> User | None:
    user = user_var.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return cast("User", user)


@contextmanager
def acting(user: RequestUser | None = None, request_id: str | None = None) -> Iterator[str]:
    """Run a block (a command, a task, a test) as `user` with its own request id."""
    rid = request_id or new_request_id()
    t1 = request_id_var.set(rid)
    t2 = user_var.set(user)
    try:
        yield rid
    finally:
        request_id_var.reset(t1)
        user_var.reset(t2)
