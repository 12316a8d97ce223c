"""Both storage backends behind one interface; S3 against a real S3-protocol
server (moto in server mode)."""

import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from snf.certificates.keys import KeyRing, KeyRingError
from snf.storage import LocalStorage, S3Storage, s3_storage
from tests.factories import login
from tests.inspections_factories import make_inspection
from tests.security.test_hostile_input import _upload, jpeg_bytes


@pytest.fixture
def s3(s3_config) -> S3Storage:
    return s3_storage(s3_config)


@pytest.fixture(params=["local", "s3"])
def any_storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(str(tmp_path))
    return request.getfixturevalue("s3")


def test_the_key_is_the_content_hash_and_a_retry_stores_one_object(any_storage):
    data = b"%PDF-1.7 a KvK extract"
    key = any_storage.save(data, ".pdf")
    assert key == f"{hashlib.sha256(data).hexdigest()[:2]}/" + (
        hashlib.sha256(data).hexdigest() + ".pdf"
    )
    assert any_storage.save(data, ".pdf") == key
    assert list(any_storage.list_keys()) == [key]
    assert any_storage.load(key) == data


@pytest.mark.parametrize("key", ["../x.jpg", "ab/../../etc/passwd", "ab/cd.jpg"])
def test_keys_that_are_not_content_keys_are_refused(any_storage, key):
    with pytest.raises(ValueError, match="bad storage key"):
        any_storage.load(key)


def test_the_bucket_is_private_and_a_presigned_url_expires(s3, s3_config):
    key = s3.save(b"photo bytes", ".jpg")
    public = f"{s3_config['SNF_S3_ENDPOINT_URL']}/{s3.bucket}/{key}"
    assert requests.get(public, timeout=5).status_code == 403
    assert requests.get(s3.presigned_url(key), timeout=5).content == b"photo bytes"
    # moto does not enforce the expiry; the link carries it.
    expires = int(parse_qs(urlsplit(s3.presigned_url(key, 60)).query)["Expires"][0])
    assert 0 < expires - time.time() <= 61


def test_a_photo_uploaded_to_s3_is_served_through_the_app_after_its_check(
    app, client, s3, monkeypatch
):
    monkeypatch.setitem(app.extensions, "snf_storage", s3)
    inspection = make_inspection()
    photo = jpeg_bytes((52, 31))
    response = _upload(client, inspection, photo, "kitchen.jpg")
    assert response.status_code == 201, response.get_json()
    url = f"/attachments/{response.get_json()['id']}"
    assert client.get(url).status_code in {302, 401}
    login(client, inspection.inspector)
    served = client.get(url)
    assert served.status_code == 200
    assert served.data == s3.load(next(iter(s3.list_keys())))


def test_storage_migrate_copies_every_local_file_and_verifies_it(
    app, s3, s3_config, tmp_path, monkeypatch
):
    local = LocalStorage(str(tmp_path / "uploads"))
    keys = {local.save(data, ".jpg") for data in (b"one", b"two", b"three")}
    for name, value in {**s3_config, "SNF_STORAGE_PATH": str(local.root)}.items():
        monkeypatch.setitem(app.config, name, value)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["storage", "migrate"])
    assert result.exit_code == 0, result.output
    assert "3 file(s) copied and verified, 0 mismatch(es)" in result.output
    assert set(s3.list_keys()) == keys
    assert {s3.load(key) for key in keys} == {b"one", b"two", b"three"}
    # A local file whose content no longer matches its key is reported.
    (local.root / sorted(keys)[0]).write_bytes(b"tampered")
    again = runner.invoke(args=["storage", "migrate"])
    assert again.exit_code == 1 and "MISMATCH" in again.output


def test_a_node_without_key_creation_never_makes_its_own_key(tmp_path):
    shared = tmp_path / "keys"
    node = KeyRing(shared, create=False)
    with pytest.raises(KeyRingError, match="no signing key"):
        node.active()
    assert not shared.exists() or not list(shared.iterdir())
    kid = KeyRing(shared).rotate()  # the operator, once
    assert node.active().kid == kid
    assert KeyRing(shared, create=False).active().kid == kid
