"""Words for the codes of this domain, in the user's language."""

from flask_babel import lazy_gettext as _l

from snf.inspections.forms import KIND_LABELS

STATUS_LABELS = {
    "planned": _l("planned"),
    "in_progress": _l("in progress"),
    "submitted": _l("submitted"),
}
VERDICT_LABELS = {"conform": _l("conform"), "non_conform": _l("not conform")}
OUTCOME_LABELS = {
    "pass": _l("pass"),
    "fail": _l("fail"),
    "not_applicable": _l("not applicable"),
    "not_answered": _l("not answered"),
}
FINDING_STATUS_LABELS = {
    "open": _l("open"),
    "repair_submitted": _l("repair letter sent"),
    "reinspection": _l("re-inspection ordered"),
    "closed": _l("closed"),
}
SEVERITY_LABELS = {"major": _l("major"), "minor": _l("minor")}


def all_labels() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "status_labels": STATUS_LABELS,
        "verdict_labels": VERDICT_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "finding_status_labels": FINDING_STATUS_LABELS,
        "severity_labels": SEVERITY_LABELS,
    }
