"""Words for the codes of this package, in the reader's language."""

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "overcrowding": _l("Too many people live here"),
    "bedroom_sharing": _l("Too many people in a bedroom"),
    "heating_hot_water": _l("Heating or hot water"),
    "fire_safety": _l("Fire safety (smoke detector, extinguisher)"),
    "sanitary": _l("Toilets or showers"),
    "kitchen": _l("Kitchen (cooking, fridge)"),
    "damp_mould": _l("Damp, mould or leaks"),
    "other": _l("Something else"),
}

STATUS_LABELS = {
    "received": _l("Received"),
    "triaged": _l("Being assessed"),
    "inspection_planned": _l("An inspection is planned"),
    "substantiated": _l("Confirmed: the housing provider must fix it"),
    "not_substantiated": _l("Not confirmed"),
    "closed": _l("Closed"),
}

CERTIFICATION_LABELS = {
    "valid": _l(
        "Certified today: this location is covered by a valid SNF certificate."
    ),
    "suspended": _l("Not certified today: the certificate is suspended."),
    "struck_off": _l("Not certified: the company was struck off the register."),
    "expired": _l("Not certified today: the certificate has expired."),
    "none": _l("Not certified: this company has no SNF certificate."),
}

LEVEL_LABELS = {"high": _l("high"), "medium": _l("medium"), "low": _l("low")}


def factor_text(code: str, params: dict) -> str:
    """One factor of the risk score, worded."""
    from flask_babel import gettext as _

    category = CATEGORY_LABELS.get(params.get("category"), "")
    texts = {
        "category_major": lambda: _(
            "%(category)s: major requirements of the norm", category=category
        ),
        "category_minor": lambda: _(
            "%(category)s: minor requirements of the norm", category=category
        ),
        "category_unmapped": lambda: _(
            "%(category)s: no requirement of the norm named", category=category
        ),
        "location_complaints": lambda: _(
            "%(n)d other complaint(s) at this location in 90 days", n=params["count"]
        ),
        "company_complaints": lambda: _(
            "%(n)d complaint(s) at the company's other locations in 90 days",
            n=params["count"],
        ),
        "open_major_findings": lambda: _(
            "%(n)d open major finding(s) at this location", n=params["count"]
        ),
        "never_inspected": lambda: _("This location was never inspected"),
        "last_inspection": lambda: _(
            "Last inspection %(n)d days ago", n=params["days"]
        ),
        "certificate": lambda: str(CERTIFICATION_LABELS[params["status"]]),
    }
    return texts[code]()
