"""Generated demo data at scale: formats, consistency with the rules, reruns,
registration histories and what the register answers from them.

Each test generates inside its own rolled-back transaction, so the checks of
one generated set share a test to keep the file fast.
"""

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from snf import demo_scale
from snf.auth.models import Organisation
from snf.certificates.keys import keyring
from snf.certificates.lifecycle import NOT_REGISTERED, TRANSITIONS
from snf.certificates.models import (
    Application,
    Certificate,
    CertificateLocation,
    StatusChange,
)
from snf.certificates.signing import verify_payload
from snf.demo_scale.history import ABU_DAY, plan_history
from snf.demo_scale.plan import SMALL, location_count
from snf.extensions import db
from snf.inspections.models import Finding, Inspection, Location
from snf.norms import services as norms
from snf.norms.observations import validate_observations
from snf.validators import KVK, POSTCODE, UNUSED_POSTCODE_LETTERS

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()  # noon in Amsterdam: the same date
N = 5  # company 3 is one of the large ones (more than 100 locations)
N_HISTORIES = 40  # enough for every kind of history, in about a second


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
    assert all(f.due for f in major)
    # Closed only once past the deadline, by one of the two ways a major closes.
    assert all(
        f.status == "open"
        or (f.due < NOW.date() and f.closed_how in {"repair_letter", "reinspection"})
        for f in major
    )


def test_inspections_are_judged_by_the_rules_in_force(counts):
    inspections = _generated_inspections()
    _check_submitted(inspections)
    _check_findings(inspections, counts)
    for verdict in ("conform", "non_conform"):
        _check_reevaluated(next(i for i in inspections if i.verdict == verdict))


def test_findings_come_in_every_state(counts):
    findings = [f for i in _generated_inspections() for f in i.findings]
    today = NOW.date()
    states = {
        "overdue": any(
            f.status == "open" and f.due and f.due < today for f in findings
        ),
        "closed by repair letter": any(
            f.closed_how == "repair_letter" for f in findings
        ),
        "closed by re-inspection": any(
            f.closed_how == "reinspection" for f in findings
        ),
        "minor open": any(
            f.severity == "minor" and f.status == "open" for f in findings
        ),
    }
    assert states == dict.fromkeys(states, True)
    assert counts["findings_closed"] == sum(f.status == "closed" for f in findings)


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


# -- registration histories ----------------------------------------------------


def _planned(n: int) -> list[list]:
    """Histories of n companies sized as the generator sizes them, without a
    database: inspections of the last year, as plan.py draws them."""
    histories = []
    for index in range(n):
        rng = random.Random(index)
        days = [
            TODAY - timedelta(days=rng.randint(1, 365))
            for _ in range(location_count(rng, index))
        ]
        small = len(days) <= SMALL
        histories.append(plan_history(rng, TODAY, min(days), max(days), small))
    return histories


def _replay(changes) -> list[str]:
    """The statuses a history goes through; fails on a move TRANSITIONS refuses."""
    status, seen = NOT_REGISTERED, []
    for action in changes:
        allowed_from, status_after = TRANSITIONS[action]
        assert status in allowed_from, (status, action, changes)
        status = status_after
        seen.append(status)
    return seen


def _status_on(changes, day: date) -> str:
    status = NOT_REGISTERED
    for effective, action in changes:
        if effective <= day:
            status = TRANSITIONS[action][1]
    return status


def test_planned_histories_have_the_shares_of_the_domain():
    histories = _planned(3_000)
    flat = [[c for p in h for c in p.changes] for h in histories]
    for changes in flat:
        _replay([action for _day, action, _reason in changes])
        days = [day for day, _action, _reason in changes]
        assert days == sorted(days) and days[-1] <= TODAY
    today = Counter(_status_on([c[:2] for c in f], TODAY) for f in flat)
    abu = Counter(_status_on([c[:2] for c in f], ABU_DAY) for f in flat)
    struck = sum(any(c[1] == "strike_off" for c in f) for f in flat)
    assert 0.85 <= today["registered"] / 3_000 <= 0.90, today
    assert all(today[s] for s in ("applied", "suspended", "struck_off")), today
    assert 0.10 <= struck / 3_000 <= 0.14
    assert sum(len(h) > 1 for h in histories) > 100  # applied again
    assert 0.10 <= abu["registered"] / 3_000 <= 0.30, abu  # before ABU's deadline
    assert sum(f[0][0] > ABU_DAY for f in flat) > 2_000  # and many after it


@pytest.fixture
def registered(app):
    return demo_scale.generate(N_HISTORIES, now=NOW)


def _changes_by_company() -> dict[int, list[StatusChange]]:
    by_company: dict[int, list[StatusChange]] = {}
    for change in db.session.scalars(select(StatusChange).order_by(StatusChange.id)):
        by_company.setdefault(change.company_id, []).append(change)
    return by_company


def test_histories_replay_through_the_transitions_in_date_order(registered):
    by_company = _changes_by_company()
    assert len(by_company) == N_HISTORIES
    assert sum(map(len, by_company.values())) == registered["status_changes"]
    ends = Counter()
    for changes in by_company.values():
        days = [c.effective for c in changes]  # in id order: as inserted
        assert days == sorted(days) and days[-1] <= TODAY
        statuses = _replay([c.action for c in changes])
        assert statuses == [c.status for c in changes]
        ends[statuses[-1]] += 1
        applied = [c for c in changes if c.action == "apply"]
        assert all(c.cause_type == "application" and c.cause_id for c in applied)
        others = [c for c in changes if c.action != "apply"]
        assert all(c.certificate_id for c in others)
    assert ends["registered"] == registered["registered_today"]
    assert {"applied", "suspended", "struck_off"} <= set(ends), ends
    assert 0 < registered["ever_struck_off"] < N_HISTORIES


def _search_counts(day: date) -> Counter:
    from snf.registry.services import search

    counts = Counter()
    for status in ("applied", "registered", "suspended", "struck_off", "expired"):
        counts[status] = search(day, status=status, per_page=1)[1]["total"]
    return +counts


def test_register_answers_as_the_generated_histories_say(registered):
    by_company = _changes_by_company()
    for day in (TODAY, ABU_DAY, date(2019, 3, 15)):
        replayed = Counter(
            _status_on([(c.effective, c.action) for c in changes], day)
            for changes in by_company.values()
        )
        del replayed[NOT_REGISTERED]
        assert _search_counts(day) == replayed, day
    assert _search_counts(TODAY)["registered"] == registered["registered_today"]
    assert _search_counts(ABU_DAY)["registered"] == registered["registered_abu_day"]
    assert 0 < registered["registered_abu_day"] < registered["registered_today"]


def _check_numbers(certificates) -> None:
    numbers = [c.number for c in certificates]
    assert len(set(numbers)) == len(numbers)
    for certificate in certificates:
        match = re.fullmatch(r"SNF-(\d{4})-(\d{5})", certificate.number)
        assert match and int(match[1]) == certificate.valid_from.year


def _check_covered(certificate) -> None:
    links = db.session.scalars(
        select(CertificateLocation).where(
            CertificateLocation.certificate_id == certificate.id
        )
    ).all()
    assert len(links) == certificate.locations_count > 0
    assert sum(link.beds for link in links) == certificate.beds
    assert all(link.location.company_id == certificate.company_id for link in links)


def _check_current(certificate) -> None:
    """A registered company's certificate covers all its locations, is valid
    today, and its signed payload says so."""
    locations = db.session.scalar(
        select(func.count(Location.id)).where(
            Location.company_id == certificate.company_id
        )
    )
    assert certificate.locations_count == locations
    assert certificate.valid_from <= TODAY <= certificate.valid_until
    fields = verify_payload(certificate.payload, keyring().public_key_map())
    assert fields["number"] == certificate.number
    assert fields["kvk"] == certificate.company.kvk
    assert fields["valid_until"] == certificate.valid_until.isoformat()


def test_certificates_are_numbered_uniquely_cover_locations_and_are_signed(
    registered,
):
    certificates = db.session.scalars(select(Certificate)).all()
    assert len(certificates) == registered["certificates"]
    _check_numbers(certificates)
    for certificate in certificates:
        _check_covered(certificate)
    latest = {}
    for certificate in sorted(certificates, key=lambda c: c.valid_from):
        latest[certificate.company_id] = certificate
    for company_id, changes in _changes_by_company().items():
        if changes[-1].status == "registered":
            _check_current(latest[company_id])
            assert changes[-1].certificate_id == latest[company_id].id
    applications = db.session.scalar(select(func.count(Application.id)))
    assert applications == registered["applications"] > len(latest)
