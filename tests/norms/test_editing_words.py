"""Norm editing speaks the user's language: labelled thresholds with units, the
rule in words beside its expression, and a diff with titles (issue 13)."""

import re

import pytest

from snf.database import utcnow
from snf.extensions import db
from snf.norms import services
from snf.norms.params import readable_rule
from tests.factories import login, make_user
from tests.norms.test_views import _form_data

URL = "/norms/SNF/2030.1/requirements/{}/edit"


@pytest.fixture
def admin_client(client):
    login(client, make_user(role="admin"))
    client.set_cookie("snf_lang", "en")
    return client


@pytest.fixture
def draft():
    source = services.get_version("SNF", "2024.1")
    return services.create_draft_from(None, source, "2030.1", now=utcnow())


def _label_of(html: str, field: str) -> str:
    match = re.search(rf'<label for="{field}">([^<]*)</label>', html)
    assert match, f"no label for {field}"
    return match.group(1)


def test_threshold_field_has_a_label_and_a_unit(admin_client, draft):
    html = admin_client.get(URL.format("B-2.1")).get_data(as_text=True)
    assert _label_of(html, "param-living_space_wonen_m2") == (
        "Living space per person (use class living) (m²)"
    )
    toilets = admin_client.get(URL.format("B-3.1")).get_data(as_text=True)
    assert _label_of(toilets, "param-occupants_per_toilet") == (
        "Occupants per toilet (occupants)"
    )


def test_threshold_labels_follow_the_language(admin_client, draft):
    admin_client.set_cookie("snf_lang", "nl")
    html = admin_client.get(URL.format("B-3.1")).get_data(as_text=True)
    assert _label_of(html, "param-occupants_per_toilet") == (
        "Bewoners per toilet (bewoners)"
    )
    assert "De regel in woorden" in html


def test_rule_shown_in_words_beside_the_expression(admin_client, draft):
    html = admin_client.get(URL.format("B-3.1")).get_data(as_text=True)
    assert "number of toilets × Occupants per toilet (8 occupants) ≥ number of " in (
        html.replace("&amp;", "&")
    )
    assert (
        '<code translate="no">toilets * occupants_per_toilet &gt;= occupants</code>'
        in html
    )
    # The YAML is tucked away under "Advanced", not the first thing to read.
    assert "<summary>Advanced: the rule as YAML</summary>" in html


def test_readable_rule_names_bedroom_items_and_keeps_strings():
    text = readable_rule(
        "item.persons <= max_persons_per_bedroom && date >= '2025-01-01'",
        {"max_persons_per_bedroom": 2.0},
        "en",
    )
    assert text == (
        "number of persons ≤ Persons per bedroom at most (2 persons) and "
        "date ≥ '2025-01-01'"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("acht", "Enter a number, for example 8 or 2.5."),
        ("nan", "Enter a number of 0 or more."),
        ("-1", "Enter a number of 0 or more."),
        ("", "Enter a value."),
    ],
)
def test_invalid_threshold_shows_error_next_to_the_field(
    admin_client, draft, typed, message
):
    req = services.get_requirement(draft, "B-3.1")
    data = {**_form_data(req), "param-occupants_per_toilet": typed}
    response = admin_client.post(URL.format("B-3.1"), data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = re.search(r'id="param-occupants_per_toilet-errors"><li>([^<]*)</li>', html)
    assert errors and errors.group(1) == message
    assert f'value="{typed}"' in html  # what was typed stays for correcting
    db.session.expire_all()
    assert services.get_requirement(draft, "B-3.1").rule["params"] == {
        "occupants_per_toilet": 8.0
    }


def test_date_threshold_is_a_date_field(admin_client):
    source = services.get_version("SNF", "2017.1")
    draft = services.create_draft_from(None, source, "2030.1", now=utcnow())
    html = admin_client.get(URL.format("B-2.5")).get_data(as_text=True)
    assert re.search(
        r'id="param-holiday_park_exception_until" name="[^"]+" '
        r'value="2023-12-31"\s+type="date"',
        html,
    )
    req = services.get_requirement(draft, "B-2.5")
    data = {
        **_form_data(req),
        "param-holiday_park_exception_until": "2024-06-30",
        "param-bedroom_area_per_person_m2": "3,5",
    }
    response = admin_client.post(URL.format("B-2.5"), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    params = services.get_requirement(draft, "B-2.5").rule["params"]
    assert params["holiday_park_exception_until"] == "2024-06-30"
    assert params["bedroom_area_per_person_m2"] == 3.5


def test_diff_shows_titles_and_thresholds_in_words(admin_client, draft):
    req = services.get_requirement(draft, "B-3.1")
    rule = {**req.rule, "params": {"occupants_per_toilet": 5.0}}
    services.update_requirement(None, draft, "B-3.1", {"rule": rule}, now=utcnow())
    html = admin_client.get("/norms/SNF/diff?from=2024.1&to=2030.1").get_data(
        as_text=True
    )
    assert "<caption><strong>B-3.1</strong> Enough toilets</caption>" in html
    row = re.search(
        r"<tr><td>(Threshold: [^<]*)</td><td[^>]*>([^<]*)</td>"
        r"<td[^>]*>([^<]*)</td>",
        html,
    )
    assert row and row.groups() == (
        "Threshold: Occupants per toilet (occupants)",
        "8 occupants",
        "5 occupants",
    )
    assert "rule.params" not in html


def test_diff_api_gives_the_title_of_a_changed_requirement(client, draft):
    from tests.factories import bearer

    headers = bearer(client, make_user(role="admin"))
    req = services.get_requirement(draft, "B-3.1")
    rule = {**req.rule, "params": {"occupants_per_toilet": 5.0}}
    services.update_requirement(None, draft, "B-3.1", {"rule": rule}, now=utcnow())
    body = client.get(
        "/api/v1/norms/SNF/diff?from=2024.1&to=2030.1", headers=headers
    ).get_json()
    [change] = [c for c in body["changed"] if c["code"] == "B-3.1"]
    assert change["title"] == {"nl": "Voldoende toiletten", "en": "Enough toilets"}
    assert change["changes"]["rule.params.occupants_per_toilet"] == [8.0, 5.0]


def test_explanation_template_names_its_values_in_words(admin_client, draft):
    html = admin_client.get(URL.format("B-3.1")).get_data(as_text=True)
    assert (
        "[number of occupants] occupants and [number of toilets] toilet(s): at most "
        "[Occupants per toilet (8 occupants)] occupants per toilet"
    ) in html


def test_version_page_shows_rules_and_thresholds_in_words(admin_client):
    admin_client.set_cookie("snf_lang", "nl")
    html = admin_client.get("/norms/SNF/2024.1").get_data(as_text=True)
    article = html[html.index('id="req-B-2.1"') : html.index('id="req-B-2.2"')]
    assert "Woonruimte per persoon (gebruiksfunctie wonen): 12 m²" in article
    assert "living_space_wonen_m2 =" not in article


def test_readable_rule_reads_a_choice_as_words():
    text = readable_rule(
        "use_class == 'wonen' ? living_space_wonen_m2 : living_space_logies_m2",
        {"living_space_wonen_m2": 12.0, "living_space_logies_m2": 10.0},
        "en",
    )
    assert text == (
        "use class = 'living' then Living space per person (use class living) "
        "(12 m²) otherwise Living space per person (use class lodging) (10 m²)"
    )
