"""Writes to prevention records. Every function is atomic, checks the acting user's scope by
re-selecting the result through ``restrict(user, "change")`` (rolling back on a mismatch), and
writes the audit trail. The public signing path has no user: it is authorised by NIP + birth date + a signing code the
agency issued (``SigningCode``), because the NIP itself encodes the birth date.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.agencies.models import Agency, Unit
from netral.core import audit, images
from netral.core.models import ObjectChange
from netral.core.scoping import can
from netral.core.uploads import SNIFF_BYTES, sniff, write_new
from netral.personnel.identifiers import IdentifierError, clean_identifier, parse_ni_pppk, validate_identifier
from netral.personnel.models import ASN
from netral.prevention.choices import FileKind, SignatureChannel
from netral.prevention.models import (
    ApprovedVenue,
    Circular,
    EventAttendee,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    PreventionFile,
    SigningCode,
    VenueDecree,
)
from netral.regions.calendar import election_for, stage_at
from netral.regions.models import Election, Region

if TYPE_CHECKING:
    from netral.core.types import User

ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


# --- helpers ---------------------------------------------------------------------------------


def current_election(day: datetime.date | None = None) -> Election | None:
    """The election a prevention record of `day` belongs to: the one whose calendar covers the
    day, else the next one to vote with a set schedule, else the most recent. (A provisional
    schedule, e.g. Pemilu 2029 before KPU sets it, counts once its stages have begun.)"""
    day = day or timezone.localdate()
    found = election_for(day)
    if found is not None:
        return found
    upcoming = Election.objects.filter(voting_date__gte=day, provisional=False).order_by("voting_date").first()
    recent = Election.objects.filter(voting_date__lte=day).order_by("-voting_date").first()
    return upcoming or recent or Election.objects.order_by("voting_date").first()


def current_text(kind: str, agency: Agency | None, day: datetime.date | None = None) -> PledgeText | None:
    """The text in force on `day`: the agency's own newest version, else the national one."""
    day = day or timezone.localdate()
    qs = PledgeText.objects.filter(kind=kind, effective_from__lte=day).order_by("-effective_from", "-version")
    if agency is not None:
        own = qs.filter(agency=agency).first()
        if own is not None:
            return own
    return qs.filter(agency__isnull=True).first()


def _pepper() -> str:
    return str(getattr(settings, "PLEDGE_HASH_PEPPER", "") or settings.SECRET_KEY)


def timestamp_text(moment: datetime.datetime) -> str:
    """The signing time as hashed and printed: UTC, whole seconds, ISO 8601 with Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def signature_hash(identifier: str, text_sha256: str, signed_at: datetime.datetime) -> str:
    """SHA-256 over NIP | text hash | UTC timestamp | server pepper (see docs/prevention.md)."""
    material = "|".join([identifier, text_sha256, timestamp_text(signed_at), _pepper()])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _ensure_writable(user: User, obj: models.Model) -> None:
    """Re-select through the user's write scope; outside it the whole write rolls back."""
    if not can(user, obj, "change"):
        raise PermissionDenied(_("Anda tidak berwenang mengelola catatan instansi ini."))


def _stage_for(election: Election | None, day: datetime.date) -> Any:
    return stage_at(election, day) if election is not None else None


# --- individual signing ----------------------------------------------------------------------


class SigningError(ValidationError):
    """A refusal on the public signing page, tied to the form field it concerns."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__({field_name: [message]})
        self.field_name = field_name
        self.message_text = message


def identify_signer(identifier: str, birth_date: datetime.date) -> ASN:
    """Find the ASN for a NIP/NI PPPK + birth date, or raise `SigningError` saying why not.

    Steps: (1) the identifier must be well-formed (18 digits, real birth date, gender digit);
    (2) the birth date entered must equal the one the identifier encodes; (3) it must be in the
    registry and active; (4) it must pass the stricter check of its employment type.
    """
    try:
        info = parse_ni_pppk(identifier)
    except IdentifierError as exc:
        raise SigningError("identifier", exc.reason) from exc
    if info.birth_date != birth_date:
        raise SigningError(
            "birth_date",
            _("Tanggal lahir tidak sesuai dengan tanggal lahir yang tertera pada NIP (digit 1–8)."),
        )
    asn = ASN.objects.select_related("agency", "unit").filter(identifier=info.ni).first()
    if asn is None or not asn.active:
        raise SigningError(
            "identifier",
            _("NIP/NI PPPK ini tidak terdaftar sebagai ASN aktif dalam registri. Hubungi BKPSDM instansi Anda."),
        )
    try:
        validate_identifier(asn.identifier, asn.employment_type)
    except IdentifierError as exc:
        raise SigningError("identifier", exc.reason) from exc
    return asn


# --- signing codes ---------------------------------------------------------------------------

# No I, L, O, 0 or 1: a code read out at a roll call or copied from a letter survives handwriting.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def code_required() -> bool:
    """Whether public signing needs an agency code (``PLEDGE_REQUIRE_CODE``, default True)."""
    return bool(getattr(settings, "PLEDGE_REQUIRE_CODE", True))


def code_failure_flag() -> int:
    """Refused attempts after which a code is flagged on the officer's page."""
    return int(getattr(settings, "PLEDGE_CODE_FAILURE_FLAG", 20))


def generate_code() -> str:
    """8 characters from the unambiguous alphabet: 31^8 ≈ 8.5 × 10^11 possibilities."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What the signer typed, upper-cased, spaces and hyphens dropped ("abcd-efgh" → "ABCDEFGH")."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")


def is_wellformed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def format_code(code: str) -> str:
    """For display: two groups of four ("ABCD-EFGH")."""
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    """HMAC-SHA256 of the normalised code keyed with the server pepper: what the database keeps.

    A database dump alone cannot be turned back into working codes, not even by trying all 31^8.
    """
    message = f"netral.prevention.signing-code|{normalize_code(code)}".encode()
    return hmac.new(_pepper().encode("utf-8"), message, hashlib.sha256).hexdigest()


@transaction.atomic
def create_signing_code(
    user: User,
    *,
    agency: Agency,
    text: PledgeText,
    election: Election,
    units: list[Unit] | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    label: str = "",
    plain: str | None = None,
) -> tuple[SigningCode, str]:
    """Issue a code for one campaign of the user's agency; returns (row, plain code).

    The plain code exists only in the return value: show it once, it is never stored.
    `plain` fixes the code (the demo's documented codes); the web always generates one.
    """
    valid_from = valid_from or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if text.agency_id is not None and text.agency_id != agency.pk:
        errors["text"] = [_("Naskah ini milik instansi lain.")]
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = [_("Akhir masa berlaku tidak boleh sebelum awalnya.")]
    if units and any(u.agency_id != agency.pk for u in units):
        errors["units"] = [_("Unit kerja harus milik instansi yang menerbitkan kode.")]
    in_force = current_text(text.kind, agency)
    if (
        "text" not in errors
        and in_force is not None
        and in_force != text
        and text.effective_from <= in_force.effective_from
    ):
        errors["text"] = [
            _("Naskah yang berlaku untuk instansi ini adalah %(text)s: terbitkan kode untuk naskah itu.")
            % {"text": in_force}
        ]
    if plain is not None and not is_wellformed_code(normalize_code(plain)):
        errors["code"] = [_("Kode harus 8 karakter dari abjad kode.")]
    if errors:
        raise ValidationError(errors)
    code = SigningCode(
        agency=agency,
        text=text,
        election=election,
        valid_from=valid_from,
        valid_until=valid_until,
        label=label.strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    for _attempt in range(5):
        candidate = normalize_code(plain) if plain is not None else generate_code()
        code.code_hash = code_hash(candidate)
        if not SigningCode.objects.filter(code_hash=code.code_hash).exists():
            break
        if plain is not None:
            raise ValidationError({"code": [_("Kode ini sudah dipakai.")]})
    else:  # pragma: no cover - 5 collisions in 8.5e11 do not happen
        raise ValidationError({"code": [_("Gagal membuat kode unik. Coba lagi.")]})
    code.save()
    _ensure_writable(user, code)
    if units:
        code.units.set(units)
    audit.log_change(
        code,
        ObjectChange.Action.CREATE,
        None,
        after={**audit.snapshot(code), "units": [u.pk for u in units or []]},
        user=user,
    )
    return code, candidate


@transaction.atomic
def revoke_signing_code(user: User, code: SigningCode) -> SigningCode:
    """Stop a code from authorising new signatures; those already made keep pointing at it."""
    _ensure_writable(user, code)
    code = SigningCode.objects.select_for_update().get(pk=code.pk)
    if code.revoked_at is not None:
        return code
    before = audit.snapshot(code)
    code.revoked_at = timezone.now()
    code.revoked_by = user if getattr(user, "is_authenticated", False) else None
    code.save(update_fields=["revoked_at", "revoked_by"])
    audit.log_change(code, ObjectChange.Action.UPDATE, before, user=user)
    return code


@dataclass
class SigningGrant:
    """Who may sign what, once identification (and the code) passed."""

    asn: ASN
    text: PledgeText
    election: Election
    code: SigningCode | None = None

    @property
    def verified(self) -> bool:
        """Code and NIP verified, birth date confirmed by the registry: the signer's name may be shown.

        Without a code (``PLEDGE_REQUIRE_CODE`` off) a NIP and the birth date it encodes prove
        nothing (anyone who has the NIP has both), so the name stays masked until the signature.
        """
        return self.code is not None


def masked_name(name: str) -> str:
    """Initials and the length of each word ("Dewi Kartika" -> "D*** K******"): recognisable, not disclosed."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


CODE_FIELD = "signing_code"


def _code_refused() -> SigningError:
    # One message for every refusal that involves the registry, so that it never tells whether
    # a NIP exists, is active, or belongs to the code's agency or unit.
    return SigningError(
        CODE_FIELD,
        _(
            "NIP/NI PPPK, tanggal lahir, dan kode penandatanganan tidak cocok. Pastikan kode berasal dari "
            "PPK/BKPSDM instansi Anda dan diketik dengan benar; bila sudah benar, hubungi BKPSDM instansi "
            "Anda untuk memeriksa data Anda di registri ASN."
        ),
    )


def _record_code_failure(code: SigningCode) -> None:
    """Count a refused attempt that quoted a real code (not atomic with the refusal: it must stay)."""
    SigningCode.objects.filter(pk=code.pk).update(failures=F("failures") + 1, last_failure_at=timezone.now())


def code_usable(code: SigningCode, day: datetime.date | None = None) -> str | None:
    """None when `code` may authorise a signature today, else the signer-facing reason.

    Decided from the code alone (state, window, text still in force, election current), before
    any registry look-up, so these reasons reveal nothing about a NIP.
    """
    day = day or timezone.localdate()
    status = code.status_on(day)
    if status == "revoked":
        return _("Kode penandatanganan ini sudah dicabut. Minta kode baru kepada PPK/BKPSDM instansi Anda.")
    if status == "pending":
        return _("Kode penandatanganan ini belum berlaku (mulai %(date)s).") % {
            "date": code.valid_from.strftime("%d/%m/%Y")
        }
    if status == "expired":
        return _("Masa berlaku kode penandatanganan ini sudah habis. Minta kode baru kepada PPK/BKPSDM instansi Anda.")
    if current_text(code.text.kind, code.agency, day) != code.text or current_election(day) != code.election:
        return _(
            "Kode ini diterbitkan untuk naskah atau pemilihan yang sudah tidak berlaku. "
            "Minta kode baru kepada PPK/BKPSDM instansi Anda."
        )
    return None


def authorise_signer(
    identifier: str, birth_date: datetime.date, signing_code: str = "", kind: str = "ikrar"
) -> SigningGrant:
    """Who signs which text in which election, or `SigningError` at the field concerned.

    With a code (required unless ``PLEDGE_REQUIRE_CODE`` is off): the NIP's form and its
    birth date are checked first (they reveal nothing), then the code alone (exists, not revoked,
    inside its window, its text still in force, its election current), and only then the
    registry: active ASN of the code's agency (and unit, if the code names units). Every refusal
    from the registry step and an unknown code give the same message. The code decides the text.
    """
    try:
        info = parse_ni_pppk(identifier)
    except IdentifierError as exc:
        raise SigningError("identifier", exc.reason) from exc
    if info.birth_date != birth_date:
        raise SigningError(
            "birth_date",
            _("Tanggal lahir tidak sesuai dengan tanggal lahir yang tertera pada NIP (digit 1–8)."),
        )
    raw = normalize_code(signing_code)
    if not raw:
        if code_required():
            raise SigningError(CODE_FIELD, _("Masukkan kode penandatanganan dari PPK/BKPSDM instansi Anda."))
        asn = identify_signer(identifier, birth_date)
        text = current_text(kind, asn.agency)
        election = current_election()
        if text is None or election is None:
            raise SigningError("kind", _("Belum ada naskah yang berlaku untuk jenis ini."))
        return SigningGrant(asn, text, election, None)
    if not is_wellformed_code(raw):
        raise SigningError(
            CODE_FIELD, _("Kode penandatanganan terdiri atas 8 huruf/angka, mis. ABCD-EFGH (tanpa huruf I, L, O).")
        )
    code = SigningCode.objects.select_related("agency", "text", "election").filter(code_hash=code_hash(raw)).first()
    if code is None:
        raise _code_refused()
    reason = code_usable(code)
    if reason is not None:
        _record_code_failure(code)
        raise SigningError(CODE_FIELD, reason)
    holder = ASN.objects.select_related("agency", "unit").filter(identifier=info.ni, active=True).first()
    unit_ids = set(code.units.values_list("pk", flat=True))
    if holder is None or holder.agency_id != code.agency_id or (unit_ids and holder.unit_id not in unit_ids):
        _record_code_failure(code)
        raise _code_refused()
    if holder.birth_date is not None and holder.birth_date != birth_date:
        # The registry's own record must confirm the date (the NIP's digits alone prove nothing);
        # the same message as every registry refusal, so it tells nothing about the record.
        _record_code_failure(code)
        raise _code_refused()
    try:
        validate_identifier(holder.identifier, holder.employment_type)
    except IdentifierError as exc:
        raise SigningError("identifier", exc.reason) from exc
    return SigningGrant(holder, code.text, code.election, code)


@transaction.atomic
def sign_pledge(
    asn: ASN,
    text: PledgeText,
    *,
    election: Election,
    channel: str = SignatureChannel.PUBLIC,
    user: Any = None,
    signed_at: datetime.datetime | None = None,
    code: SigningCode | None = None,
) -> tuple[PledgeSignature, bool]:
    """Record one signature; signing the same version again returns the existing one (False).

    `signed_at` is for imports of earlier paper signatures and the demo; the web uses now.
    `code` is the signing code that authorised it (its id goes on the record, never the code).
    """
    if code is not None and (code.agency_id != asn.agency_id or code.text_id != text.pk):
        raise ValidationError({CODE_FIELD: [_("Kode penandatanganan tidak berlaku untuk tanda tangan ini.")]})
    existing = PledgeSignature.objects.filter(asn=asn, text=text, election=election).first()
    if existing is not None:
        return existing, False
    signed_at = (signed_at or timezone.now()).replace(microsecond=0)
    signature = PledgeSignature(
        asn=asn,
        text=text,
        election=election,
        signed_at=signed_at,
        text_sha256=text.sha256,
        signature_hash=signature_hash(asn.identifier, text.sha256, signed_at),
        token=secrets.token_urlsafe(32),
        channel=channel,
        agency=asn.agency,
        unit=asn.unit,
        region_code=asn.region_code or asn.agency.region_code,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        signing_code=code,
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        # A double submit raced us: the other request's row is the signature.
        return PledgeSignature.objects.get(asn=asn, text=text, election=election), False
    audit.log_change(signature, ObjectChange.Action.CREATE, None, user=signature.user)
    return signature, True


def verify_signature(hash_value: str) -> PledgeSignature | None:
    """The signature whose stored hash is `hash_value` *and* still recomputes to it, else None."""
    value = (hash_value or "").strip().lower()
    if len(value) != 64:
        return None
    signature = PledgeSignature.objects.select_related("asn", "agency", "text").filter(signature_hash=value).first()
    if signature is None:
        return None
    expected = signature_hash(signature.asn.identifier, signature.text.sha256, signature.signed_at)
    if not secrets.compare_digest(expected, value) or signature.text_sha256 != signature.text.sha256:
        return None
    return signature


# --- texts -----------------------------------------------------------------------------------


@transaction.atomic
def publish_text(
    user: User, *, kind: str, title: str, body: str, effective_from: datetime.date, agency: Agency | None
) -> PledgeText:
    """Publish a new version (previous versions stay, signatures keep pointing at them)."""
    if agency is None and getattr(user, "role", "") != Role.ADMIN and not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Hanya admin yang dapat menerbitkan naskah nasional."))
    last = PledgeText.objects.filter(kind=kind, agency=agency).aggregate(m=Max("version"))["m"] or 0
    text = PledgeText(
        kind=kind, version=last + 1, title=title, body=body.strip(), effective_from=effective_from, agency=agency
    )
    text.save()
    _ensure_writable(user, text)
    audit.log_change(text, ObjectChange.Action.CREATE, None, user=user)
    return text


# --- records of agencies ---------------------------------------------------------------------


def _region_of(agency: Agency, region: Region | None) -> Region:
    region = region or agency.region
    if region is None:
        raise ValidationError({"region": [_("Wilayah wajib diisi untuk instansi pusat.")]})
    return region


@transaction.atomic
def create_circular(user: User, *, agency: Agency, region: Region | None = None, **fields: Any) -> Circular:
    election = fields.pop("election", None) or current_election(fields["date"])
    circular = Circular(agency=agency, region=_region_of(agency, region), election=election, **fields)
    circular.stage = _stage_for(election, circular.date)
    if Circular.objects.filter(agency=agency, number=circular.number).exists():
        raise ValidationError({"number": [_("Nomor surat edaran ini sudah tercatat untuk instansi tersebut.")]})
    circular.save()
    _ensure_writable(user, circular)
    audit.log_change(circular, ObjectChange.Action.CREATE, None, user=user)
    return circular


@transaction.atomic
def create_activity(user: User, *, agency: Agency, region: Region | None = None, **fields: Any) -> PreventionActivity:
    election = fields.pop("election", None) or current_election(fields["date"])
    activity = PreventionActivity(agency=agency, region=_region_of(agency, region), election=election, **fields)
    activity.stage = _stage_for(election, activity.date)
    activity.save()
    _ensure_writable(user, activity)
    audit.log_change(activity, ObjectChange.Action.CREATE, None, user=user)
    return activity


@transaction.atomic
def create_event(
    user: User,
    *,
    agency: Agency,
    region: Region | None = None,
    units: list[Unit] | None = None,
    **fields: Any,
) -> PledgeEvent:
    election = fields.pop("election", None) or current_election(fields["date"])
    if fields.get("text") is None:
        # The words read out that day: the text in force for the agency on the event date.
        fields["text"] = current_text(fields["kind"], agency, fields["date"])
    event = PledgeEvent(agency=agency, region=_region_of(agency, region), election=election, **fields)
    event.stage = _stage_for(election, event.date)
    event.save()
    _ensure_writable(user, event)
    if units:
        if any(u.agency_id != agency.pk for u in units):
            raise ValidationError({"units": [_("Unit kerja harus milik instansi penyelenggara.")]})
        event.units.set(units)
    audit.log_change(event, ObjectChange.Action.CREATE, None, user=user)
    return event


@transaction.atomic
def create_decree(user: User, *, agency: Agency, region: Region | None = None, **fields: Any) -> VenueDecree:
    if fields["period_end"] < fields["period_start"]:
        raise ValidationError({"period_end": [_("Akhir masa berlaku tidak boleh sebelum awalnya.")]})
    election = fields.pop("election", None) or current_election(fields["period_start"])
    decree = VenueDecree(agency=agency, region=_region_of(agency, region), election=election, **fields)
    if VenueDecree.objects.filter(agency=agency, number=decree.number).exists():
        raise ValidationError({"number": [_("Nomor keputusan ini sudah tercatat untuk instansi tersebut.")]})
    decree.save()
    _ensure_writable(user, decree)
    audit.log_change(decree, ObjectChange.Action.CREATE, None, user=user)
    return decree


@transaction.atomic
def add_venue(user: User, decree: VenueDecree, *, name: str, address: str = "", notes: str = "") -> ApprovedVenue:
    _ensure_writable(user, decree)
    venue = ApprovedVenue(decree=decree, name=name.strip(), address=address.strip(), notes=notes.strip())
    venue.save()
    audit.log_change(venue, ObjectChange.Action.CREATE, None, user=user)
    return venue


# --- files -----------------------------------------------------------------------------------


def max_file_bytes() -> int:
    return int(getattr(settings, "PREVENTION_FILE_MAX_BYTES", getattr(settings, "EVIDENCE_MAX_BYTES", 20 << 20)))


def _store(uploaded: UploadedFile) -> tuple[str, str, int, str]:
    """Count, hash and sniff the upload as it streams, check an image's header, store it.

    Returns (relative path, content type, size, sha256). The file is never held whole in memory
    (it is read a second time to be written), and nothing is written when it is refused.
    """
    cap = max_file_bytes()
    if uploaded.size is not None and uploaded.size > cap:
        raise ValidationError(
            {"file": [_("Berkas terlalu besar (maksimum %(mb)d MB).") % {"mb": max(cap // (1 << 20), 1)}]}
        )
    digest = hashlib.sha256()
    head = b""
    size = 0
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > cap:
            raise ValidationError(
                {"file": [_("Berkas terlalu besar (maksimum %(mb)d MB).") % {"mb": max(cap // (1 << 20), 1)}]}
            )
        digest.update(chunk)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
    if size == 0:
        raise ValidationError({"file": [_("Berkas kosong.")]})
    content_type = sniff(head)
    if content_type == "application/zip" and head[:2] == b"PK" and b"word/" in head:
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            {"file": [_("Jenis berkas %(type)s tidak diterima (JPEG, PNG, WebP, PDF, DOCX).") % {"type": content_type}]}
        )
    if content_type in PHOTO_TYPES:
        _check_photo(uploaded)
    sha = digest.hexdigest()
    rel = f"prevention/{sha[:2]}/{sha}{ALLOWED_TYPES[content_type]}"
    write_new(Path(settings.PRIVATE_STORAGE_ROOT) / rel, uploaded.chunks())
    return rel, content_type, size, sha


def _check_photo(uploaded: UploadedFile) -> None:
    """Refuse a photo whose header declares more than ``IMAGE_MAX_PIXELS`` (or no readable header)."""
    uploaded.seek(0)
    try:
        images.check_pixels(uploaded.file)  # type: ignore[arg-type]
    except images.TooManyPixels as exc:
        raise ValidationError(
            {"file": [_("Foto lebih dari %(mp)s megapiksel tidak diterima.") % {"mp": images.megapixels()}]}
        ) from exc
    except (OSError, ValueError) as exc:
        raise ValidationError({"file": [_("Foto tidak dapat dibaca (rusak).")]}) from exc
    finally:
        uploaded.seek(0)


@transaction.atomic
def attach_file(user: User, record: models.Model, uploaded: UploadedFile, *, kind: str | None = None) -> PreventionFile:
    """Attach a photo or document to an event, circular, activity or decree of the user's agency."""
    _ensure_writable(user, record)
    rel, content_type, size, sha = _store(uploaded)
    if kind is None:
        kind = FileKind.PHOTO if content_type in PHOTO_TYPES else FileKind.DOCUMENT
    links: dict[type[models.Model], str] = {
        PledgeEvent: "event",
        Circular: "circular",
        PreventionActivity: "activity",
        VenueDecree: "decree",
    }
    link = links.get(type(record))
    if link is None:
        raise TypeError(f"cannot attach files to {type(record).__name__}")
    item = PreventionFile(
        kind=kind,
        original_name=(uploaded.name or "berkas")[:255],
        storage_path=rel,
        content_type=content_type,
        size=size,
        sha256=sha,
        agency=record.agency,  # type: ignore[attr-defined]
        region_code=record.region_code,  # type: ignore[attr-defined]
        **{link: record},
    )
    item.save()
    audit.log_change(item, ObjectChange.Action.CREATE, None, user=user)
    return item


# --- attendee import -------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    value: str
    status: str  # "ok", "malformed", "unknown", "other_agency", "duplicate", "already"
    message: str


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def linked(self) -> int:
        return sum(1 for r in self.rows if r.status == "ok")

    @property
    def problems(self) -> list[RowResult]:
        return [r for r in self.rows if r.status != "ok"]


def _read_identifiers(data: bytes) -> list[tuple[int, str]]:
    """(line, raw value) pairs from a CSV: the "nip" column if there is a header, else the first."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": [_("Berkas CSV harus berkodean UTF-8.")]}) from exc
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        return []
    column = 0
    start = 0
    header = [c.strip().lower() for c in rows[0]]
    names = ("nip", "ni pppk", "nip/ni pppk", "identifier")
    if any(h in names for h in header) or not any(ch.isdigit() for ch in "".join(rows[0])):
        column = next((i for i, h in enumerate(header) if h in names), 0)
        start = 1
    out = []
    for index, row in enumerate(rows[start:], start=start + 1):
        if len(row) <= column or not row[column].strip():
            continue
        out.append((index, row[column].strip()))
    return out


@transaction.atomic
def import_attendees(user: User, event: PledgeEvent, data: bytes) -> ImportResult:
    """Link the NIPs in a CSV to the event; every row that cannot be linked is reported."""
    _ensure_writable(user, event)
    limit = int(getattr(settings, "PREVENTION_IMPORT_MAX_ROWS", 50000))
    entries = _read_identifiers(data)
    if len(entries) > limit:
        raise ValidationError({"file": [_("Terlalu banyak baris (maksimum %(n)d).") % {"n": limit}]})
    result = ImportResult()
    wanted: dict[str, int] = {}
    parsed: list[tuple[int, str, str]] = []
    for line, raw in entries:
        value = clean_identifier(raw)
        try:
            parse_ni_pppk(value)
        except IdentifierError as exc:
            result.rows.append(RowResult(line, raw, "malformed", exc.reason))
            continue
        parsed.append((line, raw, value))
        wanted.setdefault(value, line)
    known: dict[str, ASN] = {}
    values = list(wanted)
    for i in range(0, len(values), 900):
        for asn in ASN.objects.filter(identifier__in=values[i : i + 900]).only("id", "identifier", "agency_id"):
            known[asn.identifier] = asn
    already = set(EventAttendee.objects.filter(event=event).values_list("asn__identifier", flat=True))
    seen: set[str] = set()
    new: list[EventAttendee] = []
    for line, raw, value in parsed:
        match = known.get(value)
        if value in seen:
            result.rows.append(RowResult(line, raw, "duplicate", _("NIP ini sudah muncul di baris sebelumnya.")))
        elif match is None:
            result.rows.append(RowResult(line, raw, "unknown", _("NIP tidak ditemukan dalam registri ASN.")))
        elif match.agency_id != event.agency_id:
            result.rows.append(RowResult(line, raw, "other_agency", _("ASN ini terdaftar pada instansi lain.")))
        elif value in already:
            result.rows.append(RowResult(line, raw, "already", _("ASN ini sudah tercatat sebagai peserta.")))
        else:
            new.append(EventAttendee(event=event, asn=match))
            result.rows.append(RowResult(line, raw, "ok", _("Ditautkan.")))
        seen.add(value)
    result.rows.sort(key=lambda r: r.line)
    EventAttendee.objects.bulk_create(new, batch_size=1000)
    before = audit.snapshot(event)
    audit.log_change(
        event,
        ObjectChange.Action.UPDATE,
        before,
        after={**before, "attendees_added": len(new), "attendee_rows_refused": len(result.problems)},
        user=user,
    )
    return result
