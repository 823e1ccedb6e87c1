"""Evidence kept across a refused submission: a browser never re-sends chosen files after an error.

When the form is refused (a future date, a missing regency, the quota), every uploaded file that
passes the evidence checks on its own is written to private storage under ``staging/`` (named by its
SHA-256, so the same file is stored once) and listed in the reporter's session with a random token,
its name, size, type, hash and expiry. The re-rendered form lists them, each with a box to keep it
(checked) and the resubmission attaches the kept ones again, re-checked and hash-verified. Files that
failed are named in the error so the reporter knows which to choose again.

Entries expire after ``STAGED_EVIDENCE_MINUTES``; staged files older than that are pruned on the way.
After an accepted submission the session's list is dropped (the files are now evidence rows).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

from netral.reports import evidence as ev

SESSION_KEY = "reports.staged"
FIELD = "staged_evidence"
PRUNE_EVERY = 600  # seconds between two sweeps of old staged files by one process
_last_prune = 0.0


def ttl() -> int:
    return 60 * int(getattr(settings, "STAGED_EVIDENCE_MINUTES", 120))


def _dir() -> Path:
    return ev.root() / "staging"


def _path(sha256: str) -> Path:
    return _dir() / sha256


def _now() -> float:
    return time.time()


def staged(request: HttpRequest) -> list[dict[str, Any]]:
    """The session's staged files that have not expired and are still on disk."""
    entries = request.session.get(SESSION_KEY) or []
    now = _now()
    alive = [e for e in entries if e.get("expires", 0) > now and _path(e["sha256"]).is_file()]
    if len(alive) != len(entries):
        request.session[SESSION_KEY] = alive
    return alive


def _write(upload: Any, sha256: str) -> None:
    path = _path(sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        os.utime(path)  # a reuse refreshes the age
        return
    tmp = path.with_name(f".{sha256}.{secrets.token_hex(4)}")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for chunk in ev._chunks(upload):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:  # the upload changed under us: keep nothing
        tmp.unlink(missing_ok=True)
        return
    os.replace(tmp, path)


def keep(request: HttpRequest, uploads: list[Any], kept_tokens: list[str]) -> list[str]:
    """Stage the uploads that pass the checks; keep the earlier staged files still ticked.

    Returns the names of uploads refused by the checks (to ask for them again by name).
    """
    _prune()
    entries = [e for e in staged(request) if e["token"] in kept_tokens]
    refused: list[str] = []
    expires = _now() + ttl()
    for upload in uploads:
        if getattr(upload, "_netral_staged", False):
            continue  # already an entry
        try:
            checked = ev.check_file(upload)
        except ValidationError:
            refused.append(os.path.basename(getattr(upload, "name", "") or "berkas")[:120])
            continue
        if any(e["sha256"] == checked.sha256 for e in entries):
            continue
        if len(entries) >= ev.max_files():
            break
        _write(checked.upload, checked.sha256)
        entries.append(
            {
                "token": secrets.token_urlsafe(12),
                "name": checked.name,
                "size": checked.size,
                "content_type": checked.content_type,
                "sha256": checked.sha256,
                "expires": expires,
            }
        )
    request.session[SESSION_KEY] = entries
    return refused


def attached(request: HttpRequest) -> list[UploadedFile[bytes]]:
    """The staged files the resubmission keeps (ticked boxes), opened as uploads; a file whose bytes no
    longer match its hash is dropped."""
    wanted = set(request.POST.getlist(FIELD))
    files: list[UploadedFile[bytes]] = []
    for entry in staged(request):
        if entry["token"] not in wanted:
            continue
        path = _path(entry["sha256"])
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):  # type: ignore[misc]
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            continue
        upload = UploadedFile(
            path.open("rb"), name=entry["name"], content_type=entry["content_type"], size=entry["size"]
        )
        upload._netral_staged = True  # type: ignore[attr-defined]
        files.append(upload)
    return files


def files_with_staged(request: HttpRequest, name: str = "evidence") -> MultiValueDict[str, Any]:
    """request.FILES with the kept staged files added under `name`, for the form to check as one list."""
    files: MultiValueDict[str, Any] = MultiValueDict()
    for key in request.FILES:
        files.setlist(key, list(request.FILES.getlist(key)))
    extra = attached(request)
    if extra:
        files.setlist(name, [*extra, *files.getlist(name)])
    return files


def clear(request: HttpRequest) -> None:
    """After an accepted submission: the session forgets its staged files (disk files age out)."""
    request.session.pop(SESSION_KEY, None)


def _prune(force: bool = False) -> int:
    """Remove staged files older than the time to live (at most once per PRUNE_EVERY per process)."""
    global _last_prune
    now = _now()
    if not force and now - _last_prune < PRUNE_EVERY:
        return 0
    _last_prune = now
    removed = 0
    base = _dir()
    if not base.is_dir():
        return 0
    limit = now - ttl()
    for path in base.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def expires_on(entry: dict[str, Any]) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(entry["expires"], tz=datetime.UTC)
