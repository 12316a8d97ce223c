"""What every template can use: permissions, language, navigation."""

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from snf.auth.permissions import can

# The order of the menu follows the work: today's inspections first.
ORDER = (
    "inspections.list_inspections",
    "inspections.list_findings",
    "inspections.list_locations",
    "certificates.my_registration",
    "certificates.applications",
    "certificates.companies",
    "registry.search",
    "registry.verifications",
    "norms.index",
    "inspections.whatif_page",
    "certificates.claims_list",
    "inspections.location_requests",
)


def add_navigation(app: Flask, endpoint: str, label, action: str | None = None) -> None:
    """A menu entry, shown to whoever ``action`` allows (everyone if None);
    each domain's ``init_app`` adds its own. Adding it again is a no-op."""
    entries = app.extensions.setdefault("snf_navigation", [])
    if all(entry[0] != endpoint for entry in entries):
        entries.append((endpoint, label, action))


def add_panel(app: Flask, place: str, template: str, context, action=None) -> None:
    """A section a package adds to a page it does not own (``place``: "home",
    "statistics"), so the page's package need not import it. ``context()``
    gives the template's variables; shown to whoever ``action`` allows
    (everyone if None). Adding it again is a no-op."""
    panels = app.extensions.setdefault("snf_panels", {}).setdefault(place, [])
    if all(entry[0] != template for entry in panels):
        panels.append((template, context, action))


def _panels(place: str, obj=None) -> list[str]:
    """The panels' HTML, rendered (and escaped) by their own templates. With
    ``obj`` (the page's object) the action is checked on it and ``context``
    gets it; a context of None shows nothing."""
    shown = []
    registered = current_app.extensions.get("snf_panels", {}).get(place, [])
    for template, context, action in registered:
        if action is not None and not can(current_user, action, obj):
            continue
        values = context() if obj is None else context(obj)
        if values is not None:
            shown.append(render_template(template, **values))
    return shown


def _position(entry) -> int:
    return ORDER.index(entry[0]) if entry[0] in ORDER else len(ORDER)


def _navigation():
    return [
        (endpoint, label)
        for endpoint, label, action in sorted(
            current_app.extensions.get("snf_navigation", []), key=_position
        )
        if action is None or can(current_user, action)
    ]


# The agricultural mark by its name; SNF is the mark everyone knows.
MARK_LABELS = {"SNF": "SNF", "AGRI": _l("AGRI (agricultural mark)")}


def _choice_label(labels: dict, code):
    """A stored code in the reader's language (the code itself if unknown)."""
    label = labels.get(code)
    if isinstance(label, dict):  # {"en": ..., "nl": ...}
        return label.get(str(get_locale()), label.get("en", code))
    return label if label is not None else code


def _labels():
    from snf.certificates.reasons import day, text_of
    from snf.inspections.forms import KIND_LABELS
    from snf.norms.observations import HOUSING_TYPE_LABELS, SEASON_LABELS

    return {
        "reason_text": text_of,
        "housing_label": lambda code: _choice_label(HOUSING_TYPE_LABELS, code),
        "use_class_label": lambda code: _choice_label(USE_CLASS_LABELS, code),
        "kind_label": lambda code: _choice_label(KIND_LABELS, code),
        "season_label": lambda code: _choice_label(SEASON_LABELS, code),
        "mark_label": lambda code: _choice_label(MARK_LABELS, code),
    }, {"day": lambda value: day(value) if value else ""}


def register(app: Flask) -> None:
    functions, filters = _labels()
    app.jinja_env.globals.update(functions)
    app.jinja_env.filters.update(filters)

    @app.context_processor
    def _context():
        return {
            "can": lambda action, obj=None: can(current_user, action, obj),
            "current_locale": str(get_locale()),
            "navigation": _navigation(),
            "panels": _panels,
            "role_labels": ROLE_LABELS,
            "request_path": request.full_path.rstrip("?"),
        }


# The use class of a building (DOMAIN.md §2.1), in the reader's words.
USE_CLASS_LABELS = {"wonen": _l("living"), "logies": _l("lodging")}
ROLE_LABELS = {
    "admin": _l("SNF staff"),
    "inspector": _l("Inspector"),
    "company": _l("Company"),
    "verifier": _l("Verifier"),
    "municipality": _l("Municipality"),
}
