"""Races on PostgreSQL with parallel clients: one invitation link submitted twice at once sets
one password; one code (or one recovery code) sent twice at once signs in once."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.oath import TOTP

from netral.accounts import services, twofactor
from netral.accounts.models import Invitation, User
from netral.testing import in_parallel, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
N = 8


def test_one_link_submitted_at_once_from_many_clients_sets_one_password(cast: Any) -> None:
    user = User.objects.create_user("baru", email="baru@example.test", role="supervisor")
    user.set_unusable_password()
    user.save()
    token = services.issue_link(user, Invitation.Purpose.INVITE, by=cast.admin)
    passwords = [f"Sandi-kuat-nomor-{i}x" for i in range(N)]
    results, errors = in_parallel(N, lambda i: (i, services.accept_link(token, passwords[i])))
    refused = [e for e in errors if isinstance(e, services.LinkRefused)]
    assert len(results) == 1 and len(refused) == N - 1 == len(errors)
    assert {r.state for r in refused} == {"used"}
    user.refresh_from_db()
    assert user.check_password(passwords[results[0][0]])


def test_one_code_sent_at_once_from_many_clients_passes_once(cast: Any) -> None:
    device = twofactor.pending_device(cast.sup_a)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert twofactor.confirm_enrolment(cast.sup_a, f"{totp.token():06d}")[0].ok
    totp.time = time.time() + device.step
    code = f"{totp.token():06d}"
    results, errors = in_parallel(N, lambda i: twofactor.verify(cast.sup_a, code).ok)
    assert not errors and results.count(True) == 1 and results.count(False) == N - 1


def test_one_recovery_code_sent_at_once_passes_once(cast: Any) -> None:
    device = twofactor.pending_device(cast.sup_a)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    _check, codes = twofactor.confirm_enrolment(cast.sup_a, f"{totp.token():06d}")
    results, errors = in_parallel(N, lambda i: twofactor.verify(cast.sup_a, codes[0]).ok)
    assert not errors and results.count(True) == 1
    assert twofactor.recovery_left(cast.sup_a) == len(codes) - 1
