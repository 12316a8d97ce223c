"""SNF 2025.2 against 2024.1: the diff, and a what-if on the demo data.

The demo (``flask --app snf demo``) records the observations the rules of
1 July 2025 need; its hotel in Waalwijk was converted into housing in
September 2025 and has 13 m² per person, which 2024.1 accepts (logies: 10 m²)
and 2025.2 does not (15 m² in converted buildings).
"""

import pytest
from flask import current_app
from sqlalchemy import func, select

from snf.auth.models import Organisation
from snf.database import local_today, utcnow
from snf.demo import load_demo
from snf.extensions import db
from snf.inspections import whatif
from snf.inspections.models import Inspection, Location
from snf.norms import services as norms

NEW = {"B-1.5", "B-2.7"}


def test_diff_from_2024_1_adds_the_two_rules_of_1_july_2025_with_their_titles():
    diff = norms.diff_versions(
        norms.get_version("SNF", "2024.1"), norms.get_version("SNF", "2025.2")
    )
    added = {item["code"]: item for item in diff["added"]}
    assert set(added) == NEW
    assert added["B-1.5"]["title"]["en"] == (
        "One person per bedroom unless the residents agreed in writing to share"
    )
    assert added["B-2.7"]["title"]["nl"] == (
        "Minimaal 15 m² per persoon in nieuwbouw en getransformeerde gebouwen"
    )
    assert {(added[c]["section"], added[c]["severity"]) for c in NEW} == {
        ("B-1", "major"),
        ("B-2", "major"),
    }
    assert diff["removed"] == []
    # Nothing else moves: the rest of 2024.1 is carried over as it was.
    assert diff["changed"] == []


def test_diff_api_names_the_added_requirements(client):
    from tests.factories import bearer, make_user

    headers = bearer(client, make_user(role="admin"))
    response = client.get(
        "/api/v1/norms/SNF/diff?from=2024.1&to=2025.2", headers=headers
    )
    assert response.status_code == 200
    assert {item["code"] for item in response.get_json()["added"]} == NEW


@pytest.fixture
def demo():
    load_demo(now=utcnow(), password=current_app.config["DEMO_PASSWORD"])
    return local_today()


def _latest_by_town() -> dict[str, dict]:
    """The observations of the latest submitted inspection of each demo town
    judged by SNF (the growers under the agricultural mark are not)."""
    latest = (
        select(func.max(Inspection.id))
        .where(Inspection.status == "submitted", Inspection.location_id.is_not(None))
        .group_by(Inspection.location_id)
    )
    rows = db.session.execute(
        select(Location.town, Inspection.observations)
        .join(Location, Location.id == Inspection.location_id)
        .join(Organisation, Organisation.id == Location.company_id)
        .where(Inspection.id.in_(latest), Organisation.mark == "SNF")
    )
    return dict(rows.all())


def _failing(version_label: str, on) -> dict[str, set[str]]:
    """town -> codes of part B that fail when judged by this version."""
    version = norms.get_version("SNF", version_label)
    compiled = norms.compiled(version)
    failing = {}
    for town, observations in _latest_by_town().items():
        evaluation = norms.only_part(
            compiled.evaluate(observations, on=on), version, "location"
        )
        codes = {r.requirement for r in evaluation.results if r.outcome == "fail"}
        if codes:
            failing[town] = codes
    return failing


def test_demo_inspections_after_1_july_2025_are_judged_by_2025_2(demo):
    inspections = db.session.scalars(
        select(Inspection).where(Inspection.status == "submitted")
    ).all()
    by_date = {
        (i.location.town if i.location else "administrative", i.kind): i
        for i in inspections
    }
    assert by_date[("Waalwijk", "urgent")].norm_version.version == "2025.2"
    assert by_date[("Kamperland", "initial")].norm_version.version == "2021.1"
    # The story stays: Naaldwijk, Ouddorp and Tilburg conform; Waalwijk's
    # converted hotel now also fails the 15 m² of 2025.2.
    verdicts = {
        i.location.town: i.verdict
        for i in inspections
        if i.location
        and i.kind in ("initial", "periodic")
        and i.location.town in ("Naaldwijk", "Ouddorp", "Tilburg")
    }
    assert verdicts == {
        "Naaldwijk": "conform",
        "Ouddorp": "conform",
        "Tilburg": "conform",
    }
    urgent = by_date[("Waalwijk", "urgent")]
    assert sorted(f.requirement_code for f in urgent.findings) == ["B-1.1", "B-2.7"]


def test_whatif_2024_1_against_2025_2_names_the_demo_locations_that_fail(demo):
    today = demo
    before, after = _failing("2024.1", today), _failing("2025.2", today)
    # The demo's work queues add Rijnmond's Rotterdam dwelling (no toilet, the
    # overdue finding) and a later conforming inspection of Kamperland (the
    # renewal due); Oude Haven's park in Hellevoetsluis keeps the bunk beds
    # that 2024.1 bans (the what-if example); Naaldwijk's latest is the
    # unannounced visit after a resident's complaint (dead smoke detectors).
    failing = {"Monster", "Waalwijk", "Rotterdam", "Hellevoetsluis", "Naaldwijk"}
    assert set(before) == failing
    assert set(after) == failing
    newly = {town: after[town] - before.get(town, set()) for town in after}
    assert {town: codes for town, codes in newly.items() if codes} == {
        "Waalwijk": {"B-2.7"}
    }
    # The what-if service (the admin's Wat-als page) counts the same.
    runs, codes = whatif.compare(
        [norms.get_version("SNF", "2024.1"), norms.get_version("SNF", "2025.2")],
        today,
    )
    assert set(codes) >= NEW
    old, new = runs
    assert "B-2.7" not in old.impacts
    impact = new.impacts["B-2.7"]
    waalwijk = db.session.scalar(select(Location).where(Location.town == "Waalwijk"))
    assert (impact.locations, impact.beds) == (1, waalwijk.beds)
    assert impact.companies == {waalwijk.company_id}
    # Every demo bedroom shared by two has the residents' written consent.
    assert "B-1.5" not in new.impacts
    assert (old.non_conform, new.non_conform) == (5, 5)  # Naaldwijk: see above
