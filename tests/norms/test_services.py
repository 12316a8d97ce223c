from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from snf import audit
from snf.database import utcnow
from snf.errors import Conflict, ValidationError
from snf.extensions import db
from snf.norms import services
from snf.norms.models import NormVersion, Requirement

SNF_LABELS = ["2014.1", "2017.1", "2021.1", "2024.1", "2025.2"]


def _draft(version="2030.1", source="2024.1"):
    src = services.get_version("SNF", source)
    return services.create_draft_from(None, src, version, now=utcnow())


def test_all_seven_shipped_versions_are_loaded_and_published():
    norms = {n.code: n for n in services.list_norms()}
    assert [v.version for v in norms["SNF"].versions] == SNF_LABELS
    assert len(norms["AGRI"].versions) == 2
    assert all(v.status == "published" for n in norms.values() for v in n.versions)


def test_loading_again_creates_nothing():
    assert services.load_shipped(None, now=utcnow()) == []


def test_version_in_force_follows_effective_dates():
    assert services.find_version_in_force("SNF", date(2017, 4, 30)).version == "2014.1"
    assert services.find_version_in_force("SNF", date(2017, 5, 1)).version == "2017.1"
    assert services.find_version_in_force("SNF", date(2025, 6, 30)).version == "2024.1"
    assert services.find_version_in_force("SNF", date(2025, 7, 1)).version == "2025.2"
    assert services.find_version_in_force("SNF", date(2026, 1, 1)).version == "2025.2"
    assert services.find_version_in_force("SNF", date(2013, 1, 1)) is None


def test_diff_2017_to_2021_adds_laundry_drying_sockets_fire_alarm_and_card():
    diff = services.diff_versions(
        services.get_version("SNF", "2017.1"), services.get_version("SNF", "2021.1")
    )
    added = " ".join(item["title"]["en"].lower() for item in diff["added"])
    for word in (
        "washing machine",
        "dried",
        "sockets",
        "fire-alarm",
        "information card",
    ):
        assert word in added, (word, added)
    assert diff["removed"] == []


def test_diff_shows_threshold_change_with_old_and_new_value():
    draft = _draft()
    req = services.get_requirement(draft, "B-3.1")
    rule = {**req.rule, "params": {"occupants_per_toilet": 6.0}}
    services.update_requirement(None, draft, "B-3.1", {"rule": rule}, now=utcnow())
    diff = services.diff_versions(services.get_version("SNF", "2024.1"), draft)
    [change] = diff["changed"]
    assert change["code"] == "B-3.1"
    assert change["changes"]["rule.params.occupants_per_toilet"] == [8.0, 6.0]


def test_published_version_refuses_changes_in_the_service():
    published = services.get_version("SNF", "2024.1")
    with pytest.raises(Conflict):
        services.update_requirement(
            None, published, "B-3.1", {"severity": "minor"}, now=utcnow()
        )
    with pytest.raises(Conflict):
        services.remove_requirement(None, published, "B-3.1", now=utcnow())
    with pytest.raises(Conflict):
        services.publish_version(None, published, date(2030, 1, 1), now=utcnow())


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE requirements SET severity = 'minor'",
        "DELETE FROM requirements",
        "UPDATE norm_versions SET effective_from = '2001-01-01'",
        "DELETE FROM norm_versions",
        "UPDATE norm_sections SET title_en = 'x'",
    ],
)
def test_published_version_refuses_changes_in_the_database(statement):
    with (
        pytest.raises(DBAPIError, match="cannot be changed"),
        db.session.begin_nested(),
    ):
        db.session.execute(text(statement))


def test_draft_can_be_edited_and_published_and_is_then_frozen():
    draft = _draft()
    services.update_requirement(
        None, draft, "B-2.3", {"severity": "major"}, now=utcnow()
    )
    services.publish_version(None, draft, date(2030, 1, 1), now=utcnow())
    assert draft.status == "published"
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(
            text("UPDATE requirements SET severity = 'minor' WHERE version_id = :v"),
            {"v": draft.id},
        )


def test_every_change_is_audited():
    draft = _draft()
    services.update_requirement(
        None, draft, "B-3.1", {"severity": "minor"}, now=utcnow()
    )
    req = services.get_requirement(draft, "B-3.1")
    [entry] = audit.list_entries_for("requirement", req.id)
    assert entry.before["severity"] == "major" and entry.after["severity"] == "minor"
    assert (
        audit.list_entries_for("norm_version", draft.id)[0].action
        == "norm_version.create"
    )


def test_bad_rule_is_refused_naming_the_field_and_nothing_changes():
    draft = _draft()
    req = services.get_requirement(draft, "B-3.1")
    bad = {**req.rule, "check": "toilets * 8 >= occupants"}  # integer literal
    with pytest.raises(ValidationError) as caught:
        services.update_requirement(None, draft, "B-3.1", {"rule": bad}, now=utcnow())
    assert any("rule" in path for path in caught.value.fields)
    db.session.expire_all()
    assert services.get_requirement(draft, "B-3.1").rule["check"] == req.rule["check"]


def test_add_and_remove_requirement_in_a_draft():
    draft = _draft()
    doc = services.requirement_document(services.get_requirement(draft, "B-2.3"))
    doc["code"] = "B-2.9"
    services.add_requirement(None, draft, "B-2", doc, now=utcnow())
    services.remove_requirement(None, draft, "B-2.3", now=utcnow())
    db.session.expire_all()
    codes = db.session.scalars(
        select(Requirement.code).where(Requirement.version_id == draft.id)
    ).all()
    assert "B-2.9" in codes and "B-2.3" not in codes


def test_duplicate_version_number_is_a_conflict():
    with pytest.raises(Conflict):
        _draft(version="2024.1")


def test_evaluate_explains_living_space():
    version = services.get_version("SNF", "2024.1")
    observations = {
        "use_class": "wonen",
        "occupants": 3,
        "living_area_m2": 33.0,
        "housing_type": "regular_dwelling",
    }
    evaluation = services.evaluate(version, observations, date(2025, 6, 1))
    result = next(r for r in evaluation.results if r.requirement == "B-2.1")
    assert result.outcome == "fail"
    assert "11.0 m² per person" in result.explanation
    assert evaluation.verdict == "non_conform"


def test_evaluate_refuses_malformed_observations_naming_the_field():
    version = services.get_version("SNF", "2024.1")
    with pytest.raises(ValidationError) as caught:
        services.evaluate(version, {"occupants": 0, "toilets": "two"}, date(2025, 1, 1))
    assert {"occupants", "toilets"} <= set(caught.value.fields)


def test_compiled_rules_are_cached_per_published_version():
    version = services.get_version("SNF", "2021.1")
    assert services.compiled(version) is services.compiled(version)


def test_draft_cache_follows_its_content():
    draft = _draft()
    first = services.compiled(draft)
    services.update_requirement(
        None, draft, "B-3.1", {"severity": "minor"}, now=utcnow()
    )
    assert services.compiled(draft) is not first
    assert isinstance(db.session.get(NormVersion, draft.id), NormVersion)
