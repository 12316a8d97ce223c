"""Staff's status actions on a company page: only the allowed moves, a page
that says what will happen before anything is recorded, and for what cannot
be undone a box to tick."""

import re
from datetime import date

import pytest

from snf.certificates import lifecycle
from snf.certificates.models import StatusChange
from snf.database import local_today, utcnow
from snf.extensions import db
from tests.certificates_factories import make_applicant, make_registered
from tests.factories import login, make_organisation, make_user

OPTION = re.compile(r'<option[^>]*value="([^"]*)"')


def _staff(client):
    login(client, make_user(role="admin"))


def _offered(html: str) -> list[str]:
    form = html[html.index('id="status-form"') :]
    return [value for value in OPTION.findall(form[: form.index("</form>")]) if value]


def _changes(company) -> int:
    return len(lifecycle.history(company.id))


def _post(client, company, **data):
    values = {"effective": local_today().isoformat(), "reason": "Fire exits blocked"}
    values.update(data)
    return client.post(f"/companies/{company.id}/status", data=values)


@pytest.mark.parametrize(
    ("path", "offered"),
    [
        ([], ["suspend", "renew", "expire", "strike_off"]),
        (["suspend"], ["reinstate", "expire", "strike_off"]),
    ],
)
def test_only_moves_allowed_from_the_current_status_are_offered(client, path, offered):
    company, _ = make_registered()
    for action in path:
        lifecycle.record(
            None,
            company.id,
            action,
            effective=date(2025, 2, 1),
            reason="x",
            now=utcnow(),
        )
    _staff(client)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert _offered(html) == offered
    # Nothing is chosen in advance: the first option is the empty prompt.
    select = html[html.index('name="action"') :]
    select = select[: select.index("</select>")]
    assert OPTION.findall(select)[0] == "" and "selected" not in select


def test_a_struck_off_company_is_offered_no_status_change(client):
    company, _ = make_registered()
    lifecycle.record(
        None,
        company.id,
        "strike_off",
        effective=date(2025, 2, 1),
        reason="x",
        now=utcnow(),
    )
    _staff(client)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert 'id="status-form"' not in html
    assert "No status change is possible from here" in html


def test_strike_off_shows_what_will_happen_and_records_nothing_yet(client):
    company, certificate = make_registered()
    before = _changes(company)
    _staff(client)
    response = _post(client, company, action="strike_off")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{company.name} is struck off the register from" in html
    assert f"Certificate {certificate.number} is no longer valid" in html
    assert "This cannot be undone." in html
    assert "Fire exits blocked" in html
    assert _changes(company) == before


def test_strike_off_confirmed_without_ticking_the_box_is_refused_next_to_it(client):
    company, _ = make_registered()
    before = _changes(company)
    _staff(client)
    response = _post(client, company, action="strike_off", confirmed="y")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="understood-errors"' in html and "Tick this box to confirm." in html
    assert _changes(company) == before


def test_strike_off_confirmed_and_understood_is_recorded_with_the_typed_reason(client):
    company, _ = make_registered()
    _staff(client)
    response = _post(
        client, company, action="strike_off", confirmed="y", understood="y"
    )
    assert response.status_code == 302
    change = lifecycle.change_on(company.id, local_today())
    assert (change.status, change.reason, change.reason_code) == (
        "struck_off",
        "Fire exits blocked",
        None,
    )


def test_suspend_asks_to_confirm_then_records(client):
    company, _ = make_registered()
    _staff(client)
    first = _post(client, company, action="suspend")
    assert "is suspended from" in first.get_data(as_text=True)
    assert "This cannot be undone." not in first.get_data(as_text=True)
    assert lifecycle.status_on(company.id, local_today()) == "registered"
    _post(client, company, action="suspend", confirmed="y")
    assert lifecycle.status_on(company.id, local_today()) == "suspended"


def test_a_move_not_allowed_now_is_refused_next_to_the_action(client):
    company, _ = make_registered()
    _staff(client)
    response = _post(client, company, action="reinstate", confirmed="y")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="action-errors"' in html
    assert lifecycle.status_on(company.id, local_today()) == "registered"


def test_a_missing_reason_is_named_next_to_the_field(client):
    company, _ = make_registered()
    _staff(client)
    response = _post(client, company, action="suspend", reason="")
    assert response.status_code == 422
    assert 'id="reason-errors"' in response.get_data(as_text=True)
    assert db.session.query(StatusChange).filter_by(company_id=company.id).count() == 2


def test_issue_button_is_disabled_and_says_why_while_something_is_missing(client):
    company, _application, _places = make_applicant(date(2025, 1, 6))
    _staff(client)
    for url in (f"/companies/{company.id}", "/applications"):
        html = client.get(url).get_data(as_text=True)
        button = re.search(r"<button[^>]*>Issue certificate</button>", html).group(0)
        assert "disabled" in button, url
        assert "The certificate can be issued once nothing is missing." in html
        assert "The entry fee has not been paid." in html


def test_issue_button_is_enabled_when_nothing_is_missing(client):
    from snf.certificates import services
    from tests.certificates_factories import administrative_inspection
    from tests.inspections_factories import CONFORM_2024, make_inspection, submitted

    on = date(2025, 1, 6)
    company, application, places = make_applicant(on)
    administrative_inspection(company, on)
    submitted(make_inspection(places[0]), CONFORM_2024, on=on)
    services.mark_fee_paid(None, application, today=on, now=utcnow())
    _staff(client)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    button = re.search(r"<button[^>]*>Issue certificate</button>", html).group(0)
    assert "disabled" not in button


def test_in_dutch_the_confirmation_and_its_errors_are_dutch(client):
    company, _ = make_registered()
    _staff(client)
    client.get("/language/nl")
    html = _post(client, company, action="strike_off").get_data(as_text=True)
    assert "Dit kan niet ongedaan worden gemaakt." in html
    assert "cannot be undone" not in html
    missing = _post(client, company, action="suspend", reason="")
    errors = re.search(
        r'id="reason-errors">(.*?)</ul>', missing.get_data(as_text=True), re.S
    )
    assert "Dit veld is vereist." in errors.group(1)


def test_the_company_list_pages_what_the_search_found(client):
    for n in range(27):
        make_organisation("company", name=f"Pagerbouw {n:02d} BV")
    _staff(client)
    found = client.get("/companies?q=Pagerbouw").get_data(as_text=True)
    assert "Page 1 of 2" in found and "Pagerbouw 24 BV" in found
    second = client.get("/companies?q=Pagerbouw&page=2").get_data(as_text=True)
    assert "Pagerbouw 26 BV" in second and "Pagerbouw 00 BV" not in second
    # One company found: one page, whatever else the register holds.
    one = client.get("/companies?q=Pagerbouw 03").get_data(as_text=True)
    assert "Pagerbouw 03 BV" in one and 'class="pager"' not in one
