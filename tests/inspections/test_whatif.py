"""What-if: only what changes by default, the locations that flip, a CSV."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import update

from snf.csvout import csv_lines
from snf.extensions import db
from snf.inspections import whatif
from snf.inspections.models import Inspection
from snf.norms import services as norms
from tests.factories import login, make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    submitted,
)

URL = "/whatif?v=SNF:2021.1&v=SNF:2024.1&on=2025-06-01"
BUNK = {
    **CONFORM_2024,
    "bedrooms": [{**CONFORM_2024["bedrooms"][0], "bunk_beds": 1}],
}


@pytest.fixture
def two_locations():
    """One location with a bunk bed (conform under 2021.1, not under 2024.1),
    one conform under both."""
    company = make_organisation("company", name="=Bunk & Co")
    flipping = make_location(company, beds=10, street="Stapelweg")
    steady = make_location(beds=4, street="Rustlaan")
    submitted(make_inspection(flipping), BUNK, on=date(2023, 3, 1))
    submitted(make_inspection(steady), CONFORM_2024, on=date(2025, 6, 1))
    return flipping, steady


@pytest.fixture
def admin(client):
    login(client, make_user(role="admin"))
    client.set_cookie("snf_lang", "en")
    return client


def test_flips_lists_only_locations_whose_verdict_changes(two_locations):
    flipping, _steady = two_locations
    runs, _codes = whatif.compare(
        [norms.get_version("SNF", "2021.1"), norms.get_version("SNF", "2024.1")],
        date(2025, 6, 1),
    )
    [flip] = whatif.flips(runs)
    assert flip.location.id == flipping.id
    assert (flip.before, flip.after) == ("conform", "non_conform")
    assert flip.new_failures == ["B-1.4"] and flip.resolved == []


def test_observations_beyond_64_bits_are_read_unchanged_and_judged():
    """A stored integer beyond 64 bits (which some fast JSON decoders turn
    into a float) is read back as it was, and a what-if run over every
    location judges it."""
    # The service refuses it: stored before that check, or by an import.
    huge = 10**20 + 1  # read as a float it would be 10**20
    inspection = submitted(make_inspection(make_location()), CONFORM_2024)
    stored = {**CONFORM_2024, "wall_sockets": huge}
    db.session.execute(
        update(Inspection)
        .where(Inspection.id == inspection.id)
        .values(observations=stored)
    )
    db.session.commit()
    db.session.expire_all()
    read = db.session.get(Inspection, inspection.id).observations["wall_sockets"]
    assert read == huge and isinstance(read, int)
    run = whatif.run_whatif(norms.get_version("SNF", "2024.1"), date(2025, 6, 1))
    assert (run.evaluated, run.non_conform) == (1, 0)


def test_page_shows_only_changes_by_default_and_everything_on_request(
    admin, two_locations
):
    page = admin.get(URL).get_data(as_text=True)
    table = page[page.index('id="whatif-requirements"') :]
    assert "B-1.4" in table  # bunk beds: 0 -> 1 failing location
    assert "B-3.1" not in table  # toilets: the same under both
    assert "Show every requirement" in page
    everything = admin.get(URL + "&all=1").get_data(as_text=True)
    assert "B-3.1" in everything[everything.index('id="whatif-requirements"') :]
    assert "Show only what changes" in everything


def test_page_lists_the_flipping_location(admin, two_locations):
    page = admin.get(URL).get_data(as_text=True)
    flips = page[page.index('id="flips"') : page.index('id="whatif-requirements"')]
    assert "1 location changes verdict" in flips
    assert "Stapelweg" in flips and "Rustlaan" not in flips
    assert "B-1.4 No bunk beds" in flips


def test_csv_of_flipping_locations_neutralises_formulas(admin, two_locations):
    flipping, _steady = two_locations
    response = admin.get(URL.replace("/whatif?", "/whatif.csv?"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0][:3] == ["Location id", "Address", "Company"]
    assert rows[0][5:7] == ["Verdict under SNF 2021.1", "Verdict under SNF 2024.1"]
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == str(flipping.id) and row[1].startswith("Stapelweg")
    assert row[2] == "'=Bunk & Co"  # a spreadsheet shows it, never runs it
    assert row[5:8] == ["conform", "not conform", "B-1.4"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31", "'+31"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Stapelweg 1", "Stapelweg 1"),
        (12, "12"),
        (None, ""),
    ],
)
def test_a_what_if_cell_is_written_as_shown(value, shown):
    # The what-if CSV is written by the one helper, snf.csvout.
    [_header, line] = csv_lines(["cell"], [[value]])
    assert next(csv.reader(io.StringIO(line))) == [shown]


def test_csv_needs_two_versions(admin):
    assert admin.get("/whatif.csv?v=SNF:2024.1").status_code == 404


def test_page_shows_the_first_flips_and_the_csv_has_them_all(
    admin, two_locations, monkeypatch
):
    from snf.inspections import finding_views

    location = make_location(beds=6, street="Tweedeweg")
    submitted(make_inspection(location), BUNK, on=date(2023, 3, 1))
    monkeypatch.setattr(finding_views, "FLIPS_SHOWN", 1)
    page = admin.get(URL).get_data(as_text=True)
    assert "2 locations change verdict" in page
    assert "The first 1 of 2 are shown; the CSV has them all." in page
    body = admin.get(URL.replace("/whatif?", "/whatif.csv?")).get_data(as_text=True)
    assert len(body.strip().splitlines()) == 3  # header and both locations
