"""The public register's pages: what the search box finds, filters that keep
working when one is wrong, a company before its registration, dates and
plurals in the reader's language, the statistics' axis (issue 13, 17.5)."""

import re
from datetime import date

import pytest

from snf.database import local_today
from snf.extensions import db
from snf.registry import charts, services
from tests.certificates_factories import make_registered
from tests.registry_helpers import count_queries, text_of

DAY = date(2025, 1, 6)


@pytest.fixture
def registered():
    company, certificate = make_registered(DAY)
    company.name, company.town = "Tulpen Flex Huisvesting BV", "Hoofddorp"
    db.session.flush()
    return company, certificate


def page(client, url, lang="en") -> str:
    client.set_cookie("snf_lang", lang)
    return client.get(url).get_data(as_text=True)


def names(rows) -> list[str]:
    return [row["name"] for row in rows]


@pytest.mark.parametrize("q", ["Tulpen", "tulpen flex", "Hoofddorp", "hoofd"])
def test_the_search_box_finds_name_and_town(registered, q):
    rows, meta = services.search(DAY, q=q)
    assert names(rows) == ["Tulpen Flex Huisvesting BV"] and meta["total"] == 1


def test_the_search_box_finds_a_partial_kvk_number(registered):
    company, _ = registered
    for part in (company.kvk[:4], company.kvk[2:7], company.kvk):
        rows, _meta = services.search(DAY, q=part)
        assert [r["kvk"] for r in rows] == [company.kvk]


def test_like_wildcards_in_the_search_box_are_taken_literally(registered):
    assert services.search(DAY, q="%")[1]["total"] == 0
    assert services.search(DAY, q="_")[1]["total"] == 0


def test_the_register_page_finds_a_town_through_the_one_box(client, registered):
    html = page(client, "/register/?q=hoofddorp")
    assert "Tulpen Flex Huisvesting BV" in html
    assert text_of(html, "register-count").startswith("1 company on")


def test_an_invalid_filter_shows_its_error_and_keeps_the_others(client, registered):
    html = page(client, "/register/?q=Tulpen&status=nonsense&as_of=2025-13-45")
    assert "Tulpen Flex Huisvesting BV" in html  # q still applied
    assert 'value="Tulpen"' in html
    assert "Choose a status from the list." in text_of(html, "status-errors")
    assert "2014-08-01" in text_of(html, "as_of-errors")
    assert 'value="2025-13-45"' in html  # what was typed, next to its error


def test_an_empty_form_is_no_error(client, registered):
    html = page(client, "/register/?q=&town=&status=&as_of=")
    assert 'class="errors"' not in html and "Tulpen Flex Huisvesting BV" in html


def test_the_intro_does_not_claim_every_listed_company_complies(client):
    html = page(client, "/register/")
    assert "Only registered companies" in html
    assert "Companies whose housing" not in html


def test_counts_use_plurals_in_both_languages(client, registered):
    make_registered(DAY)
    assert text_of(page(client, "/register/"), "register-count").startswith(
        "2 companies on"
    )
    one = page(client, "/register/?q=Tulpen", "nl")
    assert text_of(one, "register-count").startswith("1 bedrijf op")
    assert "(en)" not in text_of(one, "register-count")


def test_dates_are_written_the_dutch_way_on_dutch_pages(client, registered):
    company, _ = registered
    html = page(client, f"/register/{company.kvk}?as_of=2025-01-06", "nl")
    assert "6 januari 2025" in html
    assert not re.search(r"<(dd|td)[^>]*>[^<]*\d{4}-\d\d-\d\d", html)
    search = page(client, "/register/?q=Tulpen", "nl")
    assert re.search(r'class="nowrap valid-until">\d+ \w+ 20\d\d<', search)


def test_a_company_before_its_registration_is_not_in_the_register_then(
    client, registered
):
    company, _ = registered
    response = client.get(f"/register/{company.kvk}?as_of=2014-08-01")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "was not in the register on August 1, 2014" in text_of(
        html, "not-in-register"
    )
    assert "January 6, 2025" in text_of(html, "not-in-register")
    dutch = page(client, f"/register/{company.kvk}?as_of=2014-08-01", "nl")
    assert "1 augustus 2014" in text_of(dutch, "not-in-register")


def test_an_unknown_kvk_number_is_a_404_that_says_so(client):
    response = client.get("/register/99999999")
    assert response.status_code == 404
    assert "not in the register" in response.get_data(as_text=True)


def test_a_bad_date_on_the_company_page_is_named_next_to_the_field(client, registered):
    company, _ = registered
    response = client.get(f"/register/{company.kvk}?as_of=01-08-2014")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "2014-08-01" in text_of(html, "as_of-errors")
    assert company.name in html


def test_the_statistics_axis_counts_in_whole_steps(client, registered):
    html = page(client, "/register/statistics")
    companies_chart = html.split("Registered companies</h2>")[1].split("</svg>")[0]
    ticks = re.findall(r'text-anchor="end"[^>]*>([\d,.]+)</text>', companies_chart)
    assert ticks == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("value", "top"), [(0, 4), (1, 4), (3, 4), (5, 8), (700, 800), (145000, 200000)]
)
def test_axis_tops_split_into_four_whole_steps(value, top):
    assert charts._nice_max(value) == top


def test_statistics_say_one_company_in_the_singular(client, registered):
    html = page(client, "/register/statistics", "nl")
    assert "1 geregistreerd bedrijf" in text_of(html, "totals")
    assert "1 geregistreerde bedrijven" not in html


def test_the_open_data_export_is_streamed_in_batches(client, registered):
    for _ in range(4):
        make_registered(DAY)
    rows = list(services.export_rows(local_today(), batch=2))
    assert len(rows) == 5 and rows == list(services.export_rows(local_today()))
    with count_queries() as queries:
        response = client.get("/api/v1/registry/export.csv")
        assert response.is_streamed
        body = response.get_data(as_text=True)
    assert len(body.strip().splitlines()) == 1 + 5
    assert len([q for q in queries if "organisations" in q]) == 1  # one batch
    items = client.get("/api/v1/registry/export.json").get_json()["items"]
    assert len(items) == 5 and set(items[0]) == set(services.EXPORT_FIELDS)


STATUS_WORDS = {
    "applied": {"en": "applied", "nl": "aangemeld"},
    "registered": {"en": "registered", "nl": "geregistreerd"},
    "suspended": {"en": "suspended", "nl": "geschorst"},
    "struck_off": {"en": "struck off", "nl": "doorgehaald"},
}


def _badges(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="status status-(\w+)">([^<]*)</span>', html)


def test_status_words_are_in_the_readers_language(client, registered, lang):
    from snf.certificates import lifecycle
    from snf.database import utcnow

    company, _ = registered
    suspended, _ = make_registered(DAY)
    struck, _ = make_registered(DAY)
    for other, action in ((suspended, "suspend"), (struck, "strike_off")):
        lifecycle.record(
            None, other.id, action, effective=date(2025, 2, 3), reason="test",
            now=utcnow(),
        )  # fmt: skip
    expected = {code: words[lang] for code, words in STATUS_WORDS.items()}
    for kvk, code in (
        (company.kvk, "registered"),
        (suspended.kvk, "suspended"),
        (struck.kvk, "struck_off"),
    ):
        html = page(client, f"/register/{kvk}", lang)
        assert set(_badges(html)) >= {(code, expected[code])}
        assert set(_badges(html)) <= set(expected.items())
    listed = set(_badges(page(client, "/register/?per_page=100", lang)))
    shown = {(code, expected[code]) for code in ("registered", "suspended")}
    assert shown | {("struck_off", expected["struck_off"])} <= listed
    assert listed <= set(expected.items())
