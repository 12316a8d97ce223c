"""Monitoring figures against a fixture computed by hand, on two dates.

Region "test-region": Venlo and Eindhoven, agreement 40 places from
2026-01-01 to 2028-01-01 (730 days).
- A: registered 2026-03-01, one location of 8 beds in Venlo (certificate valid
  to 2027-02-28).
- B: registered 2026-09-01, two locations of 8 beds in Eindhoven.
- C: registered 2026-03-01, a location in Maastricht: outside the region.

On 2026-06-30: 1 location, 8 beds; six months earlier (2025-12-30) nothing:
change +1, +8. Realised 8 - 0 = 8 (20.0 % of 40); expected 40 * 180/730 =
9.86 -> 10; lagging.
On 2026-12-31: 3 locations, 24 beds; since 2026-06-30: +2, +16. Realised 24
(60.0 %); expected 40 * 364/730 = 19.95 -> 20; on track.
"""

import csv
import io
import re
from datetime import date

import pypdf
import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.geo import regions
from snf.registry import monitoring, monitoring_report
from tests.certificates_factories import make_registered
from tests.geo.factories import make_municipality

REGION = {
    "code": "test-region",
    "name": "Testregio",
    "municipalities": ["GM0983", "GM0772"],
    "agreement": {"places": 40, "start": date(2026, 1, 1), "target": date(2028, 1, 1)},
}


def _registered_in(code: str, on: date, locations: int = 1) -> None:
    _company, certificate = make_registered(on=on, locations=locations)
    for covered in certificate.locations:
        covered.location.municipality_code = code
    db.session.flush()


@pytest.fixture
def region():
    make_municipality()
    make_municipality("GM0772", "Eindhoven", "30")
    make_municipality("GM0935", "Maastricht", "31")
    _registered_in("GM0983", date(2026, 3, 1))
    _registered_in("GM0772", date(2026, 9, 1), locations=2)
    _registered_in("GM0935", date(2026, 3, 1))
    return regions.create_region(None, REGION, now=utcnow())


def test_six_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert monitoring.six_months_before(date(2026, 12, 31)) == date(2026, 6, 30)
    assert monitoring.six_months_before(date(2026, 6, 30)) == date(2025, 12, 30)
    assert monitoring.six_months_before(date(2026, 8, 31)) == date(2026, 2, 28)


def test_the_region_in_june_lags_behind_the_line(region):
    answer = monitoring.region_monitoring(region, date(2026, 6, 30))
    assert (answer["certified_locations"], answer["certified_beds"]) == (1, 8)
    assert answer["change"] == {"since": date(2025, 12, 30), "locations": 1, "beds": 8}
    assert answer["progress"] == {
        "realised": 8, "percent": 20.0, "expected": 10, "on_track": False
    }  # fmt: skip
    by_code = {m["code"]: m for m in answer["municipalities"]}
    assert by_code["GM0983"]["certified_beds"] == 8
    assert by_code["GM0772"]["certified_beds"] == 0


def test_the_region_in_december_is_on_track(region):
    answer = monitoring.region_monitoring(region, date(2026, 12, 31))
    assert (answer["certified_locations"], answer["certified_beds"]) == (3, 24)
    assert answer["change"] == {"since": date(2026, 6, 30), "locations": 2, "beds": 16}
    assert answer["progress"] == {
        "realised": 24, "percent": 60.0, "expected": 20, "on_track": True
    }  # fmt: skip


def test_the_api_answers_aggregates_without_addresses(client, region):
    answer = client.get("/api/v1/monitoring/regions/test-region?as_of=2026-12-31")
    body = answer.get_json()
    assert answer.status_code == 200, body
    assert body["region"] == {"code": "test-region", "name": "Testregio"}
    assert body["progress"]["on_track"] is True
    assert body["agreement"] == {"places": 40, "start": "2026-01-01",
                                 "target": "2028-01-01"}  # fmt: skip
    assert "street" not in answer.get_data(as_text=True)
    assert {m["name"]: m["certified_beds"] for m in body["municipalities"]} == {
        "Venlo": 8,
        "Eindhoven": 16,
    }


def test_a_bad_date_and_an_unknown_region_are_clear_errors(client, region):
    bad = client.get("/api/v1/monitoring/regions/test-region?as_of=31-12-2026")
    assert bad.status_code == 422 and "as_of" in bad.get_json()["error"]["fields"]
    assert client.get("/api/v1/monitoring/regions/nope").status_code == 404


def test_the_report_csv_has_a_line_per_municipality_and_the_total(client, region):
    answer = client.get("/api/v1/monitoring/regions/test-region/report.csv"
                        "?as_of=2026-12-31")  # fmt: skip
    lines = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [(r["municipality_code"], r["certified_beds"]) for r in lines] == [
        ("GM0772", "16"), ("GM0983", "8"), ("", "24")
    ]  # fmt: skip
    total = lines[-1]
    assert (total["beds_change"], total["realised"], total["percent"]) == (
        "16", "24", "60.0")  # fmt: skip
    assert (total["expected"], total["on_track"]) == ("20", "yes")


def test_the_report_pdf_says_the_figures_and_the_verdict(client, region):
    answer = client.get("/api/v1/monitoring/regions/test-region/report.pdf"
                        "?as_of=2026-06-30")  # fmt: skip
    assert answer.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(answer.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Progress report Testregio" in text
    assert "1 certified locations with 8 beds" in text
    assert "since Dec 30, 2025 +1 locations and +8 beds" in text
    assert "Realised: 8 (20.0%); expected on this date: 10: lagging." in text
    assert "Agreement (straight line)" in text  # the chart's legend
    assert "Eindhoven" in text and "Certified beds" in text  # table and chart


def test_the_public_page_shows_aggregates_and_the_chart(client, region):
    html = client.get("/monitoring/regions/test-region?as_of=2026-12-31")
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    assert "<svg" in text and "on track" in text
    assert "Kaldenkerkerweg" not in text and "Dorpsstraat" not in text


def test_the_national_report_has_every_region_and_the_country(client, region):
    answer = client.get("/api/v1/monitoring/report.csv?as_of=2026-12-31")
    lines = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [(r["region"], r["certified_beds"], r["on_track"]) for r in lines] == [
        ("Testregio", "24", "yes"),
        ("Netherlands", "32", ""),  # Maastricht is outside every region
    ]
    pdf = client.get("/api/v1/monitoring/report.pdf?as_of=2026-12-31")
    text = " ".join(
        pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split()
    )
    assert "National progress report" in text
    assert "4 certified locations with 32 beds" in text
    assert "Testregio 24 40 24 60.0% 20 on track" in text


def _kvk_in(code: str) -> str:
    from snf.auth.models import Organisation
    from snf.inspections.models import Location

    query = (
        db.select(Organisation.kvk)
        .join(Location, Location.company_id == Organisation.id)
        .where(Location.municipality_code == code)
    )
    return db.session.scalar(query)


def test_demand_beside_supply_and_the_companies_that_did_not_report(client, region):
    from tests.factories import bearer, make_user

    headers = bearer(client, make_user("admin"))
    venlo = _kvk_in("GM0983")
    body = {"municipalities": [{"code": "GM0983", "employed": 50, "housed": 30}]}
    put = client.put(f"/api/v1/companies/{venlo}/demand/2026H2", json=body,
                     headers=headers)  # fmt: skip
    assert put.status_code == 200, put.get_json()
    answer = monitoring.region_monitoring(region, date(2026, 12, 31))
    assert answer["demand"] == {
        "period": "2026H2", "employed": 50, "housed": 30, "gap": 50 - 24,
        "reported_companies": 1, "missing_companies": 1,
    }  # fmt: skip
    earlier = monitoring.region_monitoring(region, date(2026, 6, 30))["demand"]
    assert (earlier["employed"], earlier["missing_companies"]) == (0, 1)


def test_a_demand_statement_names_the_wrong_field(client, region):
    from tests.factories import bearer, make_user

    headers = bearer(client, make_user("admin"))
    venlo = _kvk_in("GM0983")
    too_many = {"municipalities": [{"code": "GM0983", "employed": 5, "housed": 9}]}
    answer = client.put(f"/api/v1/companies/{venlo}/demand/2026H2", json=too_many,
                        headers=headers)  # fmt: skip
    assert answer.status_code == 422
    assert "municipalities.0.housed" in answer.get_json()["error"]["fields"]
    bad_period = client.put(f"/api/v1/companies/{venlo}/demand/2026-2",
                            json=too_many, headers=headers)  # fmt: skip
    assert "period" in bad_period.get_json()["error"]["fields"]


def test_a_company_states_its_demand_on_the_form_prefilled_next_time(client, region):
    from snf.inspections.models import Location
    from tests.factories import login, make_user

    location = db.session.scalar(
        db.select(Location).where(Location.municipality_code == "GM0983")
    )
    login(client, make_user("company", location.company))
    page = client.get("/demand").get_data(as_text=True)
    assert (
        "Venlo" in page and 'name="lines-0-code" type="hidden" value="GM0983"' in page
    )
    refused = client.post(
        "/demand",
        data={"lines-0-code": "GM0983", "lines-0-employed": "3", "lines-0-housed": "5"},
    )
    assert refused.status_code == 200
    assert "At most the number employed there." in refused.get_data(as_text=True)
    saved = client.post(
        "/demand",
        data={
            "lines-0-code": "GM0983",
            "lines-0-employed": "12",
            "lines-0-housed": "8",
        },
    )
    assert saved.status_code == 302
    again = client.get("/demand").get_data(as_text=True)
    assert 'value="12"' in again and 'value="8"' in again


def test_a_past_date_is_judged_by_the_agreement_known_then(region):
    # The fixture's terms were recorded today; a revision to 80 places comes
    # on 2027-01-04. Until then the 40 places count, from then on the 80.
    from datetime import UTC, datetime

    revised = {**REGION, "agreement": {**REGION["agreement"], "places": 80}}
    regions.update_region(
        None, region, revised, now=datetime(2027, 1, 4, 9, tzinfo=UTC)
    )
    assert len(region.agreements) == 2
    before = monitoring.region_monitoring(region, date(2026, 12, 31))
    assert before["agreement"].places == 40
    assert before["progress"]["expected"] == 20 and before["progress"]["on_track"]
    # 2027-06-30: 80 * 545/730 = 59.7 -> 60 expected; far fewer beds certified.
    after = monitoring.region_monitoring(region, date(2027, 6, 30))
    assert after["agreement"].places == 80
    assert after["progress"]["expected"] == 60 and not after["progress"]["on_track"]
    # A day before anything was recorded reads the original terms.
    assert (
        monitoring.region_monitoring(region, date(2026, 3, 1))["agreement"].places == 40
    )


def _state_demand(client, code: str, employed: int, housed: int) -> None:
    from tests.factories import bearer, make_user

    headers = bearer(client, make_user("admin"))
    body = {"municipalities": [{"code": code, "employed": employed, "housed": housed}]}
    put = client.put(f"/api/v1/companies/{_kvk_in(code)}/demand/2026H2", json=body,
                     headers=headers)  # fmt: skip
    assert put.status_code == 200, put.get_json()


def test_a_municipality_on_two_dates_with_its_demand(client, region):
    _state_demand(client, "GM0772", 20, 5)
    answer = client.get("/api/v1/monitoring/municipalities/GM0772?as_of=2026-12-31")
    body = answer.get_json()
    assert answer.status_code == 200, body
    assert body["municipality"]["name"] == "Eindhoven"
    assert (body["certified_locations"], body["certified_beds"]) == (2, 16)
    assert body["change"] == {"since": "2026-06-30", "locations": 2, "beds": 16}
    assert body["demand"] == {
        "period": "2026H2", "employed": 20, "housed": 5, "gap": 20 - 16,
        "reported_companies": 1, "missing_companies": 0,
    }  # fmt: skip
    june = client.get("/api/v1/monitoring/municipalities/GM0772?as_of=2026-06-30")
    assert (
        june.get_json()["certified_beds"],
        june.get_json()["demand"]["employed"],
    ) == (
        0,
        0,
    )
    assert "street" not in answer.get_data(as_text=True)
    assert client.get("/api/v1/monitoring/municipalities/GM9999").status_code == 404
    page = client.get("/monitoring/municipalities/GM0772?as_of=2026-12-31")
    assert page.status_code == 200 and "Municipality of Eindhoven" in page.text


def test_the_region_gives_demand_and_gap_per_municipality(client, region):
    _state_demand(client, "GM0983", 50, 30)
    answer = monitoring.region_monitoring(region, date(2026, 12, 31))
    by_code = {m["code"]: m for m in answer["municipalities"]}
    assert (by_code["GM0983"]["employed"], by_code["GM0983"]["gap"]) == (50, 50 - 8)
    assert (by_code["GM0772"]["employed"], by_code["GM0772"]["gap"]) == (0, -16)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("company", 403), ("municipality", 403), ("inspector", 403)],
)
def test_only_staff_list_the_companies_that_did_not_report(
    client, region, role, status
):
    from tests.factories import bearer, make_user

    headers = bearer(client, make_user(role)) if role else {}
    answer = client.get("/api/v1/monitoring/demand/missing", headers=headers)
    assert answer.status_code == status
    if role is None:
        assert client.get("/monitoring/demand/missing").status_code == 302  # login
    else:
        from tests.factories import login

        login(client, make_user(role))
        assert client.get("/monitoring/demand/missing").status_code == 403


def test_staff_see_which_companies_did_not_state_their_demand(client, region):
    from snf.auth.models import Organisation
    from tests.factories import bearer, login, make_user

    _state_demand(client, "GM0983", 50, 30)
    admin = make_user("admin")
    url = "/api/v1/monitoring/demand/missing?as_of=2026-12-31"
    body = client.get(url, headers=bearer(client, admin)).get_json()
    eindhoven = db.session.scalar(
        db.select(Organisation).where(Organisation.kvk == _kvk_in("GM0772"))
    )
    # Venlo's company reported; Maastricht's and Eindhoven's did not.
    assert body["period"] == "2026H2"
    assert eindhoven.name in [item["name"] for item in body["items"]]
    assert _kvk_in("GM0983") not in [item["kvk"] for item in body["items"]]
    row = next(item for item in body["items"] if item["kvk"] == eindhoven.kvk)
    assert [m["code"] for m in row["municipalities"]] == ["GM0772"]
    assert row["last_period"] is None
    # A certified location whose municipality is unknown: listed all the same.
    _registered_in(None, date(2026, 3, 1))
    body = client.get(url, headers=bearer(client, admin)).get_json()
    assert [] in [item["municipalities"] for item in body["items"]]
    login(client, admin)
    page = client.get("/monitoring/demand/missing?as_of=2026-12-31").text
    assert eindhoven.name in page and "3 companies with certified locations" in page


def test_the_staff_list_of_missing_demand_comes_in_pages(client, region, monkeypatch):
    from snf import api
    from tests.factories import login, make_user

    monkeypatch.setattr(api, "HTML_PER_PAGE", 2)
    login(client, make_user("admin"))
    url = "/monitoring/demand/missing?as_of=2026-12-31"

    def names(page: str) -> list[str]:
        table = page[page.index('id="missing-demand"') : page.index("</table>")]
        return re.findall(r"<tr><td>([^<]+)</td>", table)

    first = client.get(url).text
    assert "3 companies with certified locations" in first  # all pages
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(url + "&page=2").text
    assert "Page 2 of 2" in second and "as_of=2026-12-31" in second
    assert len(names(first)) == 2 and len(names(second)) == 1
    assert not set(names(first)) & set(names(second))
    assert names(client.get(url + "&page=9").text) == names(second)  # the last


def test_the_chart_axis_writes_numbers_the_way_of_the_reader(app):
    from flask_babel import force_locale

    from snf.registry.monitoring_chart import as_svg, beds_chart

    beds = [(date(2026, 1, 1), 0), (date(2026, 7, 1), 5000)]
    with app.test_request_context():
        for locale, thousands in (("nl", "5.000"), ("en", "5,000")):
            with force_locale(locale):
                svg = as_svg(beds_chart(beds, [], ("beds", "line")), "chart")
            assert f">{thousands}<" in svg, locale
    with app.test_request_context(), force_locale("nl"):
        assert monitoring_report._signed(2828) == "+2.828"
        assert monitoring_report._signed(-5) == "-5"
        assert monitoring_report._percent(71) == "71,0"


def test_the_staff_list_runs_the_same_statements_for_more_companies(client, region):
    from tests.factories import bearer, make_user
    from tests.registry_helpers import count_queries

    headers = bearer(client, make_user("admin"))
    url = "/api/v1/monitoring/demand/missing?as_of=2026-12-31"

    def statements() -> tuple[int, int]:
        with count_queries() as seen:
            answer = client.get(url, headers=headers)
        assert answer.status_code == 200
        return len(seen), len(answer.get_json()["items"])

    few, listed = statements()
    for _ in range(3):
        _registered_in("GM0772", date(2026, 3, 1))
    assert statements() == (few, listed + 3)
