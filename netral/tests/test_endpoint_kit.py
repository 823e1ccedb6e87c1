"""The permission kit (netral.testing.check) over every model that has a list or an API endpoint.

Each entry builds one object in Kota Banjar (32.79, agency A) and declares the URLs that list, show,
export or serve it; each (model, persona) pair is one test. The personas: anonymous, a role whose rule
excludes the object ("wrong role"), the Banjar user who may see it, and the same role in Purwakarta
(32.14). Query counts are held to netral/tests/query_baselines.json (pytest --update-query-baselines).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from netral.testing import PERSONAS, Cast, Endpoint, EndpointSet, check

pytestmark = pytest.mark.django_db

MARK = "Kitsubjek Banjar"  # a name no fixture else uses: its presence in an answer means the object is there


def _case(cast: Cast, **extra: Any) -> Any:
    from netral.api.tests.factories import make_case

    return make_case("32.79", agency=cast.agency_a, subject_name=MARK, **extra)


def cases(cast: Cast) -> EndpointSet:
    case = _case(cast)
    _case(cast)  # two rows: a count that grows per row shows against the baseline
    n = case.number
    return EndpointSet(
        "cases.Case",
        [
            Endpoint("page list", reverse("cases:list"), n),
            Endpoint("page queue", reverse("cases:queue"), n),
            Endpoint("page detail", reverse("cases:detail", args=[n]), n, names_object=True),
            Endpoint("export csv", reverse("cases:export"), n),
            Endpoint("case pdf", reverse("cases:pdf", args=[n]), "%PDF", names_object=True),
            Endpoint("history", reverse("core:object_history", args=["cases.case", case.pk]), n, names_object=True),
            Endpoint("analytics list", reverse("analytics:cases"), n),
            Endpoint("analytics csv", reverse("analytics:case_export", args=["csv"]), n),
            Endpoint("api list", "/api/v1/cases/", n, api=True),
            Endpoint("api detail", f"/api/v1/cases/{n}/", n, api=True, names_object=True),
            Endpoint("api transitions", f"/api/v1/cases/{n}/transitions/", "received", api=True, names_object=True),
        ],
        wrong_role="bkn",  # a case just received is no business of BKN yet
    )


def reports(cast: Cast) -> EndpointSet:
    report = _case(cast).reports.get()
    _case(cast)
    return EndpointSet(
        "reports.Report",
        [
            Endpoint("page detail", reverse("reports:detail", args=[report.pk]), MARK, names_object=True),
            Endpoint("analytics list", reverse("analytics:reports"), MARK),
            Endpoint("analytics csv", reverse("analytics:report_export", args=["csv"]), MARK),
            Endpoint("api list", "/api/v1/reports/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/reports/{report.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_a",  # the subject's own PPK sees a report only once its case is recommended
    )


def asn(cast: Cast) -> EndpointSet:
    from netral.cases.models import Case
    from netral.prevention.tests.helpers import make_asn

    person = make_asn(cast.agency_a, name=MARK)
    other = make_asn(cast.agency_a, name="Kitsubjek Kedua")
    for named in (person, other):  # the analytics list shows the ASN named in cases
        Case.objects.filter(pk=_case(cast).pk).update(asn=named)
    return EndpointSet(
        "personnel.ASN",
        [
            Endpoint("page list", reverse("personnel:list"), MARK),
            Endpoint("page detail", reverse("personnel:detail", args=[person.pk]), MARK, names_object=True),
            Endpoint("analytics list", reverse("analytics:persons"), MARK),
            Endpoint("analytics csv", reverse("analytics:person_export", args=["csv"]), MARK),
            Endpoint("api list", "/api/v1/asn/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/asn/{person.identifier}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",  # another agency's officer
    )


def _record(model: Any, cast: Cast, **fields: Any) -> Any:
    from netral.regions.models import Election

    return model.objects.create(
        agency=cast.agency_a,
        region=cast.agency_a.region,
        election=Election.objects.get(code="pilkada2024"),
        **fields,
    )


def pledge_events(cast: Cast) -> EndpointSet:
    from netral.prevention.models import PledgeEvent

    day = datetime.date(2024, 9, 2)
    event = _record(PledgeEvent, cast, kind="ikrar", title=MARK, date=day, place="Aula")
    _record(PledgeEvent, cast, kind="ikrar", title="Ikrar kedua", date=day, place="Aula")
    rows = reverse("analytics:prevention_rows", args=["events"])
    return EndpointSet(
        "prevention.PledgeEvent",
        [
            Endpoint("page detail", reverse("prevention:event_detail", args=[event.pk]), MARK, names_object=True),
            Endpoint("analytics list", rows, MARK),
            Endpoint("analytics csv", reverse("analytics:prevention_export", args=["events", "csv"]), MARK),
            Endpoint("api list", "/api/v1/prevention/pledge-events/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/pledge-events/{event.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def circulars(cast: Cast) -> EndpointSet:
    from netral.prevention.models import Circular

    def make(number: str, subject: str) -> Any:
        signer = {"signer_name": "Pj Wali Kota", "signer_title": "Pj Wali Kota"}
        return _record(Circular, cast, number=number, date=datetime.date(2024, 9, 1), subject=subject, **signer)

    circular = make("800/1/2024", MARK)
    make("800/2/2024", "Netralitas ASN")
    return EndpointSet(
        "prevention.Circular",
        [
            Endpoint("page detail", reverse("prevention:circular_detail", args=[circular.pk]), MARK, names_object=True),
            Endpoint("analytics list", reverse("analytics:prevention_rows", args=["circulars"]), MARK),
            Endpoint("analytics csv", reverse("analytics:prevention_export", args=["circulars", "csv"]), MARK),
            Endpoint("api list", "/api/v1/prevention/circulars/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/circulars/{circular.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def activities(cast: Cast) -> EndpointSet:
    from netral.prevention.models import PreventionActivity

    day = datetime.date(2024, 9, 3)
    activity = _record(PreventionActivity, cast, kind="socialisation", title=MARK, date=day)
    _record(PreventionActivity, cast, kind="socialisation", title="Sosialisasi kedua", date=day)
    return EndpointSet(
        "prevention.PreventionActivity",
        [
            Endpoint("page detail", reverse("prevention:activity_detail", args=[activity.pk]), MARK, names_object=True),
            Endpoint("api list", "/api/v1/prevention/activities/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/activities/{activity.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def venue_decrees(cast: Cast) -> EndpointSet:
    from netral.prevention.models import VenueDecree

    def make(number: str, title: str) -> Any:
        start, end = datetime.date(2024, 9, 25), datetime.date(2024, 11, 23)
        return _record(VenueDecree, cast, number=number, date=start, title=title, period_start=start, period_end=end)

    decree = make("100/1/2024", MARK)
    make("100/2/2024", "Keputusan kedua")
    return EndpointSet(
        "prevention.VenueDecree",
        [
            Endpoint("page detail", reverse("prevention:decree_detail", args=[decree.pk]), MARK, names_object=True),
            Endpoint("api list", "/api/v1/prevention/venue-decrees/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/venue-decrees/{decree.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def pledge_signatures(cast: Cast) -> EndpointSet:
    from netral.prevention.services import sign_pledge
    from netral.prevention.tests.helpers import make_asn, national_text, pilkada

    text = national_text()
    signature, _ = sign_pledge(make_asn(cast.agency_a, name=MARK), text, election=pilkada(), channel="akun")
    sign_pledge(make_asn(cast.agency_a, name="Kitsubjek Kedua"), text, election=pilkada(), channel="akun")
    pk = signature.pk
    return EndpointSet(
        "prevention.PledgeSignature",
        [
            Endpoint("analytics list", reverse("analytics:prevention_rows", args=["signers"]), MARK),
            Endpoint("analytics csv", reverse("analytics:prevention_export", args=["signers", "csv"]), MARK),
            Endpoint("api list", "/api/v1/prevention/pledge-signatures/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/pledge-signatures/{pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def pledge_texts(cast: Cast) -> EndpointSet:
    from netral.prevention.models import PledgeText
    from netral.prevention.tests.helpers import PLEDGE_BODY

    start = datetime.date(2024, 1, 1)
    text = PledgeText.objects.create(
        kind="ikrar", version=1, title=MARK, body=PLEDGE_BODY, effective_from=start, agency=cast.agency_a
    )
    return EndpointSet(
        "prevention.PledgeText",
        [
            Endpoint("api list", "/api/v1/prevention/pledge-texts/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/prevention/pledge-texts/{text.pk}/", MARK, api=True, names_object=True),
        ],
        in_scope="ppk_a",
        wrong_role="ppk_b",
        other_region="sup_other",
    )


def _batch(cast: Cast) -> Any:
    from netral.monitoring.models import Batch, Item

    batch = Batch.objects.create(
        uploaded_by=cast.sup_a, region_code="32.79", source_kind="paste", file_name=MARK, total=2, status="done"
    )
    for text in (f"{MARK} ikut kampanye paslon", "Camat hadir di deklarasi"):
        Item.objects.create(batch=batch, text=text, region_code="32.79", score=0.9, relevant=True, status="analysed")
    return batch


def monitoring_items(cast: Cast) -> EndpointSet:
    item = _batch(cast).items.order_by("pk").first()
    assert item is not None
    return EndpointSet(
        "monitoring.Item",
        [
            Endpoint("page inbox", reverse("monitoring:inbox"), MARK),
            Endpoint("page detail", reverse("monitoring:item", args=[item.pk]), MARK, names_object=True),
            Endpoint("page copies", reverse("monitoring:copies", args=[item.pk]), "", names_object=True),
            Endpoint("api list", "/api/v1/monitoring/items/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/monitoring/items/{item.pk}/", MARK, api=True, names_object=True),
        ],
        wrong_role="ppk_a",
    )


def monitoring_batches(cast: Cast) -> EndpointSet:
    batch = _batch(cast)
    return EndpointSet(
        "monitoring.Batch",
        [
            Endpoint("page list", reverse("monitoring:batches"), MARK),
            Endpoint("page detail", reverse("monitoring:batch", args=[batch.pk]), MARK, names_object=True),
        ],
        wrong_role="ppk_a",
    )


def import_runs(cast: Cast) -> EndpointSet:
    from netral.personnel.models import ImportRun

    run = ImportRun.objects.create(
        agency=cast.agency_a, user=cast.ppk_a, file_name=f"{MARK}.csv", file_sha256="0" * 64, file_format="csv"
    )
    return EndpointSet(
        "personnel.ImportRun",
        [
            Endpoint("page status", reverse("personnel:import_status", args=[run.pk]), MARK, names_object=True),
            Endpoint("errors csv", reverse("personnel:import_errors", args=[run.pk]), "", names_object=True),
        ],
        in_scope="ppk_a",
        wrong_role="bkn",
        other_region="ppk_b",
    )


def staff(cast: Cast) -> EndpointSet:
    from netral.accounts.choices import Role, SupervisorLevel
    from netral.testing import make_user

    for head in (cast.sup_a, cast.sup_b):
        head.is_head = True
        head.save(update_fields=["is_head"])
    member = make_user(
        "kitstaf_banjar", Role.SUPERVISOR, region_code="32.79", level=SupervisorLevel.REGENCY, first_name=MARK
    )
    return EndpointSet(
        "accounts.User",
        [
            Endpoint("page list", reverse("accounts:staff_list"), member.username),
            Endpoint(
                "page detail", reverse("accounts:staff_detail", args=[member.pk]), member.username, names_object=True
            ),
        ],
        wrong_role="analyst_a",
    )


def webhooks(cast: Cast) -> EndpointSet:
    from netral.api.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(name=MARK, url="https://mitra.example/hook", region_code="32.79")
    return EndpointSet(
        "api.WebhookEndpoint",
        [
            Endpoint("api list", "/api/v1/webhooks/endpoints/", MARK, api=True),
            Endpoint("api detail", f"/api/v1/webhooks/endpoints/{endpoint.pk}/", MARK, api=True, names_object=True),
            Endpoint("page deliveries", reverse("api:webhook_deliveries"), ""),
            Endpoint("api deliveries", "/api/v1/webhooks/deliveries/", "results", api=True),
        ],
        in_scope="admin",
        wrong_role="sup_a",
        other_region=None,  # administrators' records: no region to step out of
    )


def figures(cast: Cast) -> EndpointSet:
    _case(cast)
    return EndpointSet(
        "analytics.figures",
        [
            Endpoint("dashboard", reverse("analytics:dashboard"), ""),
            Endpoint("status csv", reverse("analytics:figure_export", args=["status", "csv"]), ""),
            Endpoint("region page", reverse("analytics:region", args=["32.79"]), ""),
        ],
        wrong_role="ppk_a",
    )


def messages(cast: Cast) -> EndpointSet:
    """The conversation has no list of its own: its messages are read on the case page."""
    from netral.conversations.models import Message

    case = _case(cast)
    Message.objects.create(report=case.reports.get(), author="staff", kind="question", text=f"Pertanyaan {MARK}")
    return EndpointSet(
        "conversations.Message",
        [Endpoint("case page", reverse("cases:detail", args=[case.number]), f"Pertanyaan {MARK}", names_object=True)],
        wrong_role="bkn",
    )


def recommendations(cast: Cast) -> EndpointSet:
    from netral.cases.models import Case, SanctionLevel

    case = _case(cast, status="recommended", route="bkn")
    Case.objects.filter(pk=case.pk).update(sanction_level=SanctionLevel.objects.order_by("pk").first())
    n = case.number
    from netral.letters import services as letters
    from netral.letters.choices import LetterKind
    from netral.letters.defaults import ensure_default_bodies

    ensure_default_bodies()
    letters.issue_letter(Case.objects.get(pk=case.pk), LetterKind.RECOMMENDATION, user=cast.bkn)
    return EndpointSet(
        "cases.Recommendation",
        [
            Endpoint("api list", "/api/v1/recommendations/", n, api=True),
            Endpoint("api detail", f"/api/v1/recommendations/{n}/", n, api=True, names_object=True),
            Endpoint("letter", reverse("letters:case_letter", args=[n, "rekomendasi"]), "%PDF", names_object=True),
        ],
        wrong_role="ppk_b",  # the recommendation goes to the subject's own PPK, not another agency's
    )


def agencies(cast: Cast) -> EndpointSet:
    code = cast.agency_a.code
    return EndpointSet(
        "agencies.Agency",
        [
            Endpoint("api list", "/api/v1/agencies/?region=32.79", code, api=True),
            Endpoint("api detail", f"/api/v1/agencies/{code}/", code, api=True, names_object=True),
        ],
        wrong_role="ppk_b",
    )


def signing_codes(cast: Cast) -> EndpointSet:
    from netral.prevention.tests.helpers import issue_code, national_text

    issue_code(cast.ppk_a, cast.agency_a, national_text(), label=MARK)
    return EndpointSet(
        "prevention.SigningCode",
        [Endpoint("page list", reverse("prevention:codes"), MARK)],
        in_scope="ppk_a",
        wrong_role="ppk_b",
    )


def audit_trail(cast: Cast) -> EndpointSet:
    case = _case(cast)
    return EndpointSet(
        "core.ObjectChange",
        [
            Endpoint("page list", reverse("core:audit_log"), case.number),
            Endpoint("export csv", reverse("core:audit_log_csv"), case.number),
        ],
        in_scope="admin",
        wrong_role="sup_a",
        other_region=None,
    )


SETS: dict[str, Callable[[Cast], EndpointSet]] = {
    f.__name__: f
    for f in (
        cases,
        reports,
        asn,
        pledge_events,
        circulars,
        activities,
        venue_decrees,
        pledge_signatures,
        pledge_texts,
        monitoring_items,
        monitoring_batches,
        import_runs,
        staff,
        webhooks,
        figures,
        messages,
        recommendations,
        agencies,
        signing_codes,
        audit_trail,
    )
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(SETS))
def test_the_endpoints_answer_each_persona_as_the_scope_says(cast: Cast, name: str, persona: str) -> None:
    endpoints = SETS[name](cast)
    if persona == "other_region" and endpoints.other_region is None:
        pytest.skip("no region to step out of")
    assert check(endpoints, cast, persona) == []


def test_a_count_above_its_baseline_fails(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """The baseline bites: the same requests against a file that allows one query less fail."""
    from netral import testing

    monkeypatch.delenv(testing.UPDATE_ENV, raising=False)
    endpoints = webhooks(cast)
    real = testing._load_baselines()
    vendor = testing._vendor()
    lowered = {k: v - 1 for k, v in real.get(vendor, {}).items() if k.startswith("api.WebhookEndpoint")}
    monkeypatch.setattr(testing, "_load_baselines", lambda: {vendor: lowered})
    failures = check(endpoints, cast, "in_scope")
    assert failures and all("baseline" in f for f in failures)
    monkeypatch.setattr(testing, "_load_baselines", lambda: {})
    assert any("no query baseline" in f for f in check(endpoints, cast, "in_scope"))
