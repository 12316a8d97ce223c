"""Status reasons are stored as a code with parameters and read in the
reader's language; what staff type is kept as typed."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale

from snf.certificates import lifecycle
from snf.certificates.reasons import RENDERERS, reason, render, text_of
from snf.database import utcnow
from snf.extensions import db
from tests.certificates_factories import make_registered
from tests.factories import login, make_user

MIGRATION = next(
    Path(__file__).resolve().parents[2].glob("migrations/versions/*reasons_as_codes.py")
)


def _migration():
    spec = importlib.util.spec_from_file_location("reasons_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _suspended(company):
    return lifecycle.record(
        None,
        company.id,
        "suspend",
        effective=date(2025, 2, 11),
        reason=reason("major_overdue", code="B-3.1", due=date(2025, 2, 10)),
        now=utcnow(),
    )


def test_a_coded_reason_is_stored_as_code_and_params_not_as_a_sentence():
    company, _ = make_registered()
    change = _suspended(company)
    assert change.reason == ""
    assert change.reason_code == "major_overdue"
    assert change.reason_params == {"code": "B-3.1", "due": "2025-02-10"}


def test_a_coded_reason_reads_in_each_language_with_its_dates():
    company, _ = make_registered()
    change = _suspended(company)
    with force_locale("nl"):
        assert (
            text_of(change)
            == "Zware tekortkoming B-3.1 niet opgelost vóór 10 februari 2025"
        )
    with force_locale("en"):
        assert text_of(change) == "Major finding B-3.1 not closed by 10 February 2025"


def test_strike_off_reason_uses_the_plural_of_its_days():
    one = reason("suspension_unresolved", since=date(2025, 1, 1), code="B-1", days=1)
    many = reason("suspension_unresolved", since=date(2025, 1, 1), code="B-1", days=30)
    with force_locale("nl"):
        assert render(*one).endswith("na 1 dag nog open")
        assert render(*many).endswith("na 30 dagen nog open")
    with force_locale("en"):
        assert render(*one).endswith("after 1 day")


def test_every_code_renders_in_both_languages_differently():
    params = {
        "number": "SNF-2025-00001",
        "code": "B-3.1",
        "due": "2025-02-10",
        "since": "2025-02-11",
        "days": 30,
        "valid_until": "2026-01-05",
        "inspected_on": "2025-12-01",
    }
    for code in RENDERERS:
        with force_locale("nl"):
            dutch = render(code, params)
        with force_locale("en"):
            english = render(code, params)
        assert dutch and english and dutch != english, code


def test_a_typed_reason_is_kept_as_typed_in_every_language():
    assert render(None, None, "Brandtrap geblokkeerd") == "Brandtrap geblokkeerd"
    with force_locale("en"):
        assert render(None, None, "Brandtrap geblokkeerd") == "Brandtrap geblokkeerd"


def test_company_page_and_register_api_give_the_reason_in_the_readers_language(client):
    company, _ = make_registered()
    _suspended(company)
    login(client, make_user(role="admin"))
    client.get("/language/nl")
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "niet opgelost vóór 10 februari 2025" in page
    assert "not closed by" not in page
    api = f"/api/v1/registry/companies/{company.kvk}"
    english = client.get(api, headers={"Accept-Language": "en"}).get_json()
    dutch = client.get(api, headers={"Accept-Language": "nl"}).get_json()
    assert english["history"][-1]["reason"].startswith("Major finding B-3.1")
    assert dutch["history"][-1]["reason"].startswith("Zware tekortkoming B-3.1")
    feed = client.get("/api/v1/registry/changes", headers={"Accept-Language": "nl"})
    reasons = [item["reason"] for item in feed.get_json()["items"]]
    assert "Aanmelding voor registratie" in reasons


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("Application for registration", "applied", {}),
        ("Aanmelding voor registratie", "applied", {}),
        ("Certificate SNF-2025-00003 issued", "issued", {"number": "SNF-2025-00003"}),
        (
            "Major finding B-3.1 not closed by 2025-02-10",
            "major_overdue",
            {"code": "B-3.1", "due": "2025-02-10"},
        ),
        (
            "Zware tekortkoming B-3.1 niet opgelost vóór 2025-02-10",
            "major_overdue",
            {"code": "B-3.1", "due": "2025-02-10"},
        ),
        (
            "Suspended since 2025-02-11 and finding B-3.1 still open after 30 days",
            "suspension_unresolved",
            {"since": "2025-02-11", "code": "B-3.1", "days": 30},
        ),
        (
            "Certificaat SNF-2025-00001 niet verlengd; geldig tot 2026-01-05",
            "not_renewed",
            {"number": "SNF-2025-00001", "valid_until": "2026-01-05"},
        ),
        ("Fire exits blocked", None, None),
    ],
)
def test_migration_recognises_the_sentences_the_system_wrote(text, code, params):
    parsed = _migration().parse(text)
    assert parsed == ((code, params) if code else None)


def test_migration_downgrade_writes_every_code_back_as_english():
    module = _migration()
    assert set(module.ENGLISH) == set(RENDERERS)
    for text in [
        "Major finding B-3.1 not closed by 2025-02-10",
        "Suspended since 2025-02-11 and finding B-3.1 still open after 30 days",
        "Certificate SNF-2025-00003 issued",
    ]:
        assert module._english(*module.parse(text)) == text


@pytest.mark.no_db
def test_upgrade_converts_existing_rows_and_keeps_the_history_append_only(
    tmp_path, tmp_path_factory
):
    """On a database of its own (SQLite, or PostgreSQL with SNF_TEST_DATABASE_URL)."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import create_engine, text

    from snf import create_app
    from snf.config import TestConfig
    from tests.conftest import _fresh_database

    url, drop = _fresh_database(tmp_path_factory)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        SNF_KEYS_PATH = str(tmp_path / "keys")

    app = create_app(Config)
    engine = create_engine(Config.SQLALCHEMY_DATABASE_URI)
    with app.app_context():
        upgrade(revision="a1b2c3d4e5f6")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisations (id, kind, name, created_at) "
                    "VALUES (1, 'company', 'Old BV', '2025-01-01 00:00:00')"
                )
            )
            for row_id, reason in [
                (1, "Aanmelding voor registratie"),
                (2, "Fire exits blocked"),
            ]:
                connection.execute(
                    text(
                        "INSERT INTO status_changes (id, company_id, status, "
                        "effective, action, reason, recorded_at) VALUES "
                        "(:id, 1, 'applied', '2025-01-01', 'apply', :reason, "
                        "'2025-01-01 00:00:00')"
                    ),
                    {"id": row_id, "reason": reason},
                )
        upgrade()
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT reason, reason_code FROM status_changes ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [
                ("", "applied"),
                ("Fire exits blocked", None),
            ]
            with pytest.raises(Exception, match="append-only"):
                connection.execute(text("UPDATE status_changes SET reason = 'x'"))
        downgrade(revision="a1b2c3d4e5f6")
        with engine.connect() as connection:
            reasons = connection.execute(
                text("SELECT reason FROM status_changes ORDER BY id")
            ).scalars()
            assert list(reasons) == [
                "Application for registration",
                "Fire exits blocked",
            ]
        db.engine.dispose()
    engine.dispose()
    drop()
