"""Prevention pages: public pledge signing, certificate and verification; officers' records,
coverage and approved campaign venues. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from netral.accounts.choices import Role
from netral.core import ratelimit
from netral.core.http import StaffRequest
from netral.core.scoping import Action, can, get_scoped_or_404
from netral.personnel.models import ASN
from netral.prevention import coverage as cov
from netral.prevention import selectors, services
from netral.prevention.certificate import certificate_context, render_certificate_pdf
from netral.prevention.choices import PledgeKind
from netral.prevention.forms import (
    ActivityForm,
    AgreeForm,
    AttendeeImportForm,
    CircularForm,
    DecreeForm,
    EventForm,
    FileForm,
    IdentifyForm,
    SigningCodeForm,
    TextForm,
    VenueCheckForm,
    VenueForm,
    VerifyForm,
)
from netral.prevention.models import (
    ApprovedVenue,
    Circular,
    PledgeEvent,
    PledgeSignature,
    PreventionActivity,
    PreventionFile,
    SigningCode,
    VenueDecree,
)
from netral.prevention.reminders import due_reminders
from netral.prevention.venues import is_approved_venue, venues_in_force
from netral.regions.models import Election, Region

if TYPE_CHECKING:
    from netral.core.types import User

SIGN_SALT = "netral.prevention.sign"
SIGN_MAX_AGE = 30 * 60


# --- public signing --------------------------------------------------------------------------


def _rate_limited(request: HttpRequest) -> bool:
    """Identification attempts per client address per hour (PLEDGE_SIGN_RATE, default 30)."""
    limit = int(getattr(settings, "PLEDGE_SIGN_RATE", 30))
    return not ratelimit.hit("prevention-sign", ratelimit.client_ip(request), limit, 3600)


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest) -> HttpResponse:
    """Two steps: identify (NIP + birth date + the agency's signing code), then read and agree."""
    if request.method == "POST" and request.POST.get("step") == "agree":
        return _sign_agree(request)
    require_code = services.code_required()
    form = IdentifyForm(request.POST or None, require_code=require_code)
    ctx: dict[str, Any] = {"form": form, "require_code": require_code}
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            form.add_error(None, _("Terlalu banyak percobaan dari alamat ini. Coba lagi dalam satu jam."))
            return render(request, "prevention/sign.html", ctx, status=429)
        data = form.cleaned_data
        try:
            grant = services.authorise_signer(
                data["identifier"],
                data["birth_date"],
                data.get("signing_code") or "",
                data.get("kind") or PledgeKind.PLEDGE,
            )
        except services.SigningError as exc:
            form.add_error(exc.field_name if exc.field_name in form.fields else None, exc.message_text)
            return render(request, "prevention/sign.html", ctx)
        existing = PledgeSignature.objects.filter(asn=grant.asn, text=grant.text, election=grant.election).first()
        if existing is not None:
            if not grant.verified:
                # Without a code anyone with the NIP gets this far: no certificate link, no name.
                form.add_error(None, _("NIP ini sudah menandatangani naskah versi ini."))
                return render(request, "prevention/sign.html", ctx)
            messages.info(request, _("Anda sudah menandatangani naskah versi ini. Berikut sertifikat Anda."))
            return redirect("prevention:signed", token=existing.token)
        token = signing.dumps(
            {
                "asn": grant.asn.pk,
                "text": grant.text.pk,
                "election": grant.election.pk,
                "code": grant.code.pk if grant.code is not None else None,
            },
            salt=SIGN_SALT,
        )
        agree = AgreeForm(initial={"token": token})
        return render(request, "prevention/sign_text.html", _text_context(agree, grant.asn, grant.text, grant.verified))
    return render(request, "prevention/sign.html", ctx)


def _sign_agree(request: HttpRequest) -> HttpResponse:
    form = AgreeForm(request.POST)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SIGN_SALT, max_age=SIGN_MAX_AGE)
        asn = ASN.objects.select_related("agency", "unit").get(pk=data["asn"], active=True)
        text = services.PledgeText.objects.get(pk=data["text"])
        election = Election.objects.get(pk=data["election"])
        code = (
            SigningCode.objects.select_related("agency", "text", "election").get(pk=data["code"])
            if data.get("code")
            else None
        )
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        ASN.DoesNotExist,
        Election.DoesNotExist,
        SigningCode.DoesNotExist,
        services.PledgeText.DoesNotExist,
    ):
        messages.error(request, _("Sesi penandatanganan kedaluwarsa. Silakan ulangi dari awal."))
        return redirect("prevention:sign")
    if code is None and services.code_required():
        messages.error(request, _("Sesi penandatanganan kedaluwarsa. Silakan ulangi dari awal."))
        return redirect("prevention:sign")
    if code is not None:
        # Revoked or expired while the signer was reading: the code no longer authorises.
        reason = services.code_usable(code)
        if reason is not None:
            messages.error(request, reason)
            return redirect("prevention:sign")
    if not form.is_valid():
        return render(request, "prevention/sign_text.html", _text_context(form, asn, text, code is not None))
    try:
        signature, created = services.sign_pledge(asn, text, election=election, user=request.user, code=code)
    except ValidationError:
        messages.error(request, _("Sesi penandatanganan kedaluwarsa. Silakan ulangi dari awal."))
        return redirect("prevention:sign")
    if not created:
        messages.info(request, _("Anda sudah menandatangani naskah versi ini. Berikut sertifikat Anda."))
    return redirect("prevention:signed", token=signature.token)


def _text_context(form: Form, asn: ASN, text: Any, verified: bool) -> dict[str, Any]:
    """The text to agree to, with the signer's name only when code, NIP and birth date were verified."""
    name = asn.name if verified else services.masked_name(asn.name)
    return {"form": form, "signer_name": name, "agency_name": asn.agency.name, "text": text}


def _by_token(token: str) -> PledgeSignature:
    signature = PledgeSignature.objects.select_related("asn", "agency", "text", "election").filter(token=token).first()
    if signature is None or len(token) < 20:
        raise Http404
    return signature


@require_GET
def signed(request: HttpRequest, token: str) -> HttpResponse:
    """The signer's own record (reachable only with the certificate token)."""
    signature = _by_token(token)
    ctx = certificate_context(signature, request)
    ctx["certificate_url"] = reverse("prevention:certificate", args=[token])
    response = render(request, "prevention/signed.html", ctx)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    signature = _by_token(token)
    pdf = render_certificate_pdf(signature, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-ikrar-{signature.signature_hash[:12]}.pdf"'
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def verify(request: HttpRequest, hash_value: str | None = None) -> HttpResponse:
    """Whether a hash is a valid signature; shows only name, agency, text version and time."""
    value = hash_value or request.GET.get("hash")
    form = VerifyForm(request.GET or None) if hash_value is None else VerifyForm(initial={"hash": hash_value})
    result = None
    checked = False
    if value and (hash_value is not None or form.is_valid()):
        checked = True
        result = services.verify_signature(value)
    return render(
        request, "prevention/verify.html", {"form": form, "result": result, "checked": checked, "value": value}
    )


# --- officers' pages -------------------------------------------------------------------------


def _election(request: HttpRequest) -> Election | None:
    code = request.GET.get("election")
    if code:
        found = Election.objects.filter(code=code).first()
        if found is not None:
            return found
    return services.current_election()


@login_required
@require_GET
def index(request: StaffRequest) -> HttpResponse:
    user = request.user
    election = _election(request)
    agencies = selectors.agencies_for(user)
    headline = None
    reminders: list[Any] = []
    if election is not None:
        own_agency = getattr(user, "agency", None) if getattr(user, "role", "") == Role.PPK else None
        if own_agency is not None:
            headline = cov.agency_coverage(election, own_agency, user=user)
            reminders = due_reminders(election, timezone.localdate(), agencies=agencies)
        else:
            rows = cov.coverage_by_agency(election, agencies, ASN.objects.restrict(user), user=user)
            headline = _sum_rows(rows)
            reminders = due_reminders(election, timezone.localdate(), agencies=agencies) if len(rows) < 200 else []
    ctx = {
        "election": election,
        "headline": headline,
        "reminders": reminders,
        "can_manage": selectors.can_manage(user),
        "texts": selectors.texts_for(user)[:20],
        "circulars": selectors.circulars_for(user)[:50],
        "events": selectors.events_for(user)[:50],
        "activities": selectors.activities_for(user)[:50],
        "decrees": selectors.decrees_for(user)[:50],
        "signatures": selectors.signatures_for(user)[:20],
        "sent_reminders": selectors.reminders_sent_for(user, election)[:20] if election else [],
        "signature_count": selectors.signatures_for(user).filter(election=election).count() if election else 0,
        "flagged_codes": selectors.flagged_codes_for(user).count(),
    }
    return render(request, "prevention/index.html", ctx)


def _sum_rows(rows: list[cov.CoverageRow]) -> cov.CoverageRow:
    total = cov.CoverageRow(key="*", label=_("Semua instansi dalam cakupan Anda"))
    for r in rows:
        for name in (
            "asn_total",
            "signed",
            "attended",
            "covered",
            "reported_participants",
            "events",
            "circulars",
            "cases",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.agencies += 1
        total.agencies_with_circular += 1 if r.circulars else 0
    return total


def _require_manage(request: HttpRequest) -> None:
    if not selectors.can_manage(request.user):
        raise PermissionDenied(_("Hanya petugas PPK/BKPSDM yang dapat menambah catatan pencegahan."))


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def _create(
    request: HttpRequest, form_class: type[Form], create: Any, title: str, detail: str | None, **form_kwargs: Any
) -> HttpResponse:
    """Shared create flow: scoped agency choices, service call, errors back at their fields."""
    _require_manage(request)
    agencies = selectors.agencies_for(request.user)
    form = form_class(request.POST or None, agencies=agencies, **form_kwargs)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region_code", None)
        try:
            obj = create(request.user, region=region, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error("agency", _("Anda hanya dapat mencatat untuk instansi Anda sendiri."))
        else:
            messages.success(request, _("Tersimpan."))
            return redirect(detail, pk=obj.pk) if detail else redirect("prevention:index")
    return render(request, "prevention/form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def circular_create(request: StaffRequest) -> HttpResponse:
    return _create(
        request, CircularForm, services.create_circular, _("Catat surat edaran"), "prevention:circular_detail"
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: StaffRequest) -> HttpResponse:
    return _create(
        request, ActivityForm, services.create_activity, _("Catat kegiatan pencegahan"), "prevention:activity_detail"
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: StaffRequest) -> HttpResponse:
    def create(user: User, *, units: Any = None, **data: Any) -> PledgeEvent:
        return services.create_event(user, units=list(units or []), **data)

    return _create(request, EventForm, create, _("Catat penandatanganan massal"), "prevention:event_detail")


@login_required
@require_http_methods(["GET", "POST"])
def decree_create(request: StaffRequest) -> HttpResponse:
    return _create(
        request, DecreeForm, services.create_decree, _("Catat keputusan tempat kampanye"), "prevention:decree_detail"
    )


@login_required
@require_http_methods(["GET", "POST"])
def text_create(request: StaffRequest) -> HttpResponse:
    _require_manage(request)
    national = getattr(request.user, "role", "") == Role.ADMIN or request.user.is_superuser
    form = TextForm(request.POST or None, agencies=selectors.agencies_for(request.user), national=national)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_text(request.user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("agency", _("Anda hanya dapat menerbitkan naskah untuk instansi Anda sendiri."))
        else:
            messages.success(request, _("Naskah diterbitkan."))
            return redirect("prevention:index")
    return render(request, "prevention/form.html", {"form": form, "title": _("Terbitkan naskah ikrar/pakta")})


def _detail(request: StaffRequest, model: type[Model], pk: int, template: str, extra: Any = None) -> HttpResponse:
    """Scoped detail with the file-upload form; a POST needs write scope (else 404).

    `extra(obj)` adds the page's own context (attendees, venues, forms).
    """
    action: Action = "change" if request.method == "POST" else "view"
    obj = get_scoped_or_404(model._default_manager.all(), request.user, action, pk=pk)
    file_form = FileForm()
    if request.method == "POST" and request.POST.get("form") == "file":
        file_form = FileForm(request.POST, request.FILES)
        if file_form.is_valid():
            try:
                services.attach_file(
                    request.user, obj, file_form.cleaned_data["file"], kind=file_form.cleaned_data["kind"] or None
                )
            except ValidationError as exc:
                _apply_errors(file_form, exc)
            else:
                messages.success(request, _("Berkas tersimpan."))
                return redirect(request.path)
    ctx = {
        "obj": obj,
        "file_form": file_form,
        "files": obj.files.all(),  # type: ignore[attr-defined]
        "writable": can(request.user, obj, "change"),
        **(extra(obj) if extra else {}),
    }
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def circular_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, Circular, pk, "prevention/circular_detail.html")


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, PreventionActivity, pk, "prevention/activity_detail.html")


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(request: StaffRequest, pk: int) -> HttpResponse:
    import_form = AttendeeImportForm()
    result = None
    if request.method == "POST" and request.POST.get("form") == "attendees":
        event = get_scoped_or_404(PledgeEvent.objects.all(), request.user, "change", pk=pk)
        import_form = AttendeeImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            if upload.size > services.max_file_bytes():
                import_form.add_error("file", _("Berkas terlalu besar."))
            else:
                try:
                    result = services.import_attendees(request.user, event, upload.read())
                except ValidationError as exc:
                    _apply_errors(import_form, exc)
        request.method = "GET"  # render the page itself (with the import report), no second write

    def extra(event: PledgeEvent) -> dict[str, Any]:
        return {
            "import_form": import_form,
            "result": result,
            "attendees": event.attendees.select_related("unit").order_by("name")[:500],
            "attendee_count": event.attendees.count(),
        }

    return _detail(request, PledgeEvent, pk, "prevention/event_detail.html", extra)


@login_required
@require_http_methods(["GET", "POST"])
def decree_detail(request: StaffRequest, pk: int) -> HttpResponse:
    venue_form = VenueForm()
    if request.method == "POST" and request.POST.get("form") == "venue":
        decree = get_scoped_or_404(VenueDecree.objects.all(), request.user, "change", pk=pk)
        venue_form = VenueForm(request.POST)
        if venue_form.is_valid():
            services.add_venue(request.user, decree, **venue_form.cleaned_data)
            messages.success(request, _("Tempat ditambahkan."))
            return redirect("prevention:decree_detail", pk=pk)
        request.method = "GET"

    def extra(decree: VenueDecree) -> dict[str, Any]:
        return {"venue_form": venue_form, "venues": decree.venues.all()}

    return _detail(request, VenueDecree, pk, "prevention/decree_detail.html", extra)


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: StaffRequest) -> HttpResponse:
    """The agency's signing codes: issue one (its plain code shown on this response only), list, flag."""
    user = request.user
    manage = selectors.can_manage(user)
    form = None
    new_code = None
    if manage:
        agencies = selectors.agencies_for(user)
        form = SigningCodeForm(
            request.POST or None,
            agencies=agencies,
            texts=selectors.texts_for(user),
            initial={"election": services.current_election(), "valid_from": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                code, plain = services.create_signing_code(user, units=list(data.pop("units") or []), **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            except PermissionDenied:
                form.add_error("agency", _("Anda hanya dapat menerbitkan kode untuk instansi Anda sendiri."))
            else:
                new_code = {"row": code, "plain": services.format_code(plain)}
                form = SigningCodeForm(
                    agencies=agencies,
                    texts=selectors.texts_for(user),
                    initial={"election": code.election, "valid_from": timezone.localdate()},
                )
    elif request.method == "POST":
        raise PermissionDenied(_("Hanya petugas PPK/BKPSDM yang dapat menerbitkan kode penandatanganan."))
    ctx = {"form": form, "new_code": new_code, "rows": selectors.code_rows(user), "flag": services.code_failure_flag()}
    response = render(request, "prevention/codes.html", ctx)
    # The page may carry a plain code: keep it out of caches and the back/forward history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def code_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    code = get_scoped_or_404(SigningCode.objects.all(), request.user, "change", pk=pk)
    services.revoke_signing_code(request.user, code)
    messages.success(request, _("Kode #%(id)s dicabut.") % {"id": code.pk})
    return redirect("prevention:codes")


@login_required
@require_GET
def file_download(request: StaffRequest, pk: int) -> FileResponse:
    item = get_scoped_or_404(PreventionFile.objects.all(), request.user, "view", pk=pk)
    path = Path(settings.PRIVATE_STORAGE_ROOT) / item.storage_path
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


# --- coverage --------------------------------------------------------------------------------


@login_required
@require_GET
def coverage(request: StaffRequest) -> HttpResponse:
    user = request.user
    election = _election(request)
    if election is None:
        raise Http404
    agencies = selectors.agencies_for(user)
    asn_qs = ASN.objects.restrict(user)
    # Every figure through the viewer's scope: a PPK officer counts only their agency's rows and the
    # cases they may open; BKN counts the cases forwarded to it (docs/prevention.md, Coverage).
    agency_rows = cov.coverage_by_agency(election, agencies, asn_qs, user=user)
    depth = 1 if request.GET.get("level") == "provinsi" else 2
    region_rows = cov.coverage_by_region(
        election, depth=depth, asn_qs=asn_qs, agencies=agencies, within=getattr(user, "region_code", None), user=user
    )
    unit_rows: list[cov.CoverageRow] = []
    unit_agency = None
    code = request.GET.get("instansi")
    if code:
        unit_agency = agencies.filter(code=code).first()
    elif getattr(user, "role", "") == Role.PPK:
        unit_agency = user.agency  # type: ignore[union-attr]
    if unit_agency is not None:
        unit_rows = cov.coverage_by_unit(election, unit_agency, user=user)
    ctx = {
        "election": election,
        "elections": Election.objects.all(),
        "agency_rows": agency_rows,
        "region_rows": region_rows,
        "unit_rows": unit_rows,
        "unit_agency": unit_agency,
        "stages": cov.events_by_stage(election, agencies=agencies, user=user),
        "determination": cov.stage_date(election, "penetapan"),
        "campaign": cov.stage_date(election, "kampanye"),
        "depth": depth,
    }
    return render(request, "prevention/coverage.html", ctx)


# --- approved venues -------------------------------------------------------------------------


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def venues(request: StaffRequest, region_code: str) -> HttpResponse:
    """A regency's approved venues in force on a date, with a check form."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise Http404
    scoped = selectors.decrees_for(request.user).filter(region_code=region.code)
    form = VenueCheckForm(request.GET or None, initial={"date": timezone.localdate()})
    day = timezone.localdate()
    result = None
    venue_qs = ApprovedVenue.objects.restrict(request.user)
    if form.is_valid():
        day = form.cleaned_data["date"]
        result = is_approved_venue(region, form.cleaned_data["place"], day, venues=venue_qs)
    ctx = {
        "region": region,
        "decrees": scoped,
        "in_force": venues_in_force(region, day, venue_qs),
        "day": day,
        "form": form,
        "result": result,
    }
    return render(request, "prevention/venues.html", ctx)


@login_required
@require_GET
def venue_check(request: StaffRequest) -> JsonResponse:
    """JSON for the case screens: ?region=32.79&place=Lapangan+Merdeka&date=2024-10-01."""
    region_code = request.GET.get("region", "")
    place = request.GET.get("place", "")
    day = _parse_date(request.GET.get("date")) or timezone.localdate()
    errors = {}
    if not region_code or not Region.objects.filter(code=region_code).exists():
        errors["region"] = _("Kode wilayah tidak dikenal.")
    if not place.strip():
        errors["place"] = _("Nama tempat wajib diisi.")
    if request.GET.get("date") and _parse_date(request.GET.get("date")) is None:
        errors["date"] = _("Tanggal harus berformat YYYY-MM-DD.")
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    approved, matches = is_approved_venue(region_code, place, day, venues=ApprovedVenue.objects.restrict(request.user))
    return JsonResponse(
        {
            "region": region_code,
            "place": place,
            "date": day.isoformat(),
            "approved": approved,
            "matches": [m.as_dict() for m in matches],
        }
    )
