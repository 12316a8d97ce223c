"""Batches of certificate PDFs and information cards as jobs: started from
their pages, followed on /jobs/<id>, the file kept in storage and handed
only to who may see it."""

import io
import zipfile
from datetime import timedelta

from pypdf import PdfReader

from snf.certificates import services
from snf.database import local_today, utcnow
from snf.jobqueue import queue
from tests.certificates_factories import admin_user, make_registered
from tests.factories import login, make_user
from tests.infra.conftest import run_worker

ISSUED = local_today() - timedelta(days=30)


def _job_id(response) -> str:
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def _file(client, job_id: str):
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f"/jobs/{job_id}/file" in page
    return client.get(f"/jobs/{job_id}/file")


def test_staff_get_every_registered_companys_certificate_in_one_zip(client):
    _first, one = make_registered(ISSUED)
    _second, two = make_registered(ISSUED)
    _gone, three = make_registered(ISSUED)
    services.change_status(
        admin_user(), three, "suspend", reason="test", effective=ISSUED,
        now=utcnow(),
    )  # fmt: skip
    login(client, make_user(role="admin"))
    job_id = _job_id(client.post("/companies/certificates.zip"))
    job = queue().fetch(job_id)
    assert job.status == "finished" and job.progress == 100
    response = _file(client, job_id)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert sorted(names) == sorted(f"{c.number}.pdf" for c in (one, two))


def test_a_company_gets_its_certificates_and_nobody_else_its_file(client, app):
    company, certificate = make_registered(ISSUED)
    own = make_user(role="company", organisation=company)
    login(client, own)
    job_id = _job_id(client.post(f"/companies/{company.id}/certificates.zip"))
    archive = zipfile.ZipFile(io.BytesIO(_file(client, job_id).data))
    pdf = PdfReader(io.BytesIO(archive.read(f"{certificate.number}.pdf")))
    assert certificate.number in pdf.pages[0].extract_text()
    other = app.test_client()
    login(other, make_user(role="company"))
    assert other.get(f"/jobs/{job_id}/file").status_code == 403
    assert other.post(f"/companies/{company.id}/certificates.zip").status_code == 403
    staff = app.test_client()
    login(staff, make_user(role="admin"))
    assert staff.get(f"/jobs/{job_id}/file").status_code == 200


def test_a_companys_cards_as_a_job_are_one_pdf_a_page_per_location(client, app):
    company, _certificate = make_registered(ISSUED, locations=3)
    login(client, make_user(role="company", organisation=company))
    job_id = _job_id(client.post("/residents/cards/batch", data={"lang": "pl"}))
    response = _file(client, job_id)
    assert response.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 3
    assert queue().fetch(job_id).result["file"]["name"].endswith("-pl.pdf")


def test_a_worker_without_a_request_builds_the_qr_codes_on_the_public_address(
    app, monkeypatch
):
    from snf.certificates.jobs import certificate_batch_job
    from snf.storage import storage

    monkeypatch.setitem(app.config, "SNF_PUBLIC_URL", "https://register.snf.test")
    company, certificate = make_registered(ISSUED)
    result = certificate_batch_job(company_id=company.id, progress=lambda *a: None)
    archive = zipfile.ZipFile(io.BytesIO(storage().load(result["file"]["key"])))
    pdf = PdfReader(io.BytesIO(archive.read(f"{certificate.number}.pdf")))
    assert "https://register.snf.test/verify/" in pdf.pages[0].extract_text()


def test_on_redis_a_worker_makes_the_zip(client, redis_queue):
    _company, certificate = make_registered(ISSUED)
    login(client, make_user(role="admin"))
    job_id = _job_id(client.post("/companies/certificates.zip"))
    assert redis_queue.fetch(job_id).status == "queued"
    run_worker(redis_queue)
    assert redis_queue.fetch(job_id).status == "finished"
    names = zipfile.ZipFile(io.BytesIO(_file(client, job_id).data)).namelist()
    assert names == [f"{certificate.number}.pdf"]
