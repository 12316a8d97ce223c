"""Who sees and manages registrations: a company user its own only, staff all.

The access matrix (tests/access/certificates.py) checks every role against
another company's registration; these tests check the own-company side and the
menu each role is offered."""

import re

import pytest

from snf.auth.permissions import can
from snf.certificates import lifecycle, services
from snf.database import local_today
from snf.extensions import db
from tests.factories import bearer, login, make_organisation, make_user

MENU = re.compile(r'<nav class="mainnav".*?</nav>', re.S)


def _menu(client) -> list[str]:
    html = client.get("/?lang=en").get_data(as_text=True)
    return re.findall(r'href="([^"]+)"', MENU.search(html).group(0))


def test_a_company_user_sees_and_applies_for_its_own_registration_only(client):
    own, other = make_organisation("company"), make_organisation("company")
    body = make_organisation("inspection_body")
    user = make_user(role="company", organisation=own)
    db.session.commit()
    login(client, user)
    assert client.get("/registration").headers["Location"] == f"/companies/{own.id}"
    page = client.get(f"/companies/{own.id}?lang=en")
    assert page.status_code == 200 and own.name in page.get_data(as_text=True)
    assert client.get(f"/companies/{other.id}").status_code == 403
    refused = client.post(
        f"/companies/{other.id}/apply", data={"inspection_body": str(body.id)}
    )
    assert refused.status_code == 403
    applied = client.post(
        f"/companies/{own.id}/apply", data={"inspection_body": str(body.id)}
    )
    assert applied.status_code == 302
    today = local_today()
    assert lifecycle.status_on(own.id, today) == "applied"
    assert lifecycle.status_on(other.id, today) == lifecycle.NOT_REGISTERED


def test_a_company_applies_through_the_api_for_itself_only(client):
    own, other = make_organisation("company"), make_organisation("company")
    body = make_organisation("inspection_body")
    headers = bearer(client, make_user(role="company", organisation=own))
    db.session.commit()
    url = "/api/v1/companies/{}/applications"
    answer = {"inspection_body": body.name}
    refused = client.post(url.format(other.kvk), json=answer, headers=headers)
    assert refused.status_code == 403
    assert services.open_application(other.id) is None
    created = client.post(url.format(own.kvk), json=answer, headers=headers)
    assert created.status_code == 201
    assert services.open_application(own.id) is not None


def test_staff_apply_for_a_company(client):
    company = make_organisation("company")
    body = make_organisation("inspection_body")
    login(client, make_user(role="admin"))
    answer = client.post(
        f"/companies/{company.id}/apply", data={"inspection_body": str(body.id)}
    )
    assert answer.status_code == 302
    assert lifecycle.status_on(company.id, local_today()) == "applied"


def test_each_role_is_offered_its_own_registration_menu(client):
    login(client, make_user(role="company"))
    menu = _menu(client)
    assert "/registration" in menu
    assert "/companies" not in menu and "/applications" not in menu
    client.post("/logout")
    login(client, make_user(role="admin"))
    menu = _menu(client)
    assert "/companies" in menu and "/applications" in menu
    assert "/registration" not in menu


ROLES = ("admin", "inspector", "company", "verifier", "municipality")


@pytest.fixture
def people():
    own = make_organisation("company")
    found = {"own": own, "owner": make_user(role="company", organisation=own)}
    found.update({role: make_user(role=role) for role in ROLES})
    return found


# action, object (own: the owner's company; None: no company), who may
TABLE = [
    ("registration.view", "own", {"owner", "admin"}),
    ("registration.apply", "own", {"owner", "admin"}),
    ("registration.apply", None, {"owner", "company", "admin"}),
    ("registration.own", None, {"owner", "company"}),
    ("registration.manage", None, {"admin"}),
    ("application.queue", None, {"admin"}),
]


@pytest.mark.parametrize(
    ("action", "target", "allowed"), TABLE, ids=[f"{a} {t}" for a, t, _ in TABLE]
)
def test_who_may(people, action, target, allowed):
    obj = people[target] if target else None
    who = ("owner", *ROLES)
    assert {name for name in who if can(people[name], action, obj)} == allowed
