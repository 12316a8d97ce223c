"""Regions: public to read, SNF staff's to change; a revised agreement keeps
the earlier terms."""

import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.geo import regions
from tests.factories import bearer, login, make_user
from tests.geo.factories import make_municipality

BODY = {
    "code": "noord-limburg",
    "name": "Noord-Limburg",
    "municipalities": ["GM0983", "GM1507"],
    "agreement": {"places": 1200, "start": "2024-07-01", "target": "2028-06-30"},
}


@pytest.fixture
def limburg():
    make_municipality("GM0983", "Venlo", "31")
    make_municipality("GM1507", "Horst aan de Maas", "31")
    make_municipality("GM0984", "Venray", "31")


def test_staff_create_a_region_and_anyone_reads_it(client, limburg):
    admin = bearer(client, make_user(role="admin"))
    made = client.post("/api/v1/regions", json=BODY, headers=admin)
    assert made.status_code == 201
    assert made.headers["Location"] == "/api/v1/regions/noord-limburg"
    listed = client.get("/api/v1/regions").get_json()
    assert [
        {k: r[k] for k in ("code", "name", "municipalities", "agreement")}
        for r in listed
    ] == [BODY]
    again = client.post("/api/v1/regions", json=BODY, headers=admin)
    assert again.status_code == 409 and "code" in again.get_json()["error"]["fields"]


def test_a_revised_agreement_keeps_its_history(client, limburg):
    admin = bearer(client, make_user(role="admin"))
    client.post("/api/v1/regions", json=BODY, headers=admin)
    revised = {
        **BODY,
        "municipalities": ["GM0983", "GM1507", "GM0984"],
        "agreement": {"places": 1500, "start": "2024-07-01", "target": "2028-12-31"},
    }
    answer = client.put("/api/v1/regions/noord-limburg", json=revised, headers=admin)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["agreement"] == revised["agreement"]
    assert body["municipalities"] == ["GM0983", "GM0984", "GM1507"]
    assert [h["places"] for h in body["history"]] == [1200, 1500]
    # The same terms again record nothing new.
    client.put("/api/v1/regions/noord-limburg", json=revised, headers=admin)
    assert len(regions.get_region("noord-limburg").agreements) == 2
    removed = {**revised, "agreement": None}
    refused = client.put("/api/v1/regions/noord-limburg", json=removed, headers=admin)
    assert refused.status_code == 422


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipalities": ["GM9999"]}, "municipalities"),
        ({"municipalities": []}, "municipalities"),
        ({"code": "Noord Limburg!"}, "code"),
        ({"agreement": {"places": 0, "start": "2024-01-01", "target": "2025-01-01"}},
         "agreement.places"),
        ({"agreement": {"places": 9, "start": "2025-01-01", "target": "2024-01-01"}},
         "target"),
    ],
)  # fmt: skip
def test_a_wrong_region_is_refused_naming_the_field(client, limburg, change, field):
    admin = bearer(client, make_user(role="admin"))
    answer = client.post("/api/v1/regions", json={**BODY, **change}, headers=admin)
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]
    assert regions.list_regions() == []


@pytest.mark.parametrize("role", ["company", "inspector", "verifier"])
def test_only_staff_change_regions(client, limburg, role):
    headers = bearer(client, make_user(role=role))
    assert client.post("/api/v1/regions", json=BODY, headers=headers).status_code == 403
    assert client.post("/api/v1/regions", json=BODY).status_code == 401
    regions.create_region(None, {**BODY, "agreement": None}, now=utcnow())
    url = "/api/v1/regions/noord-limburg"
    assert client.put(url, json=BODY, headers=headers).status_code == 403
    assert client.get("/api/v1/regions").status_code == 200


def test_staff_create_and_revise_a_region_in_the_pages(client, limburg):
    login(client, make_user(role="admin"))
    form = {
        "code": "noord-limburg", "name": "Noord-Limburg",
        "municipalities": ["GM0983", "GM1507"],
        "places": "1200", "start": "2024-07-01", "target": "2028-06-30",
    }  # fmt: skip
    assert client.post("/regions/new", data=form).status_code == 302
    page = client.get("/regions").get_data(as_text=True)
    assert "Noord-Limburg" in page and "Horst aan de Maas, Venlo" in page
    edit = {**form, "places": "1500"}
    del edit["code"]
    assert client.post("/regions/noord-limburg/edit", data=edit).status_code == 302
    page = client.get("/regions/noord-limburg/edit").get_data(as_text=True)
    assert page.count("1,500") >= 1 and "1,200" in page  # the history
    half = {**edit, "target": ""}
    page = client.post("/regions/noord-limburg/edit", data=half).get_data(as_text=True)
    assert 'id="target-errors"' in page
    db.session.expire_all()
    assert regions.get_region("noord-limburg").agreement.places == 1500
