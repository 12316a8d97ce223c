"""Access cases for the norms pages and API."""

from tests.access.matrix import Case, everyone, only

STAFF = ("admin",)
LOGGED_IN = ("admin", "inspector", "company", "verifier", "municipality")
V = "/norms/SNF/2024.1"
API = "/api/v1/norms"
AV = API + "/SNF/versions/2024.1"


def pages(status: int) -> dict[str, int]:
    """Logged-in roles get ``status``; anonymous users go to the login page."""
    return {**everyone(status), "anonymous": 302}


def staff_page(admin_status: int) -> dict[str, int]:
    return {**everyone(403), "admin": admin_status, "anonymous": 302}


def build(world: dict) -> None:
    from snf.database import utcnow
    from snf.norms import services

    source = services.get_version("SNF", "2024.1")
    world["draft"] = services.create_draft_from(None, source, "2032.1", now=utcnow())


DRAFT = lambda w: f"/norms/SNF/{w['draft'].version}"  # noqa: E731
API_DRAFT = lambda w: f"{API}/SNF/versions/{w['draft'].version}"  # noqa: E731
# F13: a draft is staff's work in progress: for everyone else it does not exist.
HIDDEN = {**everyone(404), "admin": 200}

CASES = [
    Case("norms.version", "GET", DRAFT, {**HIDDEN, "anonymous": 302}),
    Case("norms_api.get_version", "GET", API_DRAFT, {**HIDDEN, "anonymous": 401}),
    Case("norms.index", "GET", "/norms/", pages(200)),
    Case("norms.version", "GET", V, pages(200)),
    Case("norms.diff", "GET", "/norms/SNF/diff?from=2017.1&to=2021.1", pages(200)),
    Case("norms.create_draft", "POST", "/norms/SNF/drafts", staff_page(302)),
    # A published version: admins are sent back with a message, nothing changes.
    Case("norms.publish", "POST", V + "/publish", staff_page(302)),
    Case("norms.new_requirement", "GET", V + "/requirements/new", staff_page(302)),
    Case("norms.new_requirement", "POST", V + "/requirements/new", staff_page(302)),
    Case(
        "norms.edit_requirement", "GET", V + "/requirements/B-3.1/edit", staff_page(302)
    ),
    Case(
        "norms.edit_requirement",
        "POST",
        V + "/requirements/B-3.1/edit",
        staff_page(302),
    ),
    Case(
        "norms.delete_requirement",
        "POST",
        V + "/requirements/B-3.1/delete",
        staff_page(302),
    ),
    Case("norms_api.list_norms", "GET", API, only(LOGGED_IN, 200, 401)),
    Case("norms_api.get_version", "GET", AV, only(LOGGED_IN, 200, 401)),
    Case(
        "norms_api.diff",
        "GET",
        API + "/SNF/diff?from=2017.1&to=2021.1",
        only(LOGGED_IN, 200, 401),
    ),
    Case(
        "norms_api.evaluate",
        "POST",
        AV + "/evaluate",
        only(LOGGED_IN, 200, 401),
        json={"observations": {"occupants": 2}},
    ),
    # Writes: admins reach the rules (409 on a published version, whatever the
    # body; 422 on an empty document); everyone else is stopped before the body
    # is read.
    Case(
        "norms_api.create_version",
        "POST",
        API + "/SNF/versions",
        only(STAFF, 422, 403),
        json={},
    ),
    Case("norms_api.replace_version", "PUT", AV, only(STAFF, 409, 403), json={}),
    Case("norms_api.delete_version", "DELETE", AV, only(STAFF, 409, 403)),
    Case("norms_api.publish", "POST", AV + "/publish", only(STAFF, 409, 403), json={}),
    Case(
        "norms_api.add_requirement",
        "POST",
        AV + "/requirements",
        only(STAFF, 409, 403),
        json={},
    ),
    Case(
        "norms_api.update_requirement",
        "PATCH",
        AV + "/requirements/B-3.1",
        only(STAFF, 409, 403),
        json={"severity": "minor"},
    ),
    Case(
        "norms_api.remove_requirement",
        "DELETE",
        AV + "/requirements/B-3.1",
        only(STAFF, 409, 403),
    ),
]
