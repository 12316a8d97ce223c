import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from snf import audit
from snf.audit import AuditEntry
from snf.database import utcnow
from snf.extensions import db
from tests.factories import make_user


def test_creating_a_user_is_audited_with_after_state():
    user = make_user(role="admin")
    entries = audit.list_entries_for("user", user.id)
    assert [e.action for e in entries] == ["user.create"]
    assert entries[0].after["email"] == user.email
    assert "password" not in str(entries[0].after)


def test_chain_verifies_and_detects_a_changed_entry():
    make_user()
    assert audit.verify_chain() == []
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    # Tamper behind the app's back: detach the ORM object and change a copy.
    db.session.expunge(entry)
    entry.actor = "mallory"
    assert entry.hash != audit.entry_hash(entry.prev_hash, audit._hashed_fields(entry))


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"]
)
def test_database_refuses_changes_to_the_audit_log(statement):
    make_user()
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(statement))


def test_entries_record_actor_and_time():
    admin = make_user(role="admin")
    now = utcnow()
    entry = audit.record(admin, "thing.do", "thing", 7, now=now, before={"a": 1})
    assert entry.actor == admin.email and entry.actor_id == admin.id
    assert entry.at == now and entry.before == {"a": 1}
