"""The accused as a registry person: candidates, confirmation, correction, scope, and where the NIP flows."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from netral.cases import selectors, services
from netral.cases.models import Case
from netral.cases.tests.helpers import make_case, to_recommended, walk
from netral.core.models import ObjectChange
from netral.personnel.models import ASN
from netral.personnel.names import normalize_name
from netral.regions.models import Region
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def person(agency: Any, name: str, nip: str, region: str, position: str = "Camat Pataruman", kind: str = "PNS") -> ASN:
    return ASN.objects.create(
        identifier=nip,
        employment_type=kind,
        name=name,
        name_normalized=normalize_name(name),
        position=position,
        agency=agency,
        region=Region.objects.get(code=region),
        region_code=region,
    )


@pytest.fixture
def people(cast: Any) -> dict[str, ASN]:
    return {
        "dedi": person(cast.agency_a, "Dr. Dedi Situmorang, M.Si", "197805122005011002", "32.79"),
        "dadi": person(cast.agency_a, "Dadi Sitompul", "198001012006041003", "32.79", "Lurah Hegarsari"),
        "far": person(cast.agency_b, "Dedi Situmorang", "197901012005011004", "32.14"),
        "pppk": person(cast.agency_a, "Dedi Situmorang", "199001012022212001", "32.79", "Guru", kind="PPPK"),
    }


def changes(case: Case) -> int:
    return ObjectChange.objects.filter(object_type="cases.case", object_id=str(case.pk), action="update").count()


def test_a_case_keeps_the_accused_as_written_and_proposes_candidates_from_it(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    assert case.accused_name == "Dedi Situmorang" and case.accused_status == ""
    found = [c.asn for c in selectors.accused_candidates(case, cast.sup_a)]
    assert people["dedi"] in found and people["pppk"] in found
    assert people["far"] not in found  # another agency's, another region's
    # the identity before confirmation: as written, no NIP
    identity = selectors.accused_identity(case)
    assert identity == {**identity, "name": "Dedi Situmorang", "nip": "", "confirmed": False}


def test_confirming_records_who_when_and_the_registry_identity(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    saved = services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a, expected=services.accused_state(case))
    assert saved.accused_status == "confirmed" and saved.asn == people["dedi"]
    assert saved.accused_by == cast.sup_a and saved.accused_at is not None
    assert changes(case) == 1
    entry = case.transitions.order_by("-id").first()
    assert entry is not None
    assert entry.data == {"accused_status": "confirmed", "asn": people["dedi"].pk}
    assert "197805122005011002" not in str(entry.data)  # the timeline holds ids, never the NIP
    identity = selectors.accused_identity(Case.objects.get(pk=case.pk))
    assert identity["confirmed"] and identity["nip"] == "197805122005011002"
    assert identity["position"] == "Camat Pataruman" and identity["agency"] == cast.agency_a.name


def test_confirming_the_same_person_twice_is_refused_and_changes_nothing(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    with pytest.raises(services.AccusedRefused, match="sudah dikonfirmasi"):
        services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a, reason="lagi")
    assert changes(case) == 1


def test_a_stale_form_is_refused(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    seen = services.accused_state(case)
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_prov, expected=seen)
    with pytest.raises(services.AccusedRefused, match="baru saja diubah"):
        services.confirm_accused(case, people["dadi"].pk, user=cast.sup_a, reason="yang benar Dadi", expected=seen)
    assert Case.objects.get(pk=case.pk).asn == people["dedi"]


def test_a_correction_needs_a_reason_and_stops_at_the_recommendation(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    with pytest.raises(services.AccusedRefused) as refused:
        services.confirm_accused(case, people["dadi"].pk, user=cast.sup_a)
    assert "reason" in refused.value.errors
    fixed = services.confirm_accused(case, people["dadi"].pk, user=cast.sup_a, reason="salah orang, lihat foto")
    assert fixed.asn == people["dadi"] and fixed.accused_reason == "salah orang, lihat foto"
    recommended = to_recommended(Case.objects.get(pk=case.pk), cast)
    with pytest.raises(services.AccusedRefused, match="Rekomendasi"):
        services.confirm_accused(recommended, people["dedi"].pk, user=cast.sup_a, reason="koreksi terlambat")
    assert Case.objects.get(pk=case.pk).asn == people["dadi"]


def test_a_pppk_person_cannot_take_a_pns_only_recommended_sanction(cast: Any, people: dict[str, ASN]) -> None:
    case = to_recommended(make_case(agency=cast.agency_a, name="Dedi Situmorang"), cast)  # berat-turun-jabatan
    with pytest.raises(services.AccusedRefused) as refused:
        services.confirm_accused(case, people["pppk"].pk, user=cast.sup_a)
    assert "asn" in refused.value.errors and Case.objects.get(pk=case.pk).accused_status == ""


def test_not_in_the_registry_needs_a_reason(cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Orang Luar Registri")
    with pytest.raises(services.AccusedRefused):
        services.reject_accused(case, user=cast.sup_a, reason=" ")
    saved = services.reject_accused(case, user=cast.sup_a, reason="honorer, bukan ASN")
    assert saved.accused_status == "rejected" and saved.asn is None
    # then confirming someone is a correction: reason required
    with pytest.raises(services.AccusedRefused):
        services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)


def test_a_person_or_case_outside_the_scope_is_a_404_and_other_roles_are_refused(
    cast: Any, people: dict[str, ASN]
) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    with pytest.raises(Http404):  # a Purwakarta person on a Banjar case, by a Banjar supervisor
        services.confirm_accused(case, people["far"].pk, user=cast.sup_a)
    with pytest.raises(Http404):  # a Banjar case by a Purwakarta supervisor
        services.confirm_accused(case, people["dedi"].pk, user=cast.sup_b)
    with pytest.raises(Http404):
        services.confirm_accused(case, "not-an-id", user=cast.sup_a)
    for user in (cast.bkn, cast.analyst_a, cast.ppk_a):
        with pytest.raises(services.AccusedRefused):
            services.confirm_accused(case, people["dedi"].pk, user=user)
    assert changes(case) == 0 and Case.objects.get(pk=case.pk).accused_status == ""


def login(client: Any, user: Any) -> Any:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_case_page_shows_candidates_and_confirms_one(client: Any, cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    url = reverse("cases:detail", args=[case.number])
    page = login(client, cast.sup_a).get(url).content.decode()
    assert 'id="case-accused"' in page and "197805122005011002" in page  # a candidate, with its NIP
    assert "197901012005011004" not in page  # never another region's person
    post = reverse("cases:accused_confirm", args=[case.number])
    assert client.post(post, {"asn": people["far"].pk}).status_code == 404
    missing = client.post(post, {})
    assert missing.status_code == 400 and "Pilih salah satu kandidat" in missing.content.decode()
    done = client.post(post, {"asn": people["dedi"].pk, "expected": services.accused_state(case)})
    assert done.status_code == 302
    again = client.post(post, {"asn": people["dedi"].pk, "expected": services.accused_state(case)})
    assert again.status_code == 400 and "baru saja diubah" in again.content.decode()
    page = client.get(url).content.decode()
    assert 'id="case-accused-nip"' in page and "19780512 200501 1 002" in page
    # another region's supervisor cannot post at all
    client.logout()
    assert login(client, cast.sup_b).post(post, {"asn": people["dedi"].pk}).status_code == 404


def test_an_analyst_sees_the_panel_without_the_person(client: Any, cast: Any, people: dict[str, ASN]) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    page = login(client, cast.analyst_a).get(reverse("cases:detail", args=[case.number])).content.decode()
    page = page[page.index('id="case-accused"') : page.index("</section>", page.index('id="case-accused"'))]
    assert "Dikonfirmasi" in page and "197805122005011002" not in page and "19780512 200501" not in page
    assert 'id="case-accused-confirm"' not in page


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_nip_reaches_the_ppk_queue_the_list_and_the_export_for_allowed_roles(
    client: Any, cast: Any, people: dict[str, ASN]
) -> None:
    case = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    case = to_recommended(Case.objects.get(pk=case.pk), cast)
    login(client, cast.ppk_a)
    assert "197805122005011002" in client.get(reverse("cases:queue")).content.decode()
    rows = _csv(client.get(reverse("cases:export")))
    assert rows[0][-3:] == ["nama_terlapor", "nip_terlapor", "status_terlapor"]
    mine = [r for r in rows[1:] if r[0] == case.number][0]
    assert mine[-3:] == ["Dr. Dedi Situmorang, M.Si", "197805122005011002", "confirmed"]
    client.logout()
    login(client, cast.sup_a)
    assert "197805122005011002" in client.get(reverse("cases:list")).content.decode()
    client.logout()
    login(client, cast.analyst_a)
    assert "197805122005011002" not in client.get(reverse("cases:list")).content.decode()
    rows = _csv(client.get(reverse("cases:export")))
    assert "nip_terlapor" not in rows[0] and case.number in {r[0] for r in rows[1:]}
    assert not any("197805122005011002" in cell for r in rows for cell in r)


def test_the_recommendation_letter_names_the_confirmed_person(cast: Any, people: dict[str, ASN]) -> None:
    from netral.letters import compose
    from netral.letters import services as letters
    from netral.letters.models import LetterKind
    from netral.letters.tests.helpers import pdf_text

    case = to_recommended(make_case(agency=cast.agency_a, name="Dedi Situmorang"), cast)
    before = compose.accused(case)
    assert before["nip"] == "" and not before["from_registry"]
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    case.refresh_from_db()
    text = pdf_text(bytes(letters.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn).pdf))
    assert "197805122005011002" in text and "Camat Pataruman" in text and cast.agency_a.name in text


def test_the_siasn_block_needs_a_confirmed_person_and_names_it(cast: Any, people: dict[str, ASN]) -> None:
    from django.utils import timezone

    case = to_recommended(make_case(agency=cast.agency_a, name="Dedi Situmorang"), cast)
    Case.objects.filter(pk=case.pk).update(deadline_at=timezone.now() - datetime.timedelta(days=1))
    case = walk(Case.objects.get(pk=case.pk), [("refused", cast.bkn, {})])
    with pytest.raises(services.TransitionRefused) as refused:
        walk(case, [("follow_up", cast.bkn, {"follow_up_action": "data_block"})])
    assert "follow_up_action" in refused.value.errors
    services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    case = walk(Case.objects.get(pk=case.pk), [("follow_up", cast.bkn, {"follow_up_action": "data_block"})])
    last = case.transitions.order_by("-id").first()
    assert last is not None
    assert case.data_blocked and last.data["asn"] == people["dedi"].pk
    from netral.cases.forms import TransitionForm
    from netral.cases.workflow import TRANSITIONS

    form = TransitionForm(TRANSITIONS[("follow_up", "follow_up")], case)
    assert "197805122005011002" in str(form.fields["follow_up_action"].help_text)


def test_the_person_page_lists_reports_cases_and_sanctions_scoped_as_the_registry(
    client: Any, cast: Any, people: dict[str, ASN]
) -> None:
    first = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    second = make_case(agency=cast.agency_a, name="Dedi S.")
    for case in (first, second):
        services.confirm_accused(case, people["dedi"].pk, user=cast.sup_a)
    url = reverse("personnel:detail", args=[people["dedi"].pk])
    page = login(client, cast.sup_a).get(url).content.decode()
    assert "Dilaporkan 2 kali" in page
    assert first.number in page and second.number in page and 'id="person-pledges"' in page
    client.logout()
    assert login(client, cast.sup_b).get(url).status_code == 404  # another region's person


def test_the_join_form_offers_the_other_open_cases_of_the_same_person(
    client: Any, cast: Any, people: dict[str, ASN]
) -> None:
    first = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    second = make_case(agency=cast.agency_a, name="Dr. Dedi S.")
    unconfirmed = make_case(agency=cast.agency_a, name="Dedi Situmorang")
    other_person = make_case(agency=cast.agency_a, name="Dadi Sitompul")
    for case, who in ((first, "dedi"), (second, "dedi"), (other_person, "dadi")):
        services.confirm_accused(case, people[who].pk, user=cast.sup_a)
    page = login(client, cast.sup_a).get(reverse("cases:detail", args=[first.number])).content.decode()
    assert 'id="same-person-cases"' in page
    offered = page.split('id="same-person-cases"')[1].split("</section>")[0]
    assert second.number in offered
    assert unconfirmed.number not in offered and other_person.number not in offered and first.number not in offered
    # the same person's case becomes joined: it is no longer offered
    services.join_cases(first, [second], user=cast.sup_a, reason="satu kejadian")
    again = client.get(reverse("cases:detail", args=[first.number])).content.decode()
    assert 'id="same-person-cases"' not in again
    # a case without a confirmed person offers nothing
    assert selectors.same_person_cases(unconfirmed, cast.sup_a) == []
