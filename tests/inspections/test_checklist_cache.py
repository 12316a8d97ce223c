"""The checklist page from a cached skeleton (snf.inspections.checklist_page):
rendered once per version, housing type, part, phase-in dates and language,
and filled with each inspection's own values, escaped."""

import re

import pytest

from snf.extensions import db
from snf.inspections import checklist_page
from tests.cache_helpers import cache_in_redis, fresh_memory_cache
from tests.factories import bearer, login, make_user
from tests.inspections_factories import (
    BEDROOM,
    CONFORM_2024,
    make_inspection,
    png_bytes,
    started,
)
from tests.registry_helpers import count_queries


@pytest.fixture
def inspector():
    return make_user(role="inspector")


@pytest.fixture
def renders(app, monkeypatch):
    """Counts skeleton renders, in an empty cache of its own."""
    made = []
    real = checklist_page.render_skeleton

    def counting(*args, **kwargs):
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(checklist_page, "render_skeleton", counting)
    with fresh_memory_cache(app):
        yield made


def _with(inspector, **observations):
    inspection = started(make_inspection(inspector=inspector))
    inspection.observations = {**CONFORM_2024, **observations}
    db.session.flush()
    return inspection


def _page(client, inspection) -> str:
    response = client.get(f"/inspections/{inspection.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*?value="([^"]*)"', page)
    return found.group(1)


def _checked(page: str, name: str) -> list[str]:
    inputs = re.findall(rf'<input type="radio" name="{re.escape(name)}"[^>]*>', page)
    return [re.search(r'value="(\w+)"', i).group(1) for i in inputs if "checked" in i]


def test_a_second_inspection_reuses_the_skeleton_and_shows_its_own_values(
    client, inspector, renders
):
    three_rooms = [dict(BEDROOM, persons=n) for n in (1, 2, 3)]
    first = _with(
        inspector,
        occupants=7,
        living_area_m2=61.5,
        bedrooms=[dict(BEDROOM, persons=4)],
        notes={"B-3.1": "<b>zwam-17</b> & damp"},
        not_applicable={"B-8.1": "no stairs"},
        answers={"B-2.3": True, "B-2.4": False},
    )
    second = _with(inspector, occupants=3, bedrooms=three_rooms, answers={})
    login(client, inspector)
    one = _page(client, first)
    two = _page(client, second)
    assert len(renders) == 1
    assert _value(one, "occupants") == "7" and _value(two, "occupants") == "3"
    assert _value(one, "living_area_m2") == "61.5"
    assert _value(two, "living_area_m2") == "60"  # as typed: 60, not 60.0
    # Each its own bedrooms, with their own indices and numbers.
    assert re.findall(r'data-index="(\d+)"', one) == ["0"]
    assert re.findall(r'data-index="(\d+)"', two) == ["0", "1", "2"]
    assert [_value(two, f"bedrooms.{i}.persons") for i in range(3)] == ["1", "2", "3"]
    assert _value(one, "bedrooms.0.persons") == "4"
    # Notes and reasons escaped; nothing of the first in the second.
    assert "&lt;b&gt;zwam-17&lt;/b&gt; &amp; damp</textarea>" in one
    assert "zwam-17" not in two
    assert _value(one, "not_applicable.B-8.1") == "no stairs"
    assert _value(two, "not_applicable.B-8.1") == ""
    assert re.search(r'name="not_applicable.B-8.1"[^>]*hidden', two)
    assert not re.search(r'name="not_applicable.B-8.1"[^>]*hidden', one)
    assert _checked(one, "answers.B-2.3") == ["true"]
    assert _checked(one, "answers.B-2.4") == ["false"]
    assert _checked(two, "answers.B-2.3") == []
    # No slot is left unfilled.
    assert checklist_page.OPEN not in one + two


def test_each_language_and_housing_type_has_its_own_skeleton(
    client, inspector, renders
):
    dwelling = _with(inspector)
    hotel = _with(inspector, housing_type="hotel_pension")
    login(client, inspector)
    _page(client, dwelling)
    _page(client, hotel)
    client.set_cookie("snf_lang", "nl")
    dutch = _page(client, dwelling)
    assert len(renders) == 3
    assert _value(dutch, "living_area_m2") == "60"
    assert "<h2>Algemeen</h2>" in dutch


def test_a_dutch_decimal_has_a_comma(client, inspector, renders):
    inspection = _with(inspector, living_area_m2=61.5)
    login(client, inspector)
    client.set_cookie("snf_lang", "nl")
    assert _value(_page(client, inspection), "living_area_m2") == "61,5"


def test_photos_are_shown_at_their_own_requirement(client, inspector, renders):
    inspection = _with(inspector)
    other = _with(inspector)
    headers = bearer(client, inspector)
    url = f"/api/v1/inspections/{inspection.id}/photos?requirement=B-3.1"
    posted = client.post(
        url, data=png_bytes(), headers=headers, content_type="image/png"
    )
    assert posted.status_code == 201
    login(client, inspector)
    page = _page(client, inspection)
    thumbs = re.search(r'<div class="thumbs" data-req="B-3.1">(.*?)</div>', page, re.S)
    assert f'src="/attachments/{posted.get_json()["id"]}"' in thumbs.group(1)
    assert 'alt="Photo B-3.1"' in thumbs.group(1)
    assert "/attachments/" not in _page(client, other)


def test_a_cached_page_runs_no_more_statements_than_a_fresh_one(
    client, inspector, renders
):
    first, second = _with(inspector), _with(inspector)
    login(client, inspector)
    with count_queries() as fresh:
        _page(client, first)
    with count_queries() as cached:
        _page(client, second)
    assert len(renders) == 1
    # A fresh render reads the version's sections and requirements (as every
    # page did before, 10 statements); a cached skeleton needs neither.
    assert len(fresh) <= 10
    assert len(cached) <= len(fresh) - 2, "\n".join(cached)


def test_skeletons_are_shared_through_redis(app, client, inspector, monkeypatch):
    made = []
    real = checklist_page.render_skeleton
    monkeypatch.setattr(
        checklist_page,
        "render_skeleton",
        lambda *args: made.append(args) or real(*args),
    )
    first, second = _with(inspector, occupants=5), _with(inspector, occupants=6)
    login(client, inspector)
    with cache_in_redis(app) as (connection, prefix):
        one = _page(client, first)
        assert list(connection.scan_iter(match=f"{prefix}checklist:*"))
        # Read back from Redis: RedisCache keeps no copy in this process.
        two = _page(client, second)
    assert len(made) == 1
    assert _value(one, "occupants") == "5" and _value(two, "occupants") == "6"
