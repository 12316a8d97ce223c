"""Who may see and do what with locations, inspections and findings, by
relation: the owner, a company that also houses people there, a stranger;
the inspector of the visit, a colleague at the same body, another body.
The access matrix (tests/access/) proves strangers are refused per route;
this table proves the owners and colleagues are let in, rule by rule."""

from datetime import date

import pytest

from snf.auth.permissions import can
from snf.database import utcnow
from snf.inspections import locations
from tests.factories import make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    location_data,
    make_inspection,
    make_location,
    request_known_address,
    submitted,
)

NO_TOILET = {**CONFORM_2024, "toilets": 0}


@pytest.fixture
def world():
    owner, user_co = make_organisation("company"), make_organisation("company")
    location = make_location(owner)
    locations.link_company(None, location, user_co, now=utcnow())
    visit = submitted(make_inspection(location), NO_TOILET)
    inspector = visit.inspector
    planned = make_inspection(location, inspector=inspector)
    return {
        "location": location,
        "visit": visit,
        "planned": planned,
        "hidden": make_inspection(
            location, inspector=inspector, kind="targeted", announced=False
        ),
        "finding": visit.findings[0],
        "request": request_known_address(owner=owner),
        "new_request": locations.request_location(
            make_user(role="company", organisation=owner),
            owner,
            location_data(street="Nieuwstraat"),
            now=utcnow(),
        ),
        "owner": make_user(role="company", organisation=owner),
        "user_co": make_user(role="company", organisation=user_co),
        "stranger": make_user(role="company"),
        "inspector": inspector,
        "colleague": make_user(role="inspector", organisation=inspector.organisation),
        "other_body": make_user(role="inspector"),
        "admin": make_user(role="admin"),
        "verifier": make_user(role="verifier"),
        "municipality": make_user(role="municipality"),
    }


PEOPLE = ("owner", "user_co", "stranger", "inspector", "colleague", "other_body")
PEOPLE += ("admin", "verifier", "municipality")

# action, object in world (None: no object), who may
TABLE = [
    ("location.list", None, {"owner", "user_co", "stranger", "admin"}),
    ("location.create", None, {"owner", "user_co", "stranger", "admin"}),
    ("location.view", "location", {"owner", "user_co", "admin"}),
    ("location.edit", "location", {"owner", "admin"}),
    ("inspection.schedule", None, {"inspector", "colleague", "other_body", "admin"}),
    ("inspection.view", "visit", {"owner", "inspector", "colleague", "admin"}),
    ("inspection.view", "planned", {"owner", "inspector", "colleague", "admin"}),
    ("inspection.view", "hidden", {"inspector", "colleague", "admin"}),
    ("inspection.fill_in", "planned", {"inspector"}),
    ("inspection.correct", "visit", {"inspector", "admin"}),
    ("finding.view", "finding", {"owner", "inspector", "colleague", "admin"}),
    ("finding.repair", "finding", {"owner"}),
    ("finding.decide", "finding", {"admin"}),
    ("location_request.decide", "request", {"owner", "admin"}),
    ("location_request.decide", "new_request", {"admin"}),
    ("location_request.list", None, {"owner", "user_co", "stranger", "admin"}),
    ("company.create", None, {"admin"}),
    ("inspection.plan", None, {"inspector", "colleague", "other_body", "admin"}),
    (
        "inspection.list",
        None,
        {"owner", "user_co", "stranger", "inspector", "colleague", "other_body"}
        | {"admin"},
    ),
    ("whatif.run", None, {"admin"}),
]


@pytest.mark.parametrize(
    ("action", "target", "allowed"), TABLE, ids=[f"{a} {t}" for a, t, _ in TABLE]
)
def test_who_may(world, action, target, allowed):
    obj = world[target] if target else None
    may = {who for who in PEOPLE if can(world[who], action, obj)}
    assert may == allowed


def test_an_unannounced_visit_is_shown_to_the_company_once_done(world):
    hidden = world["hidden"]
    assert not can(world["owner"], "inspection.view", hidden)
    submitted(hidden, CONFORM_2024, on=date(2025, 6, 2))
    assert can(world["owner"], "inspection.view", hidden)
    assert not can(world["stranger"], "inspection.view", hidden)


def test_companies_add_locations_for_themselves_only(world):
    owner = world["owner"]
    assert can(owner, "location.create", owner.organisation)
    assert not can(owner, "location.create", world["stranger"].organisation)
    assert can(world["admin"], "location.create", owner.organisation)


def test_an_inspector_plans_for_its_own_body_only(world):
    inspector = world["inspector"]
    assert can(world["colleague"], "inspection.schedule", inspector)
    assert not can(world["other_body"], "inspection.schedule", inspector)
    assert can(world["admin"], "inspection.schedule", world["other_body"])


def test_companies_and_bodies_see_company_records_of_their_own(world):
    owner = world["owner"]
    company = owner.organisation
    assert can(owner, "company.view", company)
    assert not can(world["user_co"], "company.view", company)
    assert not can(world["inspector"], "company.view", company)
    assert can(world["admin"], "company.view", company)
