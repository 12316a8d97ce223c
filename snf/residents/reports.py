"""Complaints in figures: per quarter and category, the share found
substantiated, and the median days from complaint to inspection. Aggregates
only: no location, company or text."""

from collections import Counter
from datetime import date
from statistics import median

from sqlalchemy import func, select

from snf.extensions import db
from snf.inspections.models import Inspection
from snf.residents.labels import CATEGORY_LABELS
from snf.residents.models import CATEGORIES, Complaint, ComplaintStatusChange

DECIDED = ("substantiated", "not_substantiated")


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def complaint_figures() -> dict:
    """``quarters`` (``[(quarter, {category: n}, total)]``, oldest first),
    ``substantiated_share`` (0..1 or None), ``median_days_to_inspection``."""
    rows = db.session.execute(
        select(
            Complaint.created_at,
            Complaint.category,
            Inspection.inspected_on,
        ).outerjoin(Inspection, Inspection.id == Complaint.inspection_id)
    ).all()
    per_quarter: dict[str, Counter] = {}
    waits = []
    for created, category, inspected in rows:
        per_quarter.setdefault(_quarter(created.date()), Counter())[category] += 1
        if inspected is not None:
            waits.append((inspected - created.date()).days)
    quarters = [
        (q, {c: counts[c] for c in CATEGORIES}, sum(counts.values()))
        for q, counts in sorted(per_quarter.items())
    ]
    decided, substantiated = _decisions()
    return {
        "quarters": quarters,
        "total": len(rows),
        "substantiated_share": substantiated / decided if decided else None,
        "median_days_to_inspection": median(waits) if waits else None,
    }


def _decisions() -> tuple[int, int]:
    """Complaints decided, and found substantiated (the latest decision
    counts, also after the complaint was closed)."""
    query = select(
        ComplaintStatusChange.complaint_id, ComplaintStatusChange.status
    ).where(ComplaintStatusChange.status.in_(DECIDED))
    latest = dict(db.session.execute(query.order_by(ComplaintStatusChange.id)).all())
    return len(latest), sum(1 for s in latest.values() if s == "substantiated")


def waiting_count() -> int:
    """Complaints received and not yet assessed (the home page's count)."""

    query = (
        select(func.count())
        .select_from(Complaint)
        .where(Complaint.status == "received")
    )
    return db.session.scalar(query)


def figures_context() -> dict:
    return {
        "figures": complaint_figures(),
        "categories": CATEGORIES,
        "category_labels": CATEGORY_LABELS,
    }


def home_context() -> dict:
    return {**figures_context(), "waiting": waiting_count()}
