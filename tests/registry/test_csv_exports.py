"""Every CSV the app writes goes through snf.csvout: cells that a spreadsheet
would run as a formula are neutralised (issue 14 F3); the verifier's report
speaks the reader's language and says what it checked (issue 13)."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

import snf
from snf.csvout import csv_lines, safe_cell
from snf.extensions import db
from tests.certificates_factories import make_registered
from tests.factories import login, make_user

DAY = date(2025, 1, 6)
HOSTILE = '=HYPERLINK("http://evil.example","klik")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_neutralised(start):
    assert safe_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@pytest.mark.parametrize("value", ["Westland BV", "", "34567812", 12, None, DAY])
def test_other_cells_are_written_as_they_are(value):
    assert safe_cell(value) == value


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_lines_stream_one_line_at_a_time():
    lines = list(csv_lines(["name"], [["=1+1"], ["-5"], ["ok"]]))
    assert lines == ["name\r\n", "'=1+1\r\n", "'-5\r\n", "ok\r\n"]


@pytest.fixture
def hostile_company():
    company, certificate = make_registered(DAY)
    company.name, company.town = HOSTILE, "@Naaldwijk"
    db.session.flush()
    return company, certificate


def test_open_data_csv_neutralises_formulas(client, hostile_company):
    company, _ = hostile_company
    rows = read(client.get("/api/v1/registry/export.csv").get_data(as_text=True))
    header, row = rows[0], next(r for r in rows if r[0] == company.kvk)
    assert row[header.index("name")] == "'" + HOSTILE
    assert row[header.index("town")] == "'@Naaldwijk"
    assert row[header.index("beds")] == "8"  # numbers untouched


def _report(client, numbers: str, as_of: str, lang: str = "en") -> str:
    login(client, make_user(role="verifier"))
    client.set_cookie("snf_lang", lang)
    response = client.post(
        "/register/verifications", data={"numbers": numbers, "as_of": as_of}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_bulk_check_csv_neutralises_names_and_the_echoed_input(client, hostile_company):
    company, _ = hostile_company
    url = _report(client, f"{company.kvk}\n=1+2\n-3", "2025-02-01")
    rows = read(client.get(url + ".csv").get_data(as_text=True))
    assert rows[1][3] == "'" + HOSTILE
    assert [r[0] for r in rows[2:]] == ["'=1+2", "'-3"]


def test_bulk_check_csv_is_dutch_with_ja_nee_and_the_date_checked(
    client, hostile_company
):
    company, _ = hostile_company
    url = _report(client, f"{company.kvk}\n12345678\n1234", "2014-08-01", "nl")
    response = client.get(url + ".csv")
    report_id = url.rsplit("/", 1)[1]
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="snf-check-2014-08-01-{report_id}.csv"'
    )
    header, *rows = read(response.get_data(as_text=True))
    assert header == [
        "KvK-nummer",
        "Geregistreerd op de peildatum",
        "Status",
        "Bedrijf",
        "Certificaat",
        "Geldig tot",
        "Nummer goed gevormd",
        "Probleem met het nummer",
        "Eerder genoemd",
        "Peildatum",
    ]
    # On 2014-08-01 the company (registered 2025) was not yet registered.
    assert rows[0][:3] == [company.kvk, "nee", "niet geregistreerd"]
    assert rows[1][:3] == ["12345678", "nee", "niet geregistreerd"]
    assert rows[2][1] == "nee" and rows[2][6] == "nee"
    assert rows[2][7] == "heeft 4 cijfers; een KvK-nummer heeft er 8"
    assert {r[9] for r in rows} == {"2014-08-01"}
    assert "True" not in response.get_data(as_text=True)


def test_bulk_check_csv_says_yes_for_a_registered_company_in_english(
    client, hostile_company
):
    company, certificate = hostile_company
    url = _report(client, f"{company.kvk}\n{company.kvk}", "2025-02-01")
    header, first, again = read(client.get(url + ".csv").get_data(as_text=True))
    assert header[:2] == ["KvK number", "Registered on the date checked"]
    assert first[1:3] == ["yes", "registered"] and first[6] == "yes"
    assert first[8] == "no" and again[8] == "yes"
    assert first[5] == certificate.valid_until.isoformat()


def test_bulk_check_csv_of_only_the_problems(client, hostile_company):
    company, _ = hostile_company
    url = _report(client, f"{company.kvk}\n12345678", "2025-02-01")
    response = client.get(url + ".csv?only=problems")
    rows = read(response.get_data(as_text=True))
    assert [r[0] for r in rows[1:]] == ["12345678"]
    assert "-problems-" in response.headers["Content-Disposition"]


def test_a_report_reason_is_shown_in_the_readers_language(client, hostile_company):
    url = _report(client, "1234", "2025-02-01", "en")
    client.set_cookie("snf_lang", "nl")
    assert "heeft 4 cijfers" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "not a KvK number"), ("nl", "geen KvK-nummer")]
)
def test_a_stored_reason_code_the_app_no_longer_knows_reads_not_a_kvk_number(
    client, hostile_company, lang, said
):
    from snf.registry.models import VerificationReport

    url = _report(client, "1234", "2025-02-01", "en")
    report = db.session.get(VerificationReport, int(url.rsplit("/", 1)[1]))
    report.results = [report.results[0] | {"error_code": "retired", "error": "x"}]
    db.session.flush()
    client.set_cookie("snf_lang", lang)
    rows = read(client.get(url + ".csv").get_data(as_text=True))
    assert said in rows[1]


def test_no_module_writes_csv_but_the_helper():
    """A new export must use snf.csvout (and so neutralise formulas)."""
    root = Path(snf.__file__).parent
    writers = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    }
    assert writers == {"csvout.py"}
