"""Races on PostgreSQL with parallel clients: one invitation link submitted twice at once sets
one password; one code (or one recovery code) sent twice at once signs in once."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django_otp.oath import TOTP

from netral.accounts import services, twofactor
from netral.accounts.models import Invitation, User

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="needs several connections to one database server (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]
N = 8


def race(fn: Callable[[int], Any]) -> list[Any]:
    """Run fn(i) in N threads released together; each result or exception, in order."""
    barrier = threading.Barrier(N)
    results: list[Any] = [None] * N

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the refusal is the result under test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_one_link_submitted_at_once_from_many_clients_sets_one_password(cast: Any) -> None:
    user = User.objects.create_user("baru", email="baru@example.test", role="supervisor")
    user.set_unusable_password()
    user.save()
    token = services.issue_link(user, Invitation.Purpose.INVITE, by=cast.admin)
    passwords = [f"Sandi-kuat-nomor-{i}x" for i in range(N)]
    results = race(lambda i: services.accept_link(token, passwords[i]))
    won = [i for i, r in enumerate(results) if isinstance(r, User)]
    refused = [r for r in results if isinstance(r, services.LinkRefused)]
    assert len(won) == 1 and len(refused) == N - 1
    assert {r.state for r in refused} == {"used"}
    user.refresh_from_db()
    assert user.check_password(passwords[won[0]])


def test_one_code_sent_at_once_from_many_clients_passes_once(cast: Any) -> None:
    device = twofactor.pending_device(cast.sup_a)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert twofactor.confirm_enrolment(cast.sup_a, f"{totp.token():06d}")[0].ok
    totp.time = time.time() + device.step
    code = f"{totp.token():06d}"
    results = race(lambda i: twofactor.verify(cast.sup_a, code).ok)
    assert results.count(True) == 1 and results.count(False) == N - 1


def test_one_recovery_code_sent_at_once_passes_once(cast: Any) -> None:
    device = twofactor.pending_device(cast.sup_a)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    _check, codes = twofactor.confirm_enrolment(cast.sup_a, f"{totp.token():06d}")
    results = race(lambda i: twofactor.verify(cast.sup_a, codes[0]).ok)
    assert results.count(True) == 1
    assert twofactor.recovery_left(cast.sup_a) == len(codes) - 1
