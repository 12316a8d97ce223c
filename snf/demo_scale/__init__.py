"""Demo data at national scale (DOMAIN.md §1): ``flask --app snf demo --scale N``.

N companies (700 give ~20,000 locations and ~145,000 beds), each location with
one submitted periodic inspection of the last twelve months, judged by the
real rules of the norm version in force on its date; and each company with its
registration history since 2014 (history.py): applications, certificates
renewed yearly and covering its locations, suspensions, strike-offs and
applications again, so that the register answers for any date since 2014
(about 85-90 % of N registered today, some already on ABU's 2014-08-01).

Fast on purpose: rows go in with SQLAlchemy Core ``insert()`` in batches
(run.py); no audit entries for the generated rows (the inspection bodies and
inspector accounts do go through the services and are audited), and status
changes go in without ``lifecycle.record``: they are planned to respect its
TRANSITIONS, which tests/test_demo_scale.py checks by replaying them.

Company i always gets the same KvK number, in 85000000-85999999 (a range the
demo and the test factories don't use), and its own random streams: companies
whose KvK number exists are skipped with everything under them, so a second
run adds nothing and ``--scale 800`` after ``--scale 700`` adds 100.

A later step is a ``Step`` appended to ``STEPS``: ``run(run) -> counts`` does
the work, reading the plan and the ids the earlier steps stored in it, and
calls ``run.advance(n)``; ``units(run)`` says beforehand how many units it
will advance, for the progress bar.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from snf.auth import services as auth
from snf.auth.models import Organisation
from snf.demo_scale.data import BODIES
from snf.demo_scale.inspections import (
    insert_companies,
    insert_inspections,
    insert_locations,
)
from snf.demo_scale.plan import kvk, plan_company
from snf.demo_scale.registrations import (
    insert_applications,
    insert_certificates,
    insert_status_changes,
    periods,
)
from snf.demo_scale.run import BATCH, Run, Step
from snf.extensions import db
from snf.inspections.models import Location

__all__ = ["STEPS", "Run", "Step", "generate"]


def generate(
    n_companies: int, *, now: datetime, seed: int = 2014, progress=None, sign=None
):
    """Create up to ``n_companies`` generated companies with their locations,
    inspections and registration histories; flushes, the caller commits.
    ``sign(fields) -> payload`` signs certificates (default: the app's key
    ring). Returns counts of what was made."""
    if sign is None:
        from snf.certificates.keys import signer

        sign = signer()
    inspectors = _inspectors(now)
    index = range(n_companies)
    existing = _existing_kvks([kvk(i) for i in index])
    run = Run(now=now, progress=progress, names=_company_names(), sign=sign)
    taken = _taken_addresses()
    for i in (i for i in index if kvk(i) not in existing):
        plan_company(run, seed, i, inspectors, taken)
    run.total = sum(step.units(run) for step in STEPS)
    counts = {
        "skipped_companies": len(existing),
        "inspection_bodies": len(inspectors),
        "inspectors": sum(map(len, inspectors)),
    }
    for step in STEPS:
        counts.update(step.run(run))
    return counts


def _existing_kvks(kvks: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(kvks), BATCH):
        chunk = kvks[start : start + BATCH]
        query = select(Organisation.kvk).where(Organisation.kvk.in_(chunk))
        found.update(db.session.scalars(query))
    return found


def _company_names() -> set[str]:
    query = select(Organisation.name).where(Organisation.kind == "company")
    return set(db.session.scalars(query))


def _taken_addresses() -> set[tuple[str, int]]:
    query = select(Location.postcode, Location.house_number).where(
        Location.house_letter == "", Location.house_addition == ""
    )
    return {(p, n) for p, n in db.session.execute(query)}


def _inspectors(now: datetime) -> list[list]:
    """The generated inspection bodies and their inspectors (few: hashing is slow)."""
    password = current_app.config["DEMO_PASSWORD"]
    bodies = []
    for name, body_kvk, town, domain, people in BODIES:
        body = auth.find_organisation(name) or auth.create_organisation(
            None, kind="inspection_body", name=name, kvk=body_kvk, town=town, now=now
        )
        users = []
        for person in people:
            email = person.lower().replace(" ", ".") + "@" + domain
            user = auth.find_user_by_email(email) or auth.create_user(
                None, email=email, password=password, role="inspector",
                organisation=body, now=now, name=person,
            )  # fmt: skip
            users.append(user)
        bodies.append(users)
    return bodies


def _changes(run: Run) -> int:
    return sum(len(period.changes) for _company, period in periods(run))


# Run in order. Append later steps here.
STEPS: list[Step] = [
    Step(insert_companies, lambda run: len(run.companies)),
    Step(insert_locations, lambda run: len(run.locations)),
    Step(insert_inspections, lambda run: len(run.visits)),
    Step(insert_applications, lambda run: len(periods(run))),
    Step(
        insert_certificates,
        lambda run: sum(1 for _c, p in periods(run) if p.registered_on),
    ),
    Step(insert_status_changes, _changes),
]
