import pytest

from tests.factories import bearer, make_user

BASE = "/api/v1/norms"


@pytest.fixture
def admin(client):
    return bearer(client, make_user(role="admin"))


@pytest.fixture
def reader(client):
    return bearer(client, make_user(role="inspector"))


def _doc(client, headers, version="2024.1"):
    return client.get(f"{BASE}/SNF/versions/{version}", headers=headers).get_json()


def test_list_norms_with_versions(client, reader):
    body = client.get(BASE, headers=reader).get_json()
    snf = next(n for n in body if n["code"] == "SNF")
    assert [v["version"] for v in snf["versions"]] == [
        "2014.1",
        "2017.1",
        "2021.1",
        "2024.1",
        "2025.2",
    ]
    assert snf["versions"][0] == {
        "version": "2014.1",
        "status": "published",
        "effective_from": "2014-01-01",
    }


def test_norms_need_login(client):
    assert client.get(BASE).status_code == 401


def test_get_version_is_the_whole_checklist(client, reader):
    doc = _doc(client, reader)
    codes = [r["code"] for s in doc["sections"] for r in s["requirements"]]
    assert "B-3.1" in codes and doc["status"] == "published"
    req = next(
        r for s in doc["sections"] for r in s["requirements"] if r["code"] == "B-1.3"
    )
    assert req["effective_from"] == "2025-01-01"
    assert {"code", "title", "severity", "rule", "applies_to"} <= set(req)


def test_create_draft_from_document_then_publish(client, admin):
    doc = _doc(client, admin)
    doc.pop("status")
    doc["version"] = "2031.1"
    created = client.post(f"{BASE}/SNF/versions", json=doc, headers=admin)
    assert created.status_code == 201, created.get_json()
    assert created.headers["Location"].endswith("/SNF/versions/2031.1")
    assert created.get_json()["status"] == "draft"
    published = client.post(
        f"{BASE}/SNF/versions/2031.1/publish",
        json={"effective_from": "2031-01-01"},
        headers=admin,
    )
    assert published.get_json()["status"] == "published"
    again = client.post(f"{BASE}/SNF/versions/2031.1/publish", json={}, headers=admin)
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/SNF/versions/2024.1", "doc"),
        ("DELETE", "/SNF/versions/2024.1", None),
        ("PATCH", "/SNF/versions/2024.1/requirements/B-3.1", {"severity": "minor"}),
        ("DELETE", "/SNF/versions/2024.1/requirements/B-3.1", None),
        ("POST", "/SNF/versions/2024.1/requirements", "req"),
    ],
)
def test_every_change_to_a_published_version_is_409(client, admin, method, path, body):
    if body == "doc":
        body = _doc(client, admin)
        body.pop("status")
    elif body == "req":
        doc = _doc(client, admin)
        body = {
            **doc["sections"][0]["requirements"][0],
            "code": "A-1.9",
            "section": "A-1",
        }
    response = client.open(BASE + path, method=method, json=body, headers=admin)
    assert response.status_code == 409, response.get_json()
    assert "published" in response.get_json()["error"]["message"]


def test_patch_threshold_of_a_draft(client, admin):
    doc = _doc(client, admin)
    doc.pop("status")
    doc["version"] = "2032.1"
    client.post(f"{BASE}/SNF/versions", json=doc, headers=admin)
    rule = next(
        r for s in doc["sections"] for r in s["requirements"] if r["code"] == "B-3.1"
    )["rule"]
    rule["params"]["occupants_per_toilet"] = 6.0
    response = client.patch(
        f"{BASE}/SNF/versions/2032.1/requirements/B-3.1",
        json={"rule": rule},
        headers=admin,
    )
    assert response.status_code == 200
    diff = client.get(
        f"{BASE}/SNF/diff?from=2024.1&to=2032.1", headers=admin
    ).get_json()
    assert diff["changed"] == [
        {
            "code": "B-3.1",
            "title": {"nl": "Voldoende toiletten", "en": "Enough toilets"},
            "changes": {"rule.params.occupants_per_toilet": [8.0, 6.0]},
        }
    ]


def test_bad_rule_in_a_new_version_is_422_naming_the_requirement(client, admin):
    doc = _doc(client, admin)
    doc.pop("status")
    doc["version"] = "2033.1"
    doc["sections"][4]["requirements"][0]["rule"]["check"] = "burners >= 4"
    response = client.post(f"{BASE}/SNF/versions", json=doc, headers=admin)
    assert response.status_code == 422
    assert any("rule" in f for f in response.get_json()["error"]["fields"])
    assert client.get(f"{BASE}/SNF/versions/2033.1", headers=admin).status_code == 404


def test_writes_need_admin(client, reader):
    doc = _doc(client, reader)
    doc.pop("status")
    doc["version"] = "2034.1"
    assert (
        client.post(f"{BASE}/SNF/versions", json=doc, headers=reader).status_code == 403
    )


def test_diff_2017_2021(client, reader):
    diff = client.get(
        f"{BASE}/SNF/diff?from=2017.1&to=2021.1", headers=reader
    ).get_json()
    assert {"B-4.2", "B-4.3", "B-5.6", "B-7.7", "B-9.2"} <= {
        a["code"] for a in diff["added"]
    }


def test_diff_needs_both_versions(client, reader):
    response = client.get(f"{BASE}/SNF/diff?from=2017.1", headers=reader)
    assert response.status_code == 422
    assert "to" in response.get_json()["error"]["fields"]


def test_evaluate_explains_every_result(client, reader):
    body = {
        "date": "2025-06-01",
        "observations": {
            "housing_type": "regular_dwelling",
            "use_class": "wonen",
            "occupants": 9,
            "beds": 9,
            "toilets": 1,
            "living_area_m2": 120.0,
        },
    }
    response = client.post(
        f"{BASE}/SNF/versions/2024.1/evaluate", json=body, headers=reader
    )
    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert result["verdict"] == "non_conform"
    by_code = {r["requirement"]: r for r in result["results"]}
    assert by_code["B-3.1"]["outcome"] == "fail"
    assert by_code["B-2.1"]["outcome"] == "pass"
    assert all(r["explanation"] for r in result["results"])


def test_evaluate_in_dutch(client, reader):
    body = {
        "date": "2025-06-01",
        "observations": {"use_class": "wonen", "occupants": 3, "living_area_m2": 33.0},
    }
    result = client.post(
        f"{BASE}/SNF/versions/2024.1/evaluate?lang=nl", json=body, headers=reader
    ).get_json()
    b21 = next(r for r in result["results"] if r["requirement"] == "B-2.1")
    assert "11,0 m² per persoon" in b21["explanation"]


@pytest.mark.parametrize(
    ("observations", "field"),
    [
        ({"occupants": 0}, "occupants"),
        ({"living_area_m2": -3.0}, "living_area_m2"),
        ({"toilets": "2"}, "toilets"),
        ({"no_such_key": 1}, "no_such_key"),
        ({"bedrooms": [{"area_m2": "x"}]}, "bedrooms.0.area_m2"),
    ],
)
def test_evaluate_malformed_observation_is_422_naming_it(
    client, reader, observations, field
):
    response = client.post(
        f"{BASE}/SNF/versions/2024.1/evaluate",
        json={"observations": observations},
        headers=reader,
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_evaluate_unknown_version_is_404(client, reader):
    response = client.post(
        f"{BASE}/SNF/versions/1999.1/evaluate",
        json={"observations": {}},
        headers=reader,
    )
    assert response.status_code == 404


def test_evaluate_one_part_of_the_norm(client, reader):
    body = {"date": "2025-06-01", "observations": {"occupants": 2}}
    url = f"{BASE}/SNF/versions/2024.1/evaluate?part=administrative"
    result = client.post(url, json=body, headers=reader).get_json()
    assert {r["requirement"][0] for r in result["results"]} == {"A"}
