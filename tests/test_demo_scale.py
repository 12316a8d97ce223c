"""Generated demo data at scale: formats, consistency with the rules, reruns.

Each test generates inside its own rolled-back transaction, so the checks of
one generated set share a test to keep the file fast.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from snf import demo_scale
from snf.auth.models import Organisation
from snf.extensions import db
from snf.inspections.models import Finding, Inspection, Location
from snf.norms import services as norms
from snf.norms.observations import validate_observations
from snf.validators import KVK, POSTCODE, UNUSED_POSTCODE_LETTERS

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
N = 5  # company 3 is one of the large ones (more than 100 locations)


def _generated_companies() -> list[Organisation]:
    query = select(Organisation).where(
        Organisation.kind == "company", Organisation.kvk.like("85%")
    )
    return list(db.session.scalars(query))


def _generated_locations() -> list[Location]:
    ids = [c.id for c in _generated_companies()]
    return list(
        db.session.scalars(select(Location).where(Location.company_id.in_(ids)))
    )


def _generated_inspections() -> list[Inspection]:
    ids = [loc.id for loc in _generated_locations()]
    query = select(Inspection).where(Inspection.location_id.in_(ids))
    return list(db.session.scalars(query))


@pytest.fixture
def counts(app):
    calls = []
    result = demo_scale.generate(
        N, now=NOW, progress=lambda done, total: calls.append((done, total))
    )
    result["progress"] = calls
    return result


def _check_counts(counts, locations) -> None:
    assert counts["companies"] == len(_generated_companies()) == N
    assert counts["locations"] == len(locations) > N
    assert counts["beds"] == sum(loc.beds for loc in locations)
    assert counts["inspections"] == len(_generated_inspections()) == len(locations)
    assert (counts["inspection_bodies"], counts["inspectors"]) == (4, 10)
    assert counts["progress"][-1][0] == counts["progress"][-1][1]


def _check_sizes() -> None:
    per_company = db.session.execute(
        select(Location.company_id, func.count())
        .where(Location.company_id.in_([c.id for c in _generated_companies()]))
        .group_by(Location.company_id)
    ).all()
    sizes = sorted(n for _id, n in per_company)
    assert sizes[-1] > 100
    assert all(1 <= n <= 5 for n in sizes[:3])


def _check_identifiers(locations) -> None:
    companies = _generated_companies()
    kvks = [c.kvk for c in companies]
    assert all(KVK.match(k) and k.startswith("85") for k in kvks)
    assert len(set(kvks)) == len(kvks)
    assert len({c.name for c in companies}) == len(companies)
    for loc in locations:
        assert POSTCODE.match(loc.postcode), loc.postcode
        assert loc.postcode[4:] not in UNUSED_POSTCODE_LETTERS
    addresses = {(loc.postcode, loc.house_number) for loc in locations}
    assert len(addresses) == len(locations)


def test_companies_and_locations_are_counted_sized_and_valid(counts):
    locations = _generated_locations()
    _check_counts(counts, locations)
    _check_sizes()
    _check_identifiers(locations)


def _check_submitted(inspections) -> None:
    for inspection in inspections:
        assert inspection.status == "submitted"
        assert inspection.kind == "periodic"
        assert date(2025, 6, 1) <= inspection.inspected_on < NOW.date()
        assert inspection.verdict in ("conform", "non_conform")
        assert inspection.results
        assert validate_observations(inspection.observations)[1] == {}


def _check_findings(inspections, counts) -> None:
    conform = sum(i.verdict == "conform" for i in inspections)
    assert conform / len(inspections) > 0.7
    failed = sum(r["outcome"] == "fail" for i in inspections for r in i.results)
    findings = db.session.scalar(
        select(func.count(Finding.id)).where(
            Finding.inspection_id.in_([i.id for i in inspections])
        )
    )
    assert findings == failed == counts["findings"]


def _check_reevaluated(inspection) -> None:
    version = inspection.norm_version
    assert version == norms.find_version_in_force("SNF", inspection.inspected_on)
    evaluation = norms.evaluate(
        version, inspection.observations, inspection.inspected_on, part="location"
    )
    assert evaluation.verdict == inspection.verdict
    assert [r.outcome for r in evaluation.results] == [
        r["outcome"] for r in inspection.results
    ]
    major = [f for f in inspection.findings if f.severity == "major"]
    assert all(f.due and f.status == "open" for f in major)


def test_inspections_are_judged_by_the_rules_in_force(counts):
    inspections = _generated_inspections()
    _check_submitted(inspections)
    _check_findings(inspections, counts)
    for verdict in ("conform", "non_conform"):
        _check_reevaluated(next(i for i in inspections if i.verdict == verdict))


def test_running_twice_adds_nothing_and_a_larger_scale_adds_the_rest(counts):
    again = demo_scale.generate(N, now=NOW)
    assert again["companies"] == again["locations"] == 0
    assert again["skipped_companies"] == N
    more = demo_scale.generate(N + 1, now=NOW)
    assert more["companies"] == 1
    assert more["skipped_companies"] == N
    assert len(_generated_companies()) == N + 1


def test_demo_command_with_scale_prints_the_counts(runner, monkeypatch):
    # Only the option's wiring: the other domains' demo steps are theirs to test.
    monkeypatch.setattr("snf.demo.DEMO_STEPS", [])
    result = runner.invoke(args=["demo", "--scale", "2"])
    assert result.exit_code == 0, result.output
    assert "companies" in result.output
    assert len(_generated_companies()) == 2
