"""Shared set-up for the reliability tests: many started inspections made fast
(the services, in one transaction, committed once), fresh databases, and a
table-by-table row count."""

import itertools
import os
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import create_engine, text

from snf.auth import services as auth
from snf.database import local_today, utcnow
from snf.extensions import db
from snf.inspections import locations, services
from tests.inspections_factories import CONFORM_2024

PG_URL = os.environ.get("SNF_TEST_DATABASE_URL")
STRESS = os.environ.get("SNF_STRESS") == "1"
# Fails a few requirements, so every submission makes findings.
FAILING = {**CONFORM_2024, "occupants": 9, "beds": 9}
PASSWORD = "a long enough password"
_batches = itertools.count(1)


@dataclass
class Seed:
    """What bulk_started_inspections made: ids and bearer headers."""

    company_kvk: str
    inspection_ids: list[int] = field(default_factory=list)
    # inspection id -> the Authorization header of its inspector
    headers: dict[int, dict[str, str]] = field(default_factory=dict)
    company_headers: dict[str, str] = field(default_factory=dict)
    # SNF staff: they register a company's new address at once (201); a
    # company's own registration is a request (202, issue 14).
    staff_headers: dict[str, str] = field(default_factory=dict)


def _address(batch: int, n: int) -> dict:
    """A unique address per batch and number (postcode 1001 AA, 1002 AA, ...)."""
    return {
        "street": "Stormweg",
        "house_number": n + 1,
        "postcode": f"{1000 + batch:04d} RL",
        "town": "Naaldwijk",
        "housing_type": "regular_dwelling",
        "use_class": "wonen",
        "beds": 9,
    }


def _token(user, now) -> dict[str, str]:
    token, _ = auth.issue_token(user, now=now, lifetime=timedelta(hours=2))
    return {"Authorization": f"Bearer {token}"}


def bulk_started_inspections(n: int, *, inspectors: int = 8) -> Seed:
    """``n`` inspections, each at its own location, started today with
    failing observations; one company, ``inspectors`` inspectors with tokens.
    Call inside an app context; commits."""
    batch, now, today = next(_batches), utcnow(), local_today()
    body = auth.create_organisation(
        None, kind="inspection_body", now=now, name=f"Storm body {batch}"
    )
    company = auth.create_organisation(
        None,
        kind="company",
        now=now,
        name=f"Storm BV {batch}",
        kvk=f"{86_000_000 + batch}",
    )
    staff = [_user(f"i{batch}-{k}", "inspector", body, now) for k in range(inspectors)]
    tokens = [_token(user, now) for user in staff]
    seed = Seed(company.kvk)
    seed.company_headers = _token(_user(f"c{batch}", "company", company, now), now)
    snf = auth.create_organisation(None, kind="snf", now=now, name=f"SNF {batch}")
    seed.staff_headers = _token(_user(f"a{batch}", "admin", snf, now), now)
    for i in range(n):
        inspector = staff[i % inspectors]
        inspection = _started(company, inspector, _address(batch, i), now, today)
        seed.inspection_ids.append(inspection.id)
        seed.headers[inspection.id] = tokens[i % inspectors]
    db.session.commit()
    return seed


def _started(company, inspector, address: dict, now, today):
    """One location, its inspection planned, started and filled in."""
    location, _ = locations.register_location(None, company, address, now=now)
    inspection = services.schedule_inspection(
        None,
        company=company,
        location=location,
        kind="periodic",
        announced=True,
        scheduled_for=today,
        inspector=inspector,
        now=now,
    )
    services.start_inspection(inspector, inspection, today=today, now=now)
    services.save_observations(inspector, inspection, FAILING, if_match=None, now=now)
    return inspection


def _user(name: str, role: str, organisation, now):
    return auth.create_user(
        None,
        email=f"{name}@storm.example",
        password=PASSWORD,
        role=role,
        organisation=organisation,
        now=now,
    )


def release() -> None:
    """Close the session and every pooled connection of the app in context
    (before its database is dropped or replaced)."""
    db.session.remove()
    db.engine.dispose()


def fresh_postgres(name: str) -> tuple[str, callable]:
    """A new, empty PostgreSQL database next to SNF_TEST_DATABASE_URL and a
    function that drops it. Names start with ``snf_rel_``."""
    assert name.startswith("snf_rel_")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_URL.rsplit("/", 1)[0] + "/" + name, drop
