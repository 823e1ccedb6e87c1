"""Issuing letters (numbered, rendered, stored once) and adding documents to a case.

``issue_letter`` is the only way a letter comes to exist. Under the case's row lock it checks
that no letter of that kind exists yet (asking again returns the stored one, never a new
rendering), takes the next number of the body's yearly sequence (``core.sequences``: race-free,
and a rolled-back issue gives its number back), renders the PDF with that number and its
verification QR, and writes the row with the PDF's SHA-256, all in one transaction. A refusal
(no right, wrong stage, a number already taken because a body's scheme was edited badly) raises
``LetterRefused`` with a message for people, leaves nothing behind, and is itself audited.

``add_document`` runs an upload through the evidence checks of the reports app (size cap, type
sniffed from the content, SHA-256) plus a narrower allow-list, refuses a file whose name or
declared type says PDF while its bytes say otherwise, then writes the file and its row together.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.cases.models import Case
from netral.core import audit, db, sequences
from netral.core.models import ObjectChange
from netral.core.roles import Role
from netral.core.scoping import can
from netral.core.uploads import SNIFF_BYTES, sniff
from netral.letters import compose, numbering, render
from netral.letters.choices import DocumentKind
from netral.letters.models import CaseDocument, Letter, LetterBody
from netral.reports import custody
from netral.reports import evidence as ev

if TYPE_CHECKING:
    from netral.core.types import RequestUser, User

logger = logging.getLogger(__name__)


class LetterRefused(Exception):
    """The letter cannot be issued; ``message`` says why, in words for the person who asked."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- letters -------------------------------------------------------------------------------------


def _role(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return Role.ADMIN if user.is_superuser else str(user.role)


def refusal(user: RequestUser | None, case: Case, kind: str) -> LetterRefused | None:
    """Why `user` may not issue a letter of `kind` on `case` now (None: they may)."""
    rule = compose.RULES[kind]
    if _role(user) not in rule.roles and _role(user) != Role.ADMIN:
        return LetterRefused(_("Surat ini diterbitkan oleh %(who)s.") % {"who": rule.issuer_label}, "role")
    if not rule.applies(case):  # checked before the scope: no query for a letter of another stage
        return LetterRefused(
            _("Surat ini belum atau tidak dapat diterbitkan pada tahap perkara sekarang (%(status)s).")
            % {"status": case.get_status_display()},
            "stage",
        )
    if not can(user, case, "change"):
        return LetterRefused(_("Anda tidak dapat mengubah perkara ini."), "scope")
    if body_for(case, kind) is None:
        return LetterRefused(
            _("Belum ada lembaga penerbit aktif untuk surat ini; administrator mengisinya di halaman admin."),
            "no_body",
        )
    return None


def body_for(case: Case, kind: str) -> LetterBody | None:
    """The active body that issues `kind` for `case`: the most specific region wins, national last."""
    authority = compose.RULES[kind].authority(case)
    body = body_for_authority(case, authority)
    if body is None and authority == "kasn":  # KASN is gone (2024): BKN took over its files
        body = body_for_authority(case, "bkn")
    return body


def body_for_authority(case: Case, authority: str) -> LetterBody | None:
    bodies = [
        b
        for b in LetterBody.objects.filter(active=True, authority=authority)
        if not b.region_code or case.region_code == b.region_code or case.region_code.startswith(b.region_code + ".")
    ]
    bodies.sort(key=lambda b: (-len(b.region_code), b.code))
    return bodies[0] if bodies else None


def _audit_refusal(user: User, case: Case, what: str, code: str, data: dict[str, Any]) -> None:
    audit.log_event(
        audit.object_type(case),
        str(case.pk),
        str(case),
        ObjectChange.Action.REFUSE,
        {"what": what, "reason": code, **data},
        user=user,
    )


def issue_letter(case: Case, kind: str, *, user: User) -> Letter:
    """The letter of `kind` on `case`: the stored one when it exists, else a newly issued one."""
    if kind not in compose.RULES:
        raise LetterRefused(_("Jenis surat tidak dikenal."), "kind")
    existing = Letter.objects.filter(case=case, kind=kind).first()
    if existing is not None:
        return existing
    refused = refusal(user, case, kind)
    if refused is not None:
        _audit_refusal(user, case, "letter", refused.code, {"kind": kind})
        raise refused
    try:
        return db.retry_transient(lambda: _issue(case, kind, user))
    except IntegrityError as exc:
        # Another letter already holds that number: the body's scheme does not tell letters apart
        # (an edit that bypassed the admin's check). Nothing was written; the number is given back.
        stored = Letter.objects.filter(case=case, kind=kind).first()
        if stored is not None:  # a concurrent request issued it first
            return stored
        logger.warning("letter for case %s refused: %s", case.pk, exc)
        _audit_refusal(user, case, "letter", "number_taken", {"kind": kind})
        raise LetterRefused(
            _(
                "Nomor surat yang dihasilkan sudah dipakai surat lain; tidak ada yang disimpan. "
                "Periksa pola nomor lembaga penerbit (harus memuat {seq})."
            ),
            "number_taken",
        ) from exc


def _floor(body: LetterBody, year: int) -> int:
    """The highest sequence already used (seeds a new counter row, e.g. after a restore)."""
    return int(Letter.objects.filter(body=body, year=year).aggregate(m=Max("sequence"))["m"] or 0)


def _issue(case: Case, kind: str, user: User) -> Letter:
    with transaction.atomic():
        # The case row lock makes two requests for the same letter wait for each other: the
        # second finds the first one's letter below and returns it instead of numbering another.
        locked = Case.objects.select_for_update(of=("self",)).select_related("agency", "asn", "region").get(pk=case.pk)
        existing = Letter.objects.filter(case=locked, kind=kind).first()
        if existing is not None:
            return existing
        body = body_for(locked, kind)
        assert body is not None  # checked by refusal()
        now = timezone.now()
        today = timezone.localdate(now)
        seq = sequences.next_value(f"letter:{body.code}", today.year, floor=lambda: _floor(body, today.year))
        kind_code = str((body.kind_codes or {}).get(kind) or numbering.DEFAULT_KIND_CODES[kind])
        number = numbering.format_number(body.numbering, seq, kind_code, body.number_code, today)
        code = secrets.token_urlsafe(15)
        # An official letter is Indonesian whatever language the issuing officer's interface uses.
        with translation.override("id"):
            facts = compose.compose(locked, kind, body=body, number=number, day=today, now=now)
            context = {
                **facts,
                "verification_code": code,
                "verification_url": render.verification_url(code),
                "qr": render.qr_data_uri(render.verification_url(code)),
            }
            pdf = render.render_pdf(compose.RULES[kind].template, context)
        letter = Letter(
            case=locked,
            kind=kind,
            body=body,
            number=number,
            year=today.year,
            sequence=seq,
            subject=str(facts["subject"])[:250],
            addressee=str(facts["addressee_summary"])[:250],
            signer=f"{body.signer_title} {body.signer_name}"[:250],
            pdf=pdf,
            size=len(pdf),
            sha256=_sha256(pdf),
            verification_code=code,
            issued_at=now,
            issued_by=user if getattr(user, "is_authenticated", False) else None,
            issued_by_name=user.get_username() if getattr(user, "is_authenticated", False) else "",
        )
        with transaction.atomic():
            letter.save()
        audit.log_change(letter, ObjectChange.Action.CREATE, None, user=user)
    logger.info("letter %s (%s) issued on case %s", letter.pk, kind, case.pk)
    return letter


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def matches(letter: Letter, data: bytes) -> bool:
    """Whether `data` is byte for byte the letter as issued (its SHA-256 equals the stored one)."""
    return secrets.compare_digest(_sha256(data), letter.sha256)


def stored_intact(letter: Letter) -> bool:
    """Whether the stored PDF still hashes to the hash stored with it."""
    return matches(letter, bytes(letter.pdf))


# --- case documents ------------------------------------------------------------------------------

# Narrower than evidence: documents are paper, so PDFs and scans; no videos, no animations.
DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}
DOCUMENT_FOLDER = "case-documents"
# Who uploads which document: the minutes are Bawaslu's, the decree is the PPK's (BKN files it too).
UPLOADERS: dict[str, set[str]] = {
    DocumentKind.CLARIFICATION_MINUTES: {Role.SUPERVISOR},
    DocumentKind.PPK_DECREE: {Role.PPK, Role.BKN},
    DocumentKind.OTHER: {Role.SUPERVISOR, Role.BKN, Role.PPK},
}


def document_kinds_for(user: RequestUser | None, case: Case) -> list[tuple[str, str]]:
    """The document kinds `user` may add to `case` (none without the right to change it)."""
    if not can(user, case, "change"):
        return []
    role = _role(user)
    return [(k, str(label)) for k, label in DocumentKind.choices if role == Role.ADMIN or role in UPLOADERS[k]]


def _looks_like_pdf(upload: Any) -> bool:
    name = str(getattr(upload, "name", "") or "").lower()
    declared = str(getattr(upload, "content_type", "") or "").lower()
    return name.endswith(".pdf") or declared == "application/pdf"


def check_document(upload: Any) -> ev.CheckedFile:
    """The evidence checks plus the document allow-list; ValidationError names the file and why."""
    if _looks_like_pdf(upload):
        # Sniffed before the evidence checks, so a program or a page named .pdf is called what it is.
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        mime = sniff(head) if head else ""
        if head and mime != "application/pdf":
            raise ValidationError(
                _(
                    "%(name)s ditolak: nama atau jenisnya menyebut PDF, tetapi isinya terdeteksi sebagai %(type)s. "
                    "Unggah PDF yang asli."
                )
                % {"name": Path(str(upload.name or "berkas")).name[:255], "type": mime},
                code="disguised",
            )
    checked = ev.check_file(upload)
    if checked.content_type not in DOCUMENT_TYPES:
        raise ValidationError(
            _("%(name)s ditolak: dokumen perkara hanya PDF atau hasil pindaian JPEG/PNG (terdeteksi %(type)s).")
            % {"name": checked.name, "type": checked.content_type},
            code="type_not_allowed",
        )
    return checked


def add_document(case: Case, kind: str, upload: Any, *, user: User, title: str = "") -> CaseDocument:
    """Check, store and record one document on `case`; a refusal is audited and saves nothing."""
    if kind not in {k for k, _label in document_kinds_for(user, case)}:
        _audit_refusal(user, case, "document", "role", {"kind": kind})
        raise ValidationError(_("Anda tidak dapat menambahkan dokumen jenis ini pada perkara ini."), code="role")
    try:
        checked = check_document(upload)
    except ValidationError as exc:
        _audit_refusal(
            user,
            case,
            "document",
            getattr(exc, "code", None) or "invalid",
            {"kind": kind, "name": str(getattr(upload, "name", ""))[:255]},
        )
        raise

    def work(written: list[Path]) -> CaseDocument:
        with transaction.atomic():
            locked = Case.objects.restrict(user, "change").filter(pk=case.pk).first()
            if locked is None:
                raise ValidationError(_("Anda tidak dapat mengubah perkara ini."), code="scope")
            relpath = ev.store_original(checked, written, folder=DOCUMENT_FOLDER)
            doc = CaseDocument(
                case=locked,
                kind=kind,
                title=title.strip()[:200],
                original_name=checked.name,
                storage_path=relpath,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=user,
                uploaded_by_name=user.get_username(),
            )
            doc.save()
            audit.log_change(doc, ObjectChange.Action.CREATE, None, user=user)
            return doc

    written: list[Path] = []
    return db.retry_transient(lambda: work(written))


def record_document_download(user: User, doc: CaseDocument) -> ObjectChange:
    """The custody entry of one download (the reports app's custody log, same shape as evidence)."""
    return custody.record_file_download(user, doc, sha256=doc.sha256, size=doc.size, case=doc.case_id)


def document_path(doc: CaseDocument) -> Path:
    return ev.open_private(doc.storage_path)
