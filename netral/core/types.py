"""The user types that services and selectors annotate with, defined once.

``User`` is the signed-in person (``accounts.User``, the ``AUTH_USER_MODEL``): what a service that
writes receives. ``RequestUser`` is whatever ``request.user`` holds, an anonymous visitor included:
what the scoping functions and the selectors a public page may call receive (an anonymous user
simply sees nothing). Annotation only: core sits below accounts, so nothing is imported at run time;
import these names under ``if TYPE_CHECKING:`` (modules use ``from __future__ import annotations``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from netral.accounts.models import User as User

    RequestUser: TypeAlias = User | AnonymousUser
