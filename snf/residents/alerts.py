"""SNF staff hear of a new high-risk complaint by mail (``notify_staff``), once
the complaint is stored: its address and a link to it, never its text or the
resident's contact (a mail travels further than the triage queue)."""

from datetime import date, datetime

from flask import url_for

from snf.certificates.rendering import public_base_url
from snf.notify import notify_staff
from snf.residents.models import Complaint
from snf.residents.risk import risks_for


def alert_staff_if_high_risk(complaint: Complaint, *, today: date, now: datetime):
    """Mail staff (as a job) when ``complaint`` scores high; the job id or None."""
    risk = risks_for([complaint], today, now)[complaint.id]
    if risk.level != "high":
        return None
    path = url_for("complaints.complaint", complaint_id=complaint.id)
    params = {"subject": complaint.location.address, "url": public_base_url() + path}
    return notify_staff("complaint_high_risk", params)
