"""The register's queries (snf.registry.services), asked directly: which rows
each returns on a given day, in which order, with which values."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from snf.auth.models import Organisation
from snf.certificates import lifecycle
from snf.certificates.models import Application, Certificate, StatusChange
from snf.certificates.reasons import reason
from snf.database import utcnow
from snf.extensions import db
from snf.norms.models import Norm, NormVersion
from snf.registry import services
from tests.factories import make_organisation

D1, D2, D3, D4, D5 = (date(2025, 1, 1) + timedelta(days=10 * n) for n in range(5))
_numbers = itertools.count(1)


def _moves(company, *moves):
    """(action, day) changes recorded in this order, each with a typed reason."""
    return [
        lifecycle.record(
            None, company.id, action, effective=day, reason=f"{action} x", now=utcnow()
        )
        for action, day in moves
    ]


def _registered(name, day=D1, *, town="Utrecht", mark="SNF", locations=1, beds=8):
    company = make_organisation("company", name=name, town=town, mark=mark)
    _moves(company, ("apply", day), ("register", day))
    _certificate(company, day, locations=locations, beds=beds)
    return company


def _version():
    return db.session.scalars(select(NormVersion).order_by(NormVersion.id)).first()


def _certificate(company, valid_from, *, locations=1, beds=8, version=None):
    version = version or _version()
    body = make_organisation("inspection_body")
    application = Application(
        company=company, inspection_body=body, applied_on=valid_from
    )
    db.session.add(application)
    db.session.flush()
    certificate = Certificate(
        number=f"T-{next(_numbers):06d}",
        company_id=company.id,
        application_id=application.id,
        norm_version_id=version.id,
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=364),
        issued_at=utcnow(),
        payload="",
        locations_count=locations,
        beds=beds,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _register_on(day):
    query = services.register_query(day).order_by(Organisation.name)
    return [row._asdict() for row in db.session.execute(query)]


def _by_name(rows):
    return {row["name"]: row for row in rows}


# -- the register on a day -----------------------------------------------------


def test_the_register_on_a_day_holds_each_company_once_with_its_status_then():
    early = make_organisation("company", name="Early")
    _moves(early, ("apply", D1), ("register", D2), ("suspend", D4))
    late = make_organisation("company", name="Late")
    _moves(late, ("apply", D3))
    assert _register_on(D1 - timedelta(days=1)) == []
    assert [(r["name"], r["status"]) for r in _register_on(D1)] == [
        ("Early", "applied")
    ]
    on_d3 = [(r["name"], r["status"]) for r in _register_on(D3)]
    assert on_d3 == [("Early", "registered"), ("Late", "applied")]
    on_d4 = [(r["name"], r["status"]) for r in _register_on(D4)]
    assert on_d4 == [("Early", "suspended"), ("Late", "applied")]


def test_registered_since_is_the_latest_registration_on_or_before_the_day():
    first = make_organisation("company", name="First")
    _moves(first, ("apply", D1), ("register", D2), ("expire", D3))
    _moves(first, ("apply", D4), ("register", D5))
    other = make_organisation("company", name="Other")
    _moves(other, ("apply", D1), ("register", D3))

    def since(day):
        return {r["name"]: r["registered_since"] for r in _register_on(day)}

    assert since(D1) == {"First": None, "Other": None}
    assert since(D2) == {"First": D2, "Other": None}  # the day itself counts
    assert since(D3) == {"First": D2, "Other": D3}
    assert since(D4) == {"First": D2, "Other": D3}  # applied again, not yet in
    assert since(D5) == {"First": D5, "Other": D3}


def test_the_certificate_shown_is_the_newest_issued_by_that_day():
    company = make_organisation("company", name="Renewed")
    _moves(company, ("apply", D1), ("register", D1))
    renewal = _certificate(company, D2, locations=2, beds=20)
    # recorded after the renewal, yet issued earlier: the date decides
    first = _certificate(company, D1, locations=1, beds=8)
    _certificate(company, D4, locations=3, beds=30)
    twin = _certificate(company, D4, locations=4, beds=40)  # same day: newest id

    def certificate(day):
        (row,) = _register_on(day)
        return row["certificate_number"], row["locations"], row["beds"]

    assert certificate(D1) == (first.number, 1, 8)  # the day itself counts
    assert certificate(D3) == (renewal.number, 2, 20)
    assert certificate(D4) == (twin.number, 4, 40)
    (row,) = _register_on(D3)
    assert (row["valid_from"], row["valid_until"]) == (D2, renewal.valid_until)


def test_a_company_without_a_certificate_yet_is_listed_with_empty_certificate_columns():
    company = make_organisation("company", name="Applicant")
    _moves(company, ("apply", D1))
    _certificate(company, D2)
    (row,) = _register_on(D1)
    columns = ("certificate_number", "valid_from", "valid_until", "locations")
    assert [row[c] for c in (*columns, "beds", "norm_version")] == [None] * 6


def test_the_norm_version_is_the_code_and_version_of_the_certificates_norm():
    versions = db.session.execute(
        select(NormVersion, Norm.code)
        .join(Norm, Norm.id == NormVersion.norm_id)
        .order_by(NormVersion.id.desc())
    ).all()
    assert len({code for _, code in versions}) > 1  # more than one norm to mix up
    version, code = versions[0]
    company = make_organisation("company", name="Versioned")
    _moves(company, ("apply", D1), ("register", D1))
    _certificate(company, D1, version=version)
    rows = _register_on(D2)
    assert [r["norm_version"] for r in rows] == [f"{code} {version.version}"]


def test_a_row_of_the_register_has_the_columns_the_pages_and_exports_read():
    company = _registered("Columns", town="Delft", mark="AGRI", locations=2, beds=9)
    (row,) = _register_on(D2)
    assert row["id"] == company.id and row["kvk"] == company.kvk
    assert (row["town"], row["mark"]) == ("Delft", "AGRI")
    assert set(row) == {
        "id",
        "kvk",
        "name",
        "town",
        "mark",
        "status",
        "registered_since",
        "certificate_number",
        "valid_from",
        "valid_until",
        "locations",
        "beds",
        "norm_version",
    }


# -- totals ----------------------------------------------------------------------


def test_totals_count_only_registered_companies_with_their_locations_and_beds():
    _registered("A", locations=2, beds=16)
    _registered("B", locations=1, beds=5)
    suspended = _registered("C", locations=4, beds=40)
    _moves(suspended, ("suspend", D2))
    applicant = make_organisation("company", name="D")
    _moves(applicant, ("apply", D1))
    assert services.certified_totals(D3) == {"companies": 2, "locations": 3, "beds": 21}
    assert services.certified_totals(D1) == {"companies": 3, "locations": 7, "beds": 61}


def test_totals_on_a_day_before_anyone_registered_are_zero():
    _registered("A", day=D2, locations=2, beds=16)
    assert services.certified_totals(D1) == {"companies": 0, "locations": 0, "beds": 0}


# -- search ----------------------------------------------------------------------


def test_search_without_filters_lists_the_whole_register_by_name_25_a_page():
    for name in ("Cedar", "Alder", "Birch"):
        _registered(name)
    rows, meta = services.search(D2)
    assert [r["name"] for r in rows] == ["Alder", "Birch", "Cedar"]
    assert meta == {"page": 1, "per_page": 25, "total": 3}
    assert rows[0]["status"] == "registered" and rows[0]["registered_since"] == D1


def test_search_pages_are_consecutive_slices_with_the_whole_total():
    for name in ("E", "A", "D", "B", "C"):
        _registered(name)

    def names(page):
        rows, meta = services.search(D2, page=page, per_page=2)
        assert meta == {"page": page, "per_page": 2, "total": 5}
        return [r["name"] for r in rows]

    assert [names(1), names(2), names(3), names(4)] == [
        ["A", "B"],
        ["C", "D"],
        ["E"],
        [],
    ]


def test_search_filters_by_town_mark_and_status_each_on_its_own():
    _registered("Aa", town="Delft", mark="AGRI")
    _registered("Bb", town="Delft West")
    suspended = _registered("Cc", town="Gouda", mark="AGRI")
    _moves(suspended, ("suspend", D2))

    def names(**filters):
        rows, meta = services.search(D3, **filters)
        assert meta["total"] == len(rows)
        return [r["name"] for r in rows]

    assert names(town=" delft ") == ["Aa"]  # a whole town, any case
    assert names(mark="AGRI") == ["Aa", "Cc"]
    assert names(mark="SNF") == ["Bb"]
    assert names(status="suspended") == ["Cc"]
    assert names(status="registered", mark="AGRI") == ["Aa"]
    assert names(q="delft") == ["Aa", "Bb"]  # any part of the town


def test_search_text_matches_part_of_a_name_or_kvk_number():
    found = _registered("Harbour Inn")
    _registered("Hill Lodge")
    rows, _ = services.search(D2, q=found.kvk[3:])
    assert [r["kvk"] for r in rows] == [found.kvk]
    rows, _ = services.search(D2, q="BOUR")
    assert [r["name"] for r in rows] == ["Harbour Inn"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("%", ["Sale 50% off"]), ("_", ["Snake_case"]), ("\\", ["Back\\slash"])],
)
def test_like_wildcards_and_the_escape_character_are_found_literally(q, expected):
    for name in ("Sale 50% off", "Snake_case", "Back\\slash", "Plain"):
        _registered(name)
    rows, meta = services.search(D2, q=q)
    assert [r["name"] for r in rows] == expected and meta["total"] == 1


def test_contains_escapes_the_escape_character_before_the_wildcards():
    assert services._contains("a\\%_b") == "%a\\\\\\%\\_b%"


# -- the open data export ----------------------------------------------------------


@pytest.mark.parametrize("batch", [2, 3])
def test_the_export_reads_every_row_once_in_name_order_in_batches(batch):
    for name in ("Beta", "Alpha", "Beta", "Gamma", "Beta", "Delta"):
        _registered(name)
    expected = [(r["name"], r["kvk"]) for r in _ordered_register(D2)]
    scopes = []

    def scope():
        scopes.append(1)
        return db.session.no_autoflush  # any context manager

    rows = list(services.export_rows(D2, batch=batch, scope=scope))
    assert [(r["name"], r["kvk"]) for r in rows] == expected
    assert len(scopes) == len(expected) // batch + 1  # one query per batch
    assert set(rows[0]) == set(services.EXPORT_FIELDS)


def _ordered_register(day):
    query = services.register_query(day).order_by(Organisation.name, Organisation.id)
    return [row._asdict() for row in db.session.execute(query)]


def test_the_export_reads_500_rows_a_batch_by_default():
    companies = [
        Organisation(kind="company", name=f"Bulk {n:03d}", kvk=f"{70000000 + n}")
        for n in range(500)
    ]
    db.session.add_all(companies)
    db.session.flush()
    db.session.add_all(
        StatusChange(
            company_id=c.id,
            status="applied",
            effective=D1,
            action="apply",
            recorded_at=utcnow(),
        )
        for c in companies
    )
    db.session.flush()
    scopes = []

    def scope():
        scopes.append(1)
        return db.session.no_autoflush

    rows = list(services.export_rows(D1, scope=scope))
    assert len(rows) == 500 and len(scopes) == 2  # a full batch, then an empty one


# -- one company -----------------------------------------------------------------


def test_register_entry_is_the_company_and_the_first_day_of_its_history():
    company = make_organisation("company", name="Entry")
    _moves(company, ("apply", D2), ("register", D3))
    assert services.register_entry(company.kvk) == {
        "kvk": company.kvk,
        "name": "Entry",
        "first_day": D2,
    }
    unknown = make_organisation("company", name="Never applied")
    assert services.register_entry(unknown.kvk) is None
    assert services.register_entry("00000000") is None


def test_a_company_record_has_its_history_up_to_the_day_each_change_until_the_next():
    company = make_organisation("company", name="Storied")
    _moves(company, ("apply", D1), ("register", D2), ("suspend", D3))
    lifecycle.record(
        None,
        company.id,
        "reinstate",
        effective=D4,
        reason="back in order",
        now=utcnow(),
    )
    record = services.company_record(company.kvk, D5)
    assert record.row["status"] == "registered" and record.row["kvk"] == company.kvk
    assert record.history == [
        {"status": "applied", "from": D1, "reason": "apply x", "to": D2},
        {"status": "registered", "from": D2, "reason": "register x", "to": D3},
        {"status": "suspended", "from": D3, "reason": "suspend x", "to": D4},
        {"status": "registered", "from": D4, "reason": "back in order", "to": None},
    ]
    earlier = services.company_record(company.kvk, D2)
    assert [(h["status"], h["to"]) for h in earlier.history] == [
        ("applied", D2),
        ("registered", None),
    ]
    assert services.company_record(company.kvk, D1 - timedelta(days=1)) is None


# -- the change feed ---------------------------------------------------------------


def test_the_change_feed_gives_changes_in_recorded_order_after_the_cursor():
    older = make_organisation("company", name="Older", mark="AGRI")
    newer = make_organisation("company", name="Newer")
    start = db.session.scalar(select(StatusChange.id).order_by(StatusChange.id.desc()))
    # the newer company's change is recorded first, then the older's
    (first,) = _moves(newer, ("apply", D1))
    second, third = _moves(older, ("apply", D2), ("register", D3))
    cursor = start or 0

    page = services.changes_since(cursor, 2)
    assert [c["id"] for c in page] == [first.id, second.id]
    assert page[0] == {
        "id": first.id,
        "kvk": newer.kvk,
        "name": "Newer",
        "mark": "SNF",
        "status": "applied",
        "effective": D1,
        "reason": "apply x",
        "reason_code": None,
        "reason_params": None,
    }
    assert [c["name"] for c in page] == ["Newer", "Older"]
    assert page[1]["mark"] == "AGRI"
    rest = services.changes_since(page[-1]["id"], 2)
    assert [c["id"] for c in rest] == [third.id]
    assert services.changes_since(third.id, 2) == []


def test_the_change_feed_renders_a_coded_reason():
    company = make_organisation("company", name="Coded")
    start = db.session.scalar(select(StatusChange.id).order_by(StatusChange.id.desc()))
    change = lifecycle.record(
        None,
        company.id,
        "apply",
        effective=D1,
        reason=reason("applied"),
        now=utcnow(),
    )
    (item,) = services.changes_since(start or 0, 5)
    assert item["id"] == change.id and item["reason_code"] == "applied"
    assert item["reason"] == "Application for registration"
