"""snf.idempotency on one idempotent endpoint (staff registering a company):
the stored answer is replayed exactly, per user and per key; a key reused for
another request, a bad key and an anonymous caller are refused; an error answer
is not stored, so a retry runs again."""

import pytest
from flask import Response
from flask_login import login_user
from sqlalchemy import func, select

from snf.auth.models import Organisation
from snf.extensions import db
from snf.idempotency import MAX_KEY_LENGTH, IdempotencyRecord, idempotent
from snf.inspections.locations import list_company_locations
from tests.factories import bearer, make_organisation, make_user
from tests.inspections_factories import location_data

URL = "/api/v1/companies"


def _company(n: int) -> dict:
    return {"kvk": f"{61000000 + n:08d}", "name": f"Sleutel {n} BV", "town": "Delft"}


def _companies(kvk: str) -> int:
    return db.session.scalar(
        select(func.count(Organisation.id)).where(Organisation.kvk == kvk)
    )


@pytest.fixture
def admin():
    return make_user("admin")


@pytest.fixture
def headers(client, admin):
    return bearer(client, admin)


def test_a_replay_is_the_stored_answer_with_its_headers(client, admin, headers):
    keyed = {**headers, "Idempotency-Key": "company-1"}
    first = client.post(URL, json=_company(1), headers=keyed)
    again = client.post(URL, json=_company(1), headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data()
    assert (
        again.headers["Location"]
        == first.headers["Location"]
        == ("/api/v1/companies/61000001")
    )
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _companies("61000001") == 1
    record = db.session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.key == "company-1")
    )
    assert record.user_id == admin.id and record.status_code == 201
    assert len(record.request_hash) == 64
    assert set(record.headers) == {"Content-Type", "Location"}
    assert record.body == first.get_data(as_text=True)
    assert repr(record) == f"<IdempotencyRecord {admin.id}:company-1>"


def test_without_a_key_each_request_runs(client, headers):
    first = client.post(URL, json=_company(2), headers=headers)
    again = client.post(URL, json=_company(2), headers=headers)
    assert first.status_code == 201 and again.status_code == 409
    assert db.session.scalar(select(func.count(IdempotencyRecord.id))) == 0


def test_a_key_reused_with_another_body_is_422_naming_the_header(client, headers):
    keyed = {**headers, "Idempotency-Key": "company-3"}
    assert client.post(URL, json=_company(3), headers=keyed).status_code == 201
    changed = {**_company(3), "name": "Andere Naam BV"}
    response = client.post(URL, json=changed, headers=keyed)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["message"] == (
        "This Idempotency-Key was already used for a different request."
    )
    assert error["fields"] == {"Idempotency-Key": ["Use a new key for a new request."]}
    assert _companies("61000003") == 1


def test_a_key_reused_on_another_path_with_the_same_body_is_422(client, headers):
    first, second = make_organisation("company"), make_organisation("company")
    keyed = {**headers, "Idempotency-Key": "location-1"}
    body = location_data(house_number=411)
    answer = client.post(f"{URL}/{first.kvk}/locations", json=body, headers=keyed)
    assert answer.status_code == 201
    response = client.post(f"{URL}/{second.kvk}/locations", json=body, headers=keyed)
    assert response.status_code == 422
    assert list_company_locations(second.id) == []


def test_the_same_key_of_another_user_is_its_own(client, headers):
    other = bearer(client, make_user("admin"))
    key = {"Idempotency-Key": "shared-key"}
    first = client.post(URL, json=_company(4), headers={**headers, **key})
    second = client.post(URL, json=_company(5), headers={**other, **key})
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert _companies("61000004") == _companies("61000005") == 1


@pytest.mark.parametrize("key", ["x" * (MAX_KEY_LENGTH + 1), "tab\there", "line\x7f"])
def test_a_bad_key_is_422_and_changes_nothing(client, headers, key):
    response = client.post(
        URL, json=_company(6), headers={**headers, "Idempotency-Key": key}
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["message"] == "The Idempotency-Key header is not valid."
    assert error["fields"] == {
        "Idempotency-Key": ["Use 1 to 200 printable characters."]
    }
    assert _companies("61000006") == 0


def test_an_empty_key_is_422(client, headers):
    response = client.post(
        URL, json=_company(7), headers={**headers, "Idempotency-Key": ""}
    )
    assert response.status_code == 422
    assert _companies("61000007") == 0


@pytest.mark.parametrize("key", ["x" * MAX_KEY_LENGTH, "k"])
def test_keys_of_one_to_200_characters_are_accepted(client, headers, key):
    response = client.post(
        URL, json=_company(8), headers={**headers, "Idempotency-Key": key}
    )
    assert response.status_code == 201
    assert (
        db.session.scalar(
            select(func.count(IdempotencyRecord.id)).where(IdempotencyRecord.key == key)
        )
        == 1
    )


def test_an_error_answer_is_not_stored_and_a_retry_runs_again(client, headers):
    taken = _company(9)
    client.post(URL, json=taken, headers=headers)
    keyed = {**headers, "Idempotency-Key": "retry-1"}
    refused = client.post(URL, json=taken, headers=keyed)
    assert refused.status_code == 409
    assert "Idempotent-Replayed" not in refused.headers
    assert (
        db.session.scalar(
            select(func.count(IdempotencyRecord.id)).where(
                IdempotencyRecord.key == "retry-1"
            )
        )
        == 0
    )
    # The same key may now be used for a request that succeeds.
    fresh = client.post(URL, json=_company(10), headers=keyed)
    assert fresh.status_code == 201


def test_an_anonymous_keyed_write_is_401_and_stores_nothing(client):
    response = client.post(
        URL, json=_company(11), headers={"Idempotency-Key": "anon-1"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "Please log in first."
    assert db.session.scalar(select(func.count(IdempotencyRecord.id))) == 0


def test_each_key_of_one_user_is_its_own(client, headers):
    first = client.post(
        URL, json=_company(12), headers={**headers, "Idempotency-Key": "a"}
    )
    second = client.post(
        URL, json=_company(13), headers={**headers, "Idempotency-Key": "b"}
    )
    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert _companies("61000013") == 1


def _keyed_call(app, user, view):
    with app.test_request_context(
        URL, method="POST", data=b"{}", headers={"Idempotency-Key": "direct-1"}
    ):
        login_user(user)
        return idempotent(view)()


def test_an_etag_of_the_answer_is_replayed(app, admin):
    def view():
        return Response("{}", 201, {"ETag": '"rev-7"', "X-Other": "not kept"})

    assert _keyed_call(app, admin, view).headers["ETag"] == '"rev-7"'
    replay = _keyed_call(app, admin, view)
    assert replay.headers["ETag"] == '"rev-7"'
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert "X-Other" not in replay.headers


def test_the_decorator_needs_the_serialised_response(app, admin):
    with pytest.raises(TypeError, match="serialised response"):
        _keyed_call(app, admin, lambda: {"not": "a response"})
