"""The registry API of API.md, endpoint by endpoint: a contract."""

from datetime import date, timedelta

import pytest

from snf.certificates import lifecycle
from snf.database import utcnow
from tests.certificates_factories import make_registered
from tests.factories import make_organisation
from tests.registry_helpers import count_queries

BASE = "/api/v1/registry"
DAY = date(2025, 1, 6)


@pytest.fixture
def registered():
    company, certificate = make_registered(DAY, locations=2)
    return company, certificate


def _verify(client, numbers, **extra):
    return client.post(f"{BASE}/verify", json={"kvk_numbers": numbers, **extra})


# -- list ----------------------------------------------------------------------


def test_list_is_paged_with_meta(client, registered):
    body = client.get(f"{BASE}/companies?per_page=1").get_json()
    assert body["meta"]["per_page"] == 1 and body["meta"]["total"] >= 1
    item = body["items"][0]
    assert set(item) >= {
        "kvk",
        "name",
        "town",
        "status",
        "registered_since",
        "certificate_number",
        "valid_until",
        "locations",
        "beds",
    }


def test_list_filters_by_status_and_name(client, registered):
    company, _ = registered
    found = client.get(
        f"{BASE}/companies?q={company.name}&status=registered"
    ).get_json()
    assert [i["kvk"] for i in found["items"]] == [company.kvk]
    none = client.get(f"{BASE}/companies?q={company.name}&status=suspended").get_json()
    assert none["items"] == []


def test_list_rejects_a_bad_status_naming_the_field(client):
    response = client.get(f"{BASE}/companies?status=excellent")
    assert (
        response.status_code == 422
        and "status" in response.get_json()["error"]["fields"]
    )


# -- one company -----------------------------------------------------------------


def test_company_with_certificate_and_history(client, registered):
    company, certificate = registered
    body = client.get(f"{BASE}/companies/{company.kvk}?as_of=2025-03-01").get_json()
    assert body["status"] == "registered" and body["registered_since"] == "2025-01-06"
    assert body["certificate"]["number"] == certificate.number
    assert body["certificate"]["valid_until"] == "2026-01-05"
    assert body["locations"] == 2 and body["beds"] == 16
    assert [h["status"] for h in body["history"]] == ["applied", "registered"]
    assert body["history"][0]["from"] == "2025-01-06"


def test_company_as_of_a_date_before_any_registration_is_404(client, registered):
    company, _ = registered
    response = client.get(f"{BASE}/companies/{company.kvk}?as_of=2014-08-01")
    assert response.status_code == 404


def test_status_change_on_the_very_date_asked_counts(client, registered):
    company, _ = registered
    lifecycle.record(
        None,
        company.id,
        "suspend",
        effective=date(2025, 5, 1),
        reason="overdue",
        now=utcnow(),
    )
    on = client.get(f"{BASE}/companies/{company.kvk}?as_of=2025-05-01").get_json()
    before = client.get(f"{BASE}/companies/{company.kvk}?as_of=2025-04-30").get_json()
    assert on["status"] == "suspended" and before["status"] == "registered"


def test_bad_as_of_names_the_field(client, registered):
    company, _ = registered
    response = client.get(f"{BASE}/companies/{company.kvk}?as_of=yesterday")
    assert (
        response.status_code == 422
        and "as_of" in response.get_json()["error"]["fields"]
    )


# -- verify ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1234567a", "digits"),
        ("1234567", "7 digits"),
        ("123456789", "9 digits"),
        ("1234 5678", "spaces"),
        ("", "empty"),
        (None, "null"),
        (12345678, "string"),
    ],
)
def test_malformed_numbers_are_answered_in_place_with_the_reason(client, value, reason):
    body = _verify(client, ["00000001", value, "00000002"]).get_json()
    assert [r["valid"] for r in body["results"]] == [True, False, True]
    assert reason in body["results"][1]["error"]
    assert body["results"][1]["kvk"] == value
    assert body["summary"]["invalid"] == 1


@pytest.mark.parametrize(
    ("value", "code", "params", "reason"),
    [
        ("1234567", "length", {"n": 7}, "has 7 digits; a KvK number has 8"),
        ("5", "length", {"n": 1}, "has 1 digit; a KvK number has 8"),
        ("1234 5678", "spaces", {}, "contains spaces"),
        ("   ", "empty", {}, "empty"),
        ("1234567a", "not_digits", {}, "contains characters other than digits"),
        ("١٢٣٤٥٦٧٨", "not_digits", {}, "contains characters other than digits"),
        (None, "null", {}, "empty (null)"),
        (True, "not_string", {}, "not a string"),
    ],
)
def test_a_malformed_number_carries_its_code_and_parameters(
    client, value, code, params, reason
):
    (result,) = _verify(client, [value]).get_json()["results"]
    assert (result["error_code"], result["error_params"]) == (code, params)
    assert result["error"].startswith(reason)
    assert result["valid"] is False and "status" not in result


def test_each_malformed_number_gets_its_own_reason_in_one_call(client):
    """Reasons are worded once per kind of problem in a call: two lengths are
    two kinds, each number gets its own."""
    numbers = ["1234567", "5", "1234 5678", "1234567", None]
    results = _verify(client, numbers).get_json()["results"]
    assert [r["error"] for r in results] == [
        "has 7 digits; a KvK number has 8",
        "has 1 digit; a KvK number has 8",
        "contains spaces",
        "has 7 digits; a KvK number has 8",
        "empty (null)",
    ]


def test_the_reasons_follow_accept_language(client):
    response = client.post(
        f"{BASE}/verify",
        json={"kvk_numbers": [12345678, "1234"]},
        headers={"Accept-Language": "nl"},
    )
    as_int, short = response.get_json()["results"]
    assert as_int["error"].startswith("geen tekst: stuur KvK-nummers als tekst")
    assert short["error"] == "heeft 4 cijfers; een KvK-nummer heeft er 8"


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        ("1" * 20 + "a", "1" * 20 + "…"),
        ("a" * 20, "a" * 20),
        (10**25, "1" * 1 + "0" * 19 + "…"),
        (1.5, 1.5),
        (False, False),
        ([1, 2], "[list]"),
        ({"kvk": "12345678"}, "{object}"),
    ],
)
def test_a_malformed_value_is_echoed_short_and_by_its_kind(client, value, echoed):
    (result,) = _verify(client, [value]).get_json()["results"]
    assert result["kvk"] == echoed and result["valid"] is False


def test_a_number_with_spaces_around_it_is_checked_as_the_number(client, registered):
    company, _ = registered
    body = _verify(client, [f" {company.kvk}\t"], as_of="2025-02-01").get_json()
    (result,) = body["results"]
    assert result["kvk"] == company.kvk and result["status"] == "registered"
    assert body["summary"] == {"registered": 1} and body["count"] == 1


def test_results_in_input_order_with_duplicates_and_summary(client, registered):
    company, certificate = registered
    numbers = ["99999998", company.kvk, "99999998", company.kvk]
    body = _verify(client, numbers, as_of="2025-02-01").get_json()
    assert [r["kvk"] for r in body["results"]] == numbers
    first, mine, again, mine_again = body["results"]
    assert first["status"] == "not_registered" and first["registered"] is False
    assert (
        mine["registered"] is True and mine["certificate_number"] == certificate.number
    )
    assert mine["valid_until"] == "2026-01-05" and mine["name"] == company.name
    assert mine["mark"] == company.mark == "SNF"
    unknown = {k: first[k] for k in ("name", "mark", "certificate_number")}
    assert unknown == dict.fromkeys(unknown) and first["valid_until"] is None
    assert again.get("duplicate") and mine_again.get("duplicate")
    assert body["summary"] == {"not_registered": 2, "registered": 2}
    assert body["as_of"] == "2025-02-01"


def test_date_before_any_registration(client, registered):
    company, _ = registered
    body = _verify(client, [company.kvk], as_of="2014-08-01").get_json()
    assert body["results"][0]["status"] == "not_registered"


def test_empty_list(client):
    body = _verify(client, []).get_json()
    assert body["results"] == [] and body["summary"] == {} and body["count"] == 0


def test_more_than_50000_numbers_is_413(client):
    response = _verify(client, ["12345678"] * 50_001)
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["message"] == "At most 50000 numbers per request."
    assert error["fields"] == {"kvk_numbers": [error["message"]]}


def test_50000_numbers_are_answered(client):
    response = _verify(client, [f"{n:08d}" for n in range(50_000)])
    assert response.status_code == 200 and response.get_json()["count"] == 50_000


def test_csv_with_header(client, registered):
    company, _ = registered
    data = f"naam;kvk\nOne;{company.kvk}\nTwo;12345\n"
    body = client.post(
        f"{BASE}/verify?as_of=2025-02-01", data=data, content_type="text/csv"
    ).get_json()
    assert [r.get("status") for r in body["results"]] == ["registered", None]


def test_csv_without_header_as_upload(client, registered):
    import io

    company, _ = registered
    upload = (io.BytesIO(f"{company.kvk}\n87654321\n".encode()), "members.csv")
    body = client.post(
        f"{BASE}/verify", data={"file": upload}, content_type="multipart/form-data"
    ).get_json()
    assert [r["kvk"] for r in body["results"]] == [company.kvk, "87654321"]


def test_csv_header_is_found_whatever_its_case_and_spaces(client, registered):
    company, _ = registered
    data = f"naam, KvK \nOne,{company.kvk}\nTwo\n"
    body = client.post(
        f"{BASE}/verify?as_of=2025-02-01", data=data, content_type="text/csv"
    ).get_json()
    first, short = body["results"]
    assert first["status"] == "registered"
    assert short["error_code"] == "empty"  # a row without the kvk column


def test_csv_columns_are_split_on_commas_semicolons_or_tabs_only(client):
    data = "KvK X\n1234567X\n8765432X\n"  # no delimiter: one column
    body = client.post(f"{BASE}/verify", data=data, content_type="text/csv").get_json()
    assert [r["kvk"] for r in body["results"]] == ["KvK X", "1234567X", "8765432X"]


def test_unreadable_body_is_422_naming_kvk_numbers(client):
    response = client.post(
        f"{BASE}/verify", data="{nope", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["message"]
    wrong_type = _verify(client, "12345678")
    assert wrong_type.status_code == 422
    assert "kvk_numbers" in wrong_type.get_json()["error"]["fields"]


# -- change feed -----------------------------------------------------------------


def test_change_feed_never_skips_or_repeats(client):
    companies = [make_organisation("company") for _ in range(3)]
    for company in companies:
        lifecycle.record(
            None, company.id, "apply", effective=DAY, reason="x", now=utcnow()
        )
    seen, cursor = [], "0"
    while True:
        body = client.get(f"{BASE}/changes?since={cursor}&limit=2").get_json()
        if not body["items"]:
            break
        seen += [item["seq"] for item in body["items"]]
        cursor = body["next"]
    assert seen == sorted(set(seen))
    mine = {c.kvk for c in companies}
    later = make_organisation("company")
    lifecycle.record(
        None,
        later.id,
        "apply",
        effective=DAY + timedelta(days=1),
        reason="later",
        now=utcnow(),
    )
    new = client.get(f"{BASE}/changes?since={cursor}").get_json()["items"]
    assert [i["kvk"] for i in new] == [later.kvk]
    assert mine  # the three applications were in the pages read before


def test_change_feed_item_fields(client, registered):
    body = client.get(f"{BASE}/changes").get_json()
    item = body["items"][-1]
    assert set(item) >= {"seq", "kvk", "status", "effective", "reason"}


# -- constant queries --------------------------------------------------------------


def test_verify_runs_a_constant_number_of_queries(client, registered):
    company, _ = registered
    with count_queries() as small:
        _verify(client, [company.kvk])
    with count_queries() as large:
        _verify(client, [company.kvk] + [f"{n:08d}" for n in range(5000)])
    assert len(large) == len(small) <= 3


def test_list_runs_a_constant_number_of_queries(client):
    for _ in range(3):
        make_registered(DAY)
    with count_queries() as one:
        client.get(f"{BASE}/companies?per_page=1")
    with count_queries() as many:
        client.get(f"{BASE}/companies?per_page=100")
    assert len(one) == len(many) <= 3


# -- open data and certificates ------------------------------------------------------


def test_open_data_has_the_date_it_was_produced(client, registered):
    company, _ = registered
    csv_text = client.get(f"{BASE}/export.csv").get_data(as_text=True)
    header, *rows = csv_text.strip().splitlines()
    assert "produced_at" in header and any(company.kvk in row for row in rows)
    body = client.get(f"{BASE}/export.json").get_json()
    assert body["produced_at"] and any(i["kvk"] == company.kvk for i in body["items"])


def test_certificate_endpoint_is_public(client, registered):
    _company, certificate = registered
    body = client.get(f"/api/v1/certificates/{certificate.number}").get_json()
    assert body["number"] == certificate.number and body["beds"] == 16
