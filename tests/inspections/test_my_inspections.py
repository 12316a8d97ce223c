"""The inspector's own list: what to know before arriving (company, housing
type, beds, findings still open at the location), in a constant number of
queries."""

import re
from datetime import date

from snf.database import local_today
from snf.extensions import db
from tests.factories import login, make_organisation, make_user
from tests.inspections_factories import make_inspection, make_location, submitted
from tests.registry_helpers import count_queries

TOILETS_SHORT = {
    "housing_type": "holiday_park",
    "use_class": "logies",
    "occupants": 9,
    "toilets": 1,
    "showers": 1,
}


def _tile(page: str, inspection_id: int) -> str:
    match = re.search(
        rf'data-inspection="{inspection_id}".*?</li>', page, flags=re.DOTALL
    )
    assert match, f"no tile for inspection {inspection_id}"
    return re.sub(r"\s+", " ", match.group(0))


def test_list_shows_company_housing_type_beds_and_open_findings(client):
    inspector = make_user(role="inspector")
    company = make_organisation("company", name="Westland Flex B.V.")
    location = make_location(company, housing_type="holiday_park", beds=14)
    earlier = make_inspection(location, scheduled_for=date(2025, 6, 2))
    submitted(earlier, TOILETS_SHORT)
    assert len(earlier.findings) >= 2
    closed, *still_open = earlier.findings
    closed.status = "closed"
    db.session.flush()
    today = make_inspection(location, inspector=inspector, scheduled_for=local_today())
    quiet = make_inspection(
        make_location(housing_type="regular_dwelling", beds=3),
        inspector=inspector,
        scheduled_for=local_today(),
    )
    client.get("/?lang=en")
    login(client, inspector)
    page = client.get("/inspections?lang=en").get_data(as_text=True)
    tile = _tile(page, today.id)
    assert "Westland Flex B.V." in tile
    assert "holiday park" in tile
    assert "14 beds" in tile
    assert f"{len(still_open)} open finding" in tile
    for finding in still_open:
        assert finding.requirement_code in tile
    assert closed.requirement_code not in tile
    quiet_tile = _tile(page, quiet.id)
    assert "regular dwelling" in quiet_tile and "3 beds" in quiet_tile
    assert "No open findings here." in quiet_tile


def test_list_runs_the_same_number_of_queries_for_one_or_many(client):
    inspector = make_user(role="inspector")

    def plan_with_finding():
        location = make_location()
        submitted(make_inspection(location), TOILETS_SHORT)
        make_inspection(location, inspector=inspector, scheduled_for=local_today())

    plan_with_finding()
    login(client, inspector)
    with count_queries() as few:
        client.get("/inspections")
    for _ in range(4):
        plan_with_finding()
    with count_queries() as many:
        page = client.get("/inspections").get_data(as_text=True)
    assert page.count("open findings here") == 5
    assert len(many) == len(few)
