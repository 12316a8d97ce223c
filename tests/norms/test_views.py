import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.norms import services
from tests.factories import login, make_user


@pytest.fixture
def admin_client(client):
    login(client, make_user(role="admin"))
    return client


@pytest.fixture
def draft():
    source = services.get_version("SNF", "2024.1")
    return services.create_draft_from(None, source, "2030.1", now=utcnow())


def test_norms_page_lists_versions(admin_client):
    page = admin_client.get("/norms/").get_data(as_text=True)
    assert "SNF 2024.1" in page and "AGRI 2023.1" in page


def test_version_page_reads_as_checklist(admin_client):
    page = admin_client.get("/norms/SNF/2024.1").get_data(as_text=True)
    assert "B-3.1" in page and "<details" in page


def test_create_draft_from_latest_published(admin_client):
    response = admin_client.post("/norms/SNF/drafts", data={"SNF-version": "2030.2"})
    assert response.status_code == 302
    assert services.get_version("SNF", "2030.2").based_on_id == (
        services.get_version("SNF", "2025.2").id
    )


def test_edit_threshold_of_a_draft(admin_client, draft):
    url = "/norms/SNF/2030.1/requirements/B-3.1/edit"
    form = admin_client.get(url).get_data(as_text=True)
    assert 'name="param-occupants_per_toilet"' in form
    req = services.get_requirement(draft, "B-3.1")
    data = _form_data(req)
    data["param-occupants_per_toilet"] = "6"
    response = admin_client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert services.get_requirement(draft, "B-3.1").rule["params"] == {
        "occupants_per_toilet": 6.0
    }


def test_bad_rule_shows_error_next_to_the_field_and_saves_nothing(admin_client, draft):
    req = services.get_requirement(draft, "B-3.1")
    data = _form_data(req)
    data["rule"] = data["rule"].replace("toilets *", "toilets * 8 *")
    page = admin_client.post("/norms/SNF/2030.1/requirements/B-3.1/edit", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="rule-errors"' in html and "integer literal" in html
    assert "8 *" not in services.get_requirement(draft, "B-3.1").rule["check"]


def test_editing_a_published_version_explains_and_redirects(admin_client):
    response = admin_client.get("/norms/SNF/2024.1/requirements/B-3.1/edit")
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "can no longer be changed" in page or "niet meer worden gewijzigd" in page


def test_publish_draft(admin_client, draft):
    response = admin_client.post(
        "/norms/SNF/2030.1/publish", data={"effective_from": "2030-01-01"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert draft.status == "published"


def test_diff_page_highlights_additions(admin_client):
    page = admin_client.get("/norms/SNF/diff?from=2017.1&to=2021.1").get_data(
        as_text=True
    )
    assert 'class="added"' in page and "B-9.2" in page


def test_company_user_reads_but_cannot_edit(client):
    login(client, make_user(role="company"))
    assert client.get("/norms/SNF/2024.1").status_code == 200
    assert (
        client.post("/norms/SNF/drafts", data={"SNF-version": "2030.3"}).status_code
        == 403
    )


def _form_data(req) -> dict:
    import yaml

    data = {
        "title_nl": req.title_nl,
        "title_en": req.title_en,
        "guidance_nl": req.guidance_nl,
        "guidance_en": req.guidance_en,
        "severity": req.severity,
        "part": req.part,
        "code": req.code,
        "section": req.section.code,
        "rule": yaml.safe_dump(req.rule, allow_unicode=True, sort_keys=False),
    }
    data["applies_to"] = list(req.applies_to)
    return data
