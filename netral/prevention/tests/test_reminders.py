"""Calendar reminders: no circular before penetapan, low coverage before kampanye; sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from netral.core.context import acting
from netral.prevention import services
from netral.prevention.models import ReminderSent
from netral.prevention.reminders import due_reminders, send_reminders
from netral.prevention.tests.helpers import make_asn, national_text, nip, pilkada

pytestmark = pytest.mark.django_db

DETERMINATION = datetime.date(2024, 9, 22)
CAMPAIGN = datetime.date(2024, 9, 25)


def to(user):
    return [m for m in mail.outbox if user.email in m.to]


def _circular(user, agency, day=datetime.date(2024, 9, 1), number="SE-1"):
    with acting(user):
        services.create_circular(
            user,
            agency=agency,
            number=number,
            date=day,
            subject="Netralitas ASN",
            signer_name="Kepala Daerah",
            signer_title="Bupati",
        )


def test_it_reminds_an_agency_without_a_circular_once(cast):
    election = pilkada()
    _circular(cast.ppk_b, cast.agency_b)
    day = DETERMINATION - datetime.timedelta(days=10)
    sent = send_reminders(election, day)
    assert [(r.agency, r.kind) for r in sent if r.agency == cast.agency_a] == [(cast.agency_a, "no_circular")]
    assert len(to(cast.ppk_a)) == 1
    assert "belum mencatat surat edaran" in to(cast.ppk_a)[0].body
    assert to(cast.ppk_b) == []  # Purwakarta issued one
    assert ReminderSent.objects.filter(agency=cast.agency_a, kind="no_circular").count() == 1
    before = len(mail.outbox)
    assert send_reminders(election, day) == []
    assert send_reminders(election, day + datetime.timedelta(days=3)) == []
    assert len(mail.outbox) == before


def test_it_waits_until_the_window_opens(cast):
    assert send_reminders(pilkada(), DETERMINATION - datetime.timedelta(days=11)) == []
    assert mail.outbox == []


def test_it_honours_the_configured_lead_time(cast, settings):
    settings.PREVENTION_CIRCULAR_REMINDER_DAYS = 20
    send_reminders(pilkada(), DETERMINATION - datetime.timedelta(days=15))
    assert len(to(cast.ppk_a)) == 1


def test_it_reminds_low_coverage_before_the_campaign(cast):
    election = pilkada()
    _circular(cast.ppk_a, cast.agency_a)
    text = national_text()
    people = [make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 300 + i)) for i in range(5)]
    for person in people[:3]:
        services.sign_pledge(person, text, election=election)  # 60% < 80%
    day = CAMPAIGN - datetime.timedelta(days=10)
    sent = [r for r in send_reminders(election, day) if r.agency == cast.agency_a]
    assert [r.kind for r in sent] == ["low_coverage"]
    assert "Baru 3 dari 5 ASN" in to(cast.ppk_a)[0].body


def test_it_does_not_remind_when_coverage_reaches_the_threshold(cast):
    election = pilkada()
    _circular(cast.ppk_a, cast.agency_a)
    text = national_text()
    people = [make_asn(cast.agency_a, identifier=nip("19800101", "200503", "1", 400 + i)) for i in range(5)]
    for person in people[:4]:
        services.sign_pledge(person, text, election=election)  # 80%
    due = due_reminders(election, CAMPAIGN - datetime.timedelta(days=5))
    assert [r for r in due if r.agency == cast.agency_a] == []


def test_it_runs_as_a_command(cast, capsys):
    call_command("send_prevention_reminders", "--date", "2024-09-12", "--election", "pilkada2024")
    out = capsys.readouterr().out
    assert "no_circular\tpemkot-banjar" in out
    assert len(to(cast.ppk_a)) == 1
    call_command("send_prevention_reminders", "--date", "2024-09-12", "--election", "pilkada2024")
    assert len(to(cast.ppk_a)) == 1
    assert "0 pengingat terkirim" in capsys.readouterr().out


def test_it_shows_reminders_on_the_index(cast, client, time_machine):
    time_machine.move_to(datetime.datetime(2024, 9, 15, 9, tzinfo=datetime.UTC))
    client.force_login(cast.ppk_a)
    page = client.get("/pencegahan/").content.decode()
    assert 'id="reminders"' in page
    assert "belum mencatat surat edaran" in page
    send_reminders(pilkada(), datetime.date(2024, 9, 15))
    time_machine.move_to(datetime.datetime(2025, 1, 15, 9, tzinfo=datetime.UTC))
    client.force_login(cast.ppk_a)  # the session of September has expired
    page = client.get("/pencegahan/").content.decode()
    assert 'id="reminders"' not in page  # after voting day nothing is due any more …
    assert 'id="sent-reminders"' in page  # … but what was sent stays visible
    client.force_login(cast.ppk_b)
    assert "Pemerintah Kota Banjar belum" not in client.get("/pencegahan/").content.decode()
