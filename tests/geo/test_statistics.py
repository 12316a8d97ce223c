"""Certified beds by province come from the locations' municipalities, not
from a guess by postcode range."""

import re
from datetime import date

from sqlalchemy import update

from snf.extensions import db
from snf.inspections.models import Location
from tests.certificates_factories import make_registered
from tests.geo.factories import make_municipality, map_postcode


def _rows(page: str) -> dict[str, str]:
    cells = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td>", page)
    return dict(cells)


def test_beds_by_province_follow_the_municipality(client):
    make_municipality("GM1783", "Westland", "28")
    make_municipality("GM0983", "Venlo", "31")
    map_postcode("2671AB", 1, "GM1783")  # the factories' postcode: Naaldwijk
    company, certificate = make_registered(date(2025, 1, 6), locations=2)
    first, second = (link.location for link in certificate.locations)
    assert first.municipality_code == second.municipality_code == "GM1783"
    beds = [link.beds for link in certificate.locations]
    # Staff moved one to Venlo by hand (a border case the table got wrong).
    db.session.execute(
        update(Location).where(Location.id == second.id)
        .values(municipality_code="GM0983", municipality_by_hand=True)
    )  # fmt: skip
    rows = _rows(client.get("/register/statistics").get_data(as_text=True))
    assert rows["Zuid-Holland"] == str(beds[0])
    assert rows["Limburg"] == str(beds[1])
    db.session.execute(
        update(Location).where(Location.id == second.id).values(municipality_code=None)
    )
    rows = _rows(client.get("/register/statistics").get_data(as_text=True))
    assert rows["Limburg"] == "0" and rows["No municipality known"] == str(beds[1])
