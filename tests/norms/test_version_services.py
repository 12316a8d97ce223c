"""The norm services as an editor and a reader meet them: who sees drafts,
which version applies, what each change records in the audit log, and the
refusals with the message and field a form or API caller gets."""

from datetime import UTC, date, datetime

import pytest

from snf import audit
from snf.errors import Conflict, NotFound, ValidationError
from snf.extensions import db
from snf.norms import services
from snf.norms.models import NormVersion
from tests.factories import make_user

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def _draft(version="2030.1", actor=None):
    source = services.get_version("SNF", "2024.1")
    return services.create_draft_from(actor, source, version, now=NOW)


def _requirement(code, section="S-1", title="Toilet"):
    return {
        "code": code,
        "title": {"nl": f"{title} nl", "en": f"{title} en"},
        "guidance": {"nl": f"Kijk {code}", "en": f"Look {code}"},
        "severity": "minor",
        "part": "location",
        "applies_to": ["regular_dwelling", "hotel_pension"],
        "effective_from": "2031-02-01",
        "rule": None,
    }


def _new_norm_doc(code="TST", version="2031.1"):
    return {
        "norm": {"code": code, "name": f"Norm {code}", "sector": "general"},
        "version": version,
        "effective_from": "2031-01-01",
        "settings": {
            "major_finding_days": 10,
            "suspension_days": 20,
            "minor_becomes_major": False,
        },
        "sections": [
            {
                "code": "S-1",
                "title": {"nl": "Eerste", "en": "First"},
                "requirements": [_requirement("S-1.1"), _requirement("S-1.2")],
            },
            {
                "code": "S-2",
                "title": {"nl": "Tweede", "en": "Second"},
                "requirements": [_requirement("S-2.1")],
            },
        ],
    }


def _entry(obj_type, obj_id, action):
    [entry] = [
        e for e in audit.list_entries_for(obj_type, obj_id) if e.action == action
    ]
    return entry


# -- reading -----------------------------------------------------------------


def test_readers_list_no_drafts_even_after_staff_loaded_them():
    _draft()
    services.create_version(None, _new_norm_doc("AAA"), now=NOW)
    with_drafts = {n.code: n for n in services.list_norms()}
    assert [n.code for n in services.list_norms()] == ["AAA", "AGRI", "SNF"]
    assert "2030.1" in [v.version for v in with_drafts["SNF"].versions]
    # the same Norm objects, already loaded with their drafts in this session
    without = {n.code: n for n in services.list_norms(include_drafts=False)}
    assert list(without) == ["AAA", "AGRI", "SNF"]
    assert "2030.1" not in [v.version for v in without["SNF"].versions]
    assert without["AAA"].versions == []


def test_a_draft_is_not_found_for_readers_and_found_for_staff():
    draft = _draft()
    assert services.get_visible_version(make_user(role="admin"), "SNF", "2030.1") == (
        draft
    )
    with pytest.raises(NotFound) as caught:
        services.get_visible_version(make_user(role="inspector"), "SNF", "2030.1")
    assert caught.value.message == "Version 2030.1 of norm SNF does not exist."
    published = services.get_visible_version(
        make_user(role="inspector"), "SNF", "2024.1"
    )
    assert published.version == "2024.1"


def test_unknown_norm_and_version_are_not_found_by_name():
    with pytest.raises(NotFound) as caught:
        services.get_norm("XYZ")
    assert caught.value.message == "Norm XYZ does not exist."
    assert services.get_norm("AGRI").code == "AGRI"
    with pytest.raises(NotFound) as caught:
        services.get_version("SNF", "1999.1")
    assert caught.value.message == "Version 1999.1 of norm SNF does not exist."


def test_a_draft_never_applies_and_is_not_the_latest_published():
    draft = _draft()
    draft.effective_from = date(2026, 1, 1)
    db.session.flush()
    assert services.find_version_in_force("SNF", date(2026, 6, 1)).version == "2025.2"
    assert services.latest_published(draft.norm).version == "2025.2"


def test_a_norm_with_only_a_draft_has_no_latest_published_version():
    version = services.create_version(None, _new_norm_doc(), now=NOW)
    assert services.latest_published(version.norm) is None


def test_next_version_suggested_is_the_first_free_serial_of_the_year():
    norm = services.get_norm("SNF")
    assert services.suggest_next_version(norm, date(2026, 12, 6)) == "2026.1"
    _draft("2026.1")
    _draft("2026.2")
    db.session.expire(norm, ["versions"])
    assert services.suggest_next_version(norm, date(2026, 12, 6)) == "2026.3"


def test_requirement_not_in_the_version_is_not_found_by_code():
    with pytest.raises(NotFound) as caught:
        services.get_requirement(services.get_version("SNF", "2024.1"), "Z-9")
    assert caught.value.message == "Requirement Z-9 does not exist in this version."


# -- creating ----------------------------------------------------------------


def test_a_version_of_a_new_norm_keeps_every_field_in_document_order():
    version = services.create_version(None, _new_norm_doc(), now=NOW)
    db.session.expire_all()
    version = services.get_version("TST", "2031.1")
    norm = version.norm
    assert (norm.code, norm.name, norm.sector) == ("TST", "Norm TST", "general")
    assert (version.status, version.effective_from) == ("draft", date(2031, 1, 1))
    assert version.settings == {
        "major_finding_days": 10,
        "suspension_days": 20,
        "minor_becomes_major": False,
    }
    assert [(s.code, s.position, s.title_nl, s.title_en) for s in version.sections] == [
        ("S-1", 0, "Eerste", "First"),
        ("S-2", 1, "Tweede", "Second"),
    ]
    reqs = version.requirements
    assert [(r.code, r.position, r.section.code) for r in reqs] == [
        ("S-1.1", 1, "S-1"),
        ("S-1.2", 2, "S-1"),
        ("S-2.1", 3, "S-2"),
    ]
    assert services.requirement_document(reqs[2]) == {
        **_requirement("S-2.1"),
        "effective_from": date(2031, 2, 1),
    }


def test_dates_inside_a_rule_are_stored_as_iso_strings():
    source = services.get_version("SNF", "2025.2")
    services.create_draft_from(None, source, "2030.1", now=NOW)
    db.session.expire_all()
    draft = services.get_version("SNF", "2030.1")
    [dated] = [
        r
        for r in draft.requirements
        if "new_build_from" in (r.rule or {}).get("params", {})
    ]
    assert dated.rule["params"]["new_build_from"] == "2025-07-01"


def test_creating_a_version_is_audited_with_its_source():
    admin = make_user(role="admin")
    draft = _draft(actor=admin)
    entry = _entry("norm_version", draft.id, "norm_version.create")
    assert entry.actor == admin.email
    source = services.get_version("SNF", "2024.1")
    assert draft.based_on_id == source.id
    assert entry.after == {"label": "SNF 2030.1", "based_on": source.id}
    fresh = services.create_version(admin, _new_norm_doc(), now=NOW)
    assert fresh.based_on_id is None
    assert _entry("norm_version", fresh.id, "norm_version.create").after == {
        "label": "TST 2031.1",
        "based_on": None,
    }


def test_an_existing_version_number_is_refused_on_the_version_field():
    services.create_version(None, _new_norm_doc(), now=NOW)
    with pytest.raises(Conflict) as caught:
        services.create_version(None, _new_norm_doc(), now=NOW)
    message = "Version 2031.1 already exists."
    assert caught.value.message == message
    assert caught.value.fields == {"version": [message]}


# -- changing ----------------------------------------------------------------


def test_a_published_version_refuses_a_change_naming_itself():
    with pytest.raises(Conflict) as caught:
        services.delete_draft(None, services.get_version("SNF", "2024.1"), now=NOW)
    assert caught.value.message == (
        "SNF 2024.1 is published and can no longer be changed; "
        "create a new draft version instead."
    )


def test_publishing_dates_the_version_and_is_audited():
    admin = make_user(role="admin")
    draft = _draft()
    services.publish_version(admin, draft, date(2031, 3, 1), now=NOW)
    db.session.expire_all()
    published = services.get_version("SNF", "2030.1")
    assert published.status == "published"
    assert published.effective_from == date(2031, 3, 1)
    assert published.published_at == NOW
    entry = _entry("norm_version", draft.id, "norm_version.publish")
    assert (entry.actor, entry.object_type) == (admin.email, "norm_version")
    assert entry.after == {"label": "SNF 2030.1", "effective_from": "2031-03-01"}


def test_deleting_a_draft_removes_it_and_keeps_its_document_in_the_log():
    admin = make_user(role="admin")
    draft = _draft()
    draft_id, document = draft.id, services.json_document(draft)
    services.delete_draft(admin, draft, now=NOW)
    assert db.session.get(NormVersion, draft_id) is None
    entry = _entry("norm_version", draft_id, "norm_version.delete")
    assert entry.actor == admin.email
    assert entry.before == document


def test_updating_a_requirement_keeps_its_code_and_is_audited():
    admin = make_user(role="admin")
    draft = _draft()
    req = services.get_requirement(draft, "B-2.3")
    before = services.requirement_document(req)
    services.update_requirement(
        admin, draft, "B-2.3", {"severity": "major", "code": "B-2.8"}, now=NOW
    )
    db.session.expire_all()
    req = services.get_requirement(services.get_version("SNF", "2030.1"), "B-2.3")
    assert req.severity == "major"
    entry = _entry("requirement", req.id, "requirement.update")
    assert (entry.actor, entry.note) == (admin.email, "SNF 2030.1")
    assert entry.before == audit._jsonable(before)
    assert entry.after == audit._jsonable({**before, "severity": "major"})


def test_an_added_requirement_goes_last_in_its_section_and_is_audited():
    admin = make_user(role="admin")
    version = services.create_version(None, _new_norm_doc(), now=NOW)
    req = services.add_requirement(
        admin, version, "S-1", _requirement("S-1.3"), now=NOW
    )
    db.session.expire_all()
    version = services.get_version("TST", "2031.1")
    assert [r.code for r in version.sections[0].requirements] == [
        "S-1.1",
        "S-1.2",
        "S-1.3",
    ]
    assert services.get_requirement(version, "S-1.3").position == 4
    entry = _entry("requirement", req.id, "requirement.add")
    assert (entry.actor, entry.object_type, entry.note) == (
        admin.email,
        "requirement",
        "TST 2031.1",
    )
    assert entry.after == audit._jsonable(_requirement("S-1.3"))


def test_adding_to_an_unknown_section_or_with_a_taken_code_names_the_field():
    version = services.create_version(None, _new_norm_doc(), now=NOW)
    with pytest.raises(ValidationError) as caught:
        services.add_requirement(None, version, "S-9", _requirement("S-9.1"), now=NOW)
    assert caught.value.fields == {"section": ["This section does not exist."]}
    with pytest.raises(Conflict) as caught:
        services.add_requirement(None, version, "S-2", _requirement("S-1.1"), now=NOW)
    message = "A requirement with this code already exists."
    assert caught.value.fields == {"code": [message]}


def test_removing_a_requirement_is_audited_with_what_it_was():
    admin = make_user(role="admin")
    draft = _draft()
    req = services.get_requirement(draft, "B-2.3")
    req_id, document = req.id, services.requirement_document(req)
    services.remove_requirement(admin, draft, "B-2.3", now=NOW)
    entry = _entry("requirement", req_id, "requirement.remove")
    assert (entry.actor, entry.object_type, entry.object_id, entry.note) == (
        admin.email,
        "requirement",
        str(req_id),
        "SNF 2030.1",
    )
    assert entry.before == audit._jsonable(document)
    assert entry.after is None


def test_replacing_a_draft_keeps_its_norm_and_number_and_is_audited():
    admin = make_user(role="admin")
    draft = _draft()
    before = services.json_document(draft)
    doc = _new_norm_doc("OTHER", "2099.9")
    services.replace_draft(admin, draft, doc, now=NOW)
    db.session.expire_all()
    draft = services.get_version("SNF", "2030.1")
    assert draft.effective_from == date(2031, 1, 1)
    assert draft.settings == doc["settings"]
    assert [s.code for s in draft.sections] == ["S-1", "S-2"]
    assert [(r.code, r.position) for r in draft.requirements] == [
        ("S-1.1", 1),
        ("S-1.2", 2),
        ("S-2.1", 3),
    ]
    assert services.get_norm("SNF") is draft.norm
    entry = _entry("norm_version", draft.id, "norm_version.replace")
    assert (entry.actor, entry.object_type) == (admin.email, "norm_version")
    assert entry.before == before
    assert entry.after == services.json_document(draft)
    assert entry.after["norm"]["code"] == "SNF"
    assert entry.after["version"] == "2030.1"


def test_replacing_a_published_version_is_refused():
    with pytest.raises(Conflict):
        services.replace_draft(
            None, services.get_version("SNF", "2024.1"), _new_norm_doc(), now=NOW
        )


def test_loading_shipped_versions_publishes_and_names_only_the_new_ones(monkeypatch):
    shipped = services.load_shipped_versions()
    [snf_2024] = [
        d for d in shipped if d["norm"]["code"] == "SNF" and d["version"] == "2024.1"
    ]
    # the shipped files as they would be with one more version among them
    new = {**snf_2024, "version": "2040.1", "effective_from": date(2040, 1, 1)}
    monkeypatch.setattr(services, "load_shipped_versions", lambda: [*shipped, new])
    admin = make_user(role="admin")
    assert services.load_shipped(admin, now=NOW) == ["SNF 2040.1"]
    db.session.expire_all()
    loaded = services.get_version("SNF", "2040.1")
    assert (loaded.status, loaded.effective_from) == ("published", date(2040, 1, 1))
    assert loaded.published_at == NOW
    entries = audit.list_entries_for("norm_version", loaded.id)
    assert [(e.action, e.actor) for e in entries] == [
        ("norm_version.create", admin.email),
        ("norm_version.publish", admin.email),
    ]
    assert len(services.get_norm("SNF").versions) == 6


def test_a_requirement_added_to_an_emptied_draft_is_its_first():
    doc = _new_norm_doc()
    doc["sections"] = doc["sections"][1:]  # one section, one requirement
    version = services.create_version(None, doc, now=NOW)
    services.remove_requirement(None, version, "S-2.1", now=NOW)
    db.session.expire_all()
    version = services.get_version("TST", "2031.1")
    assert version.requirements == []
    services.add_requirement(None, version, "S-2", _requirement("S-2.5"), now=NOW)
    db.session.expire_all()
    version = services.get_version("TST", "2031.1")
    assert [(r.code, r.position) for r in version.requirements] == [("S-2.5", 1)]
