"""Small factories for test data: make_x(**overrides)."""

import itertools

from snf.auth import services as auth
from snf.auth.models import ROLE_ORGANISATION_KIND
from snf.database import utcnow
from snf.extensions import db

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_organisation(kind="company", **overrides):
    n = next(_seq)
    values = {"name": f"Organisation {n}", "town": "Utrecht"}
    if kind == "company":
        values["kvk"] = f"{90000000 + n:08d}"
    if kind == "municipality":
        values["municipality_code"] = "GM0983"
    values.update(overrides)
    return auth.create_organisation(None, kind=kind, now=utcnow(), **values)


def make_user(role="company", organisation=None, **overrides):
    n = next(_seq)
    organisation = organisation or make_organisation(ROLE_ORGANISATION_KIND[role])
    values = {
        "email": f"user{n}@example.org",
        "password": PASSWORD,
        "name": f"User {n}",
    }
    values.update(overrides)
    user = auth.create_user(
        None, role=role, organisation=organisation, now=utcnow(), **values
    )
    db.session.flush()
    return user


def login(client, user, password=PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def bearer(client, user, password=PASSWORD) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": password}
    )
    assert response.status_code == 201, response.get_json()
    return {"Authorization": "Bearer " + response.get_json()["token"]}
