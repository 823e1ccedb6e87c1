"""Finding 1 of the security probe: original evidence, GPS included, reached the accused's employer.

``/laporan/bukti/<id>/asli/`` served the byte-for-byte original (EXIF with GPS and camera) to
every role that could see the report, the PPK officer of the reported ASN's own agency included,
and the API listed each file's ``original_name``. Only the roles that handle the case at Bawaslu
(supervisors in scope) and the administrator may have the original, each download written to
the custody log; BKN, PPK officers and analysts get the stripped display copy; the case file PDF
lists the hashes of both.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from netral.api.tests.factories import client_for
from netral.cases.models import Case
from netral.core.context import acting
from netral.core.models import ObjectChange
from netral.reports.models import Evidence
from netral.reports.services import submit_report
from netral.reports.tests.conftest import jpeg_with_gps, report_data, upload

pytestmark = pytest.mark.django_db
FILE_NAME = "IMG_20241001_rumah_siti.jpg"


@pytest.fixture
def recommended(cast: Any) -> Evidence:
    """An anonymous report with a GPS-tagged photo about Kota Banjar's agency, recommended to its PPK."""
    with acting(None):
        report, _ = submit_report(
            report_data(identity="anonymous", reporter_name="", reporter_nik="", subject_agency=cast.agency_a),
            [upload(FILE_NAME, jpeg_with_gps(), "image/jpeg")],
        )
    assert report.case_id is not None
    Case.objects.filter(pk=report.case_id).update(status="recommended", route="bkn", agency=cast.agency_a)
    return Evidence.objects.get(report=report, kind="image")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def custody_log(item: Evidence) -> list[ObjectChange]:
    """The custody entries of `item` (``reports.custody`` writes them): downloads of the original."""
    changes = ObjectChange.objects.filter(object_type="reports.evidence", object_id=str(item.pk), action="download")
    return list(changes.order_by("time", "id"))


def _url(item: Evidence, variant: str) -> str:
    return f"/laporan/bukti/{item.pk}/{variant}/"


def test_the_accused_employer_bkn_and_analysts_never_get_the_original(cast: Any, recommended: Evidence) -> None:
    for user in (cast.ppk_a, cast.bkn, cast.analyst_a):
        client = _login(user)
        assert client.get(f"/laporan/{recommended.report_id}/").status_code == 200, user.username
        assert client.get(_url(recommended, "asli")).status_code == 404, user.username
        display = client.get(_url(recommended, "tampilan"))
        assert display.status_code == 200, user.username
        shown = b"".join(display.streaming_content)  # type: ignore[attr-defined]
        image = Image.open(io.BytesIO(shown))
        assert not image.getexif(), user.username  # no EXIF at all, so no GPS and no camera
    assert not ObjectChange.objects.filter(action="download").exists()


def test_the_report_page_shows_neither_the_original_link_nor_its_name_to_them(cast: Any, recommended: Evidence) -> None:
    for user in (cast.ppk_a, cast.bkn, cast.analyst_a):
        html = _login(user).get(f"/laporan/{recommended.report_id}/").content.decode()
        assert FILE_NAME not in html, user.username
        assert _url(recommended, "asli") not in html, user.username
        assert _url(recommended, "tampilan") in html, user.username
    html = _login(cast.sup_a).get(f"/laporan/{recommended.report_id}/").content.decode()
    assert FILE_NAME in html and _url(recommended, "asli") in html


def test_supervisors_in_scope_and_the_administrator_download_it_and_each_download_is_logged(
    cast: Any, recommended: Evidence
) -> None:
    original = jpeg_with_gps()
    for user in (cast.sup_a, cast.sup_prov, cast.admin, cast.sup_a):
        response = _login(user).get(_url(recommended, "asli"))
        assert response.status_code == 200, user.username
        assert b"".join(response.streaming_content) == original  # type: ignore[attr-defined]
    entries = list(custody_log(recommended))
    assert [e.user_name for e in entries] == ["sup_banjar", "sup_jabar", "admin", "sup_banjar"]
    assert all(e.postchange and e.postchange["sha256"] == recommended.sha256 for e in entries)
    assert all(e.request_id for e in entries)
    # Another region's supervisor has no original either (the report is out of their scope).
    assert _login(cast.sup_b).get(_url(recommended, "asli")).status_code == 404
    assert len(custody_log(recommended)) == 4


def test_the_api_hides_original_name_from_roles_that_may_not_have_the_original(
    cast: Any, recommended: Evidence
) -> None:
    url = f"/api/v1/reports/{recommended.report_id}/"
    for user in (cast.ppk_a, cast.bkn, cast.analyst_a):
        body = client_for(user).get(url).json()
        assert FILE_NAME not in str(body), user.username
        files = [e for e in body["evidence"] if e["sha256"]]
        assert files[0]["sha256"] == recommended.sha256
        assert files[0]["original_name"] is None
    files = [e for e in client_for(cast.sup_a).get(url).json()["evidence"] if e["sha256"]]
    assert files[0]["original_name"] == FILE_NAME


def _pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is installed by the README's test command")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)  # noqa: S603, S607
    return "".join(out.stdout.decode().split())


def test_the_case_file_lists_the_hashes_of_the_original_and_of_the_display_copy(
    cast: Any, recommended: Evidence, settings: Any
) -> None:
    display = (Path(settings.PRIVATE_STORAGE_ROOT) / recommended.display_path).read_bytes()
    display_hash = hashlib.sha256(display).hexdigest()
    assert recommended.display_sha256 == display_hash
    assert recommended.report.case is not None
    number = recommended.report.case.number
    for user in (cast.sup_a, cast.ppk_a, cast.bkn):
        response = _login(user).get(f"/perkara/{number}/berkas.pdf")
        assert response.status_code == 200, user.username
        text = _pdf_text(response.content)
        assert recommended.sha256 in text, user.username
        assert display_hash in text, user.username
        assert (FILE_NAME in text) == (user == cast.sup_a), user.username
