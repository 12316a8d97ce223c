"""Verifiers' bulk checks, kept as reports (the register's only writes)."""

from datetime import date, datetime

from snf import audit
from snf.extensions import db
from snf.registry.models import VerificationReport
from snf.registry.verify import verify


def save_report(
    actor, numbers: list, as_of: date, title: str | None, *, now: datetime
) -> VerificationReport:
    """Check the numbers against the register of ``as_of`` and keep the answer."""
    answer = verify(numbers, as_of)
    report = VerificationReport(
        user_id=actor.id,
        organisation_id=actor.organisation_id,
        # Without a title the page names the check in its reader's language.
        title=title or "",
        as_of=as_of,
        count=len(numbers),
        summary=answer["summary"],
        results=[
            {
                **r,
                "valid_until": str(r["valid_until"]) if r.get("valid_until") else None,
            }
            for r in answer["results"]
        ],
    )
    db.session.add(report)
    db.session.flush()
    audit.record(
        actor,
        "verification.run",
        "verification_report",
        report.id,
        now=now,
        after={"count": report.count, "as_of": as_of},
    )
    return report
