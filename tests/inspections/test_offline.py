"""The server side of offline mode: the service worker, the bundle of
inspections a tablet keeps, the offline copy of a checklist, and the user
named on every page. The browser side is in tests/browser/."""

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from snf.audit import AuditEntry
from snf.database import local_today
from snf.extensions import db
from snf.inspections.offline_views import OFFLINE_DAYS, app_version
from tests.factories import login, make_user
from tests.inspections_factories import make_inspection, started, submitted


def _status(client, url) -> int:
    with client.get(url) as response:  # static files: close what was opened
        return response.status_code


@pytest.fixture
def inspector():
    return make_user(role="inspector")


def test_service_worker_is_served_from_the_root_with_this_versions_caches(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    first_line = response.get_data(as_text=True).splitlines()[0]
    config = json.loads(first_line.removeprefix("const CONFIG = ").rstrip(";"))
    with app.app_context():
        assert config["version"] == app_version()
    assert "/static/js/offline.js" in config["shell"]
    assert "/static/js/rules.js" in config["shell"]
    for url in config["shell"]:
        assert _status(client, url) == 200, url


def test_the_version_changes_with_any_static_file(app, tmp_path, monkeypatch):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("one")
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    with app.app_context():
        before = app_version()
        assert app_version() == before
        (tmp_path / "js" / "app.js").write_text("two")
        assert app_version() != before


def test_bundle_lists_own_unsubmitted_inspections_of_the_coming_days(client, inspector):
    today = local_today()

    def planned(days, **overrides):
        scheduled = today + timedelta(days=days)
        return make_inspection(
            inspector=inspector, scheduled_for=scheduled, **overrides
        )

    kept = [planned(0), started(planned(1), on=today), planned(OFFLINE_DAYS)]
    planned(OFFLINE_DAYS + 1)
    planned(-1)
    submitted(planned(0), on=today)
    make_inspection(scheduled_for=today)  # another inspector's
    login(client, inspector)
    response = client.get("/inspections/offline.json")
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == inspector.id
    assert body["csrf_token"]
    assert sorted(item["id"] for item in body["items"]) == sorted(i.id for i in kept)
    item = next(i for i in body["items"] if i["id"] == kept[0].id)
    assert item["url"] == f"/inspections/{kept[0].id}"
    assert item["copy"] == f"/inspections/{kept[0].id}/offline"
    assert item["label"] == kept[0].location.address


def test_bundle_is_empty_for_other_roles(client):
    login(client, make_user(role="company"))
    assert client.get("/inspections/offline.json").get_json()["items"] == []


def test_offline_copy_of_a_planned_inspection_does_not_start_it(client, inspector):
    inspection = make_inspection(
        inspector=inspector, scheduled_for=local_today() + timedelta(days=2)
    )
    login(client, inspector)
    response = client.get(f"/inspections/{inspection.id}/offline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="checklist"' in page
    assert f'data-etag="&#34;{inspection.id}-0&#34;"' in page
    assert f'data-date="{inspection.scheduled_for}"' in page
    db.session.expire_all()
    assert inspection.status == "planned"
    assert inspection.norm_version is None
    starts = select(AuditEntry).where(
        AuditEntry.action == "inspection.start",
        AuditEntry.object_id == str(inspection.id),
    )
    assert db.session.scalars(starts).all() == []


def test_offline_copy_of_a_started_inspection_is_its_checklist(client, inspector):
    inspection = started(make_inspection(inspector=inspector))
    login(client, inspector)
    page = client.get(f"/inspections/{inspection.id}/offline").get_data(as_text=True)
    assert f'data-copy="/inspections/{inspection.id}/offline"' in page
    assert 'id="outbox"' in page


def test_offline_copy_only_for_the_assigned_inspector_and_open_inspections(
    client, inspector
):
    other = make_inspection()
    done = submitted(make_inspection(inspector=inspector))
    login(client, inspector)
    assert client.get(f"/inspections/{other.id}/offline").status_code == 403
    assert client.get(f"/inspections/{done.id}/offline").status_code == 404


def test_pages_name_their_user_for_the_worker_but_the_api_does_not(client, inspector):
    assert "X-SNF-User" not in client.get("/login").headers
    login(client, inspector)
    assert client.get("/inspections").headers["X-SNF-User"] == str(inspector.id)
    assert "X-SNF-User" not in client.get("/api/v1/auth/me").headers


def test_every_page_loads_offline_mode_and_the_manifest(client, inspector):
    login(client, inspector)
    page = client.get("/").get_data(as_text=True)
    assert 'rel="manifest" href="/static/manifest.webmanifest"' in page
    assert 'src="/static/js/offline.js" defer' in page
    raw = re.search(r"data-offline='([^']*)'", page).group(1)
    config = json.loads(raw.replace("&#34;", '"').replace("&amp;", "&"))
    assert config["user"] == inspector.id
    assert config["inspector"] is True
    assert config["worker"] == "/sw.js"
    assert "{count}" in config["texts"]["logout_unsent"]


def _offline_texts(page: str) -> dict:
    raw = re.search(r"data-offline='([^']*)'", page).group(1)
    return json.loads(raw.replace("&#34;", '"').replace("&amp;", "&"))["texts"]


def test_the_offline_texts_follow_the_page_language_each_time(client, inspector):
    """They are worded once per language: switching back and forth in one
    process gives each page its own language's texts."""
    login(client, inspector)
    seen = []
    for code in ("nl", "en", "nl"):
        client.set_cookie("snf_lang", code)
        seen.append(_offline_texts(client.get("/").get_data(as_text=True)))
    assert seen[0]["offline"] == "offline – bewaard op deze tablet"
    assert seen[1]["offline"] == "offline – saved on this tablet"
    assert seen[2] == seen[0]


def test_the_manifest_makes_an_installable_app(client):
    with client.get("/static/manifest.webmanifest") as response:
        manifest = json.loads(response.data)
    assert manifest["start_url"] == "/inspections"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert _status(client, icon["src"]) == 200


ROLES = ("anonymous", "admin", "inspector", "company", "verifier")
# Someone else's planned inspection: nobody but its own inspector keeps it.
MATRIX = [
    ("/sw.js", dict.fromkeys(ROLES, 200)),
    ("/inspections/offline.json", {**dict.fromkeys(ROLES, 200), "anonymous": 302}),
    ("/inspections/{id}/offline", {**dict.fromkeys(ROLES, 403), "anonymous": 302}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_access_by_role(client, role, path, expected):
    planned = make_inspection()
    if role != "anonymous":
        login(client, make_user(role=role))
    response = client.get(path.format(id=planned.id))
    assert response.status_code == expected[role]
