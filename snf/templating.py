"""What every template can use: permissions, language, navigation."""

from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from snf.auth.permissions import can

# (endpoint, label, action that must be allowed); domains append their entries.
NAVIGATION: list[tuple[str, object, str | None]] = []
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
)


def add_navigation(endpoint: str, label, action: str | None = None) -> None:
    if all(entry[0] != endpoint for entry in NAVIGATION):
        NAVIGATION.append((endpoint, label, action))


def _position(entry) -> int:
    return ORDER.index(entry[0]) if entry[0] in ORDER else len(ORDER)


def _navigation():
    return [
        (endpoint, label)
        for endpoint, label, action in sorted(NAVIGATION, key=_position)
        if action is None or can(current_user, action)
    ]


def register(app: Flask) -> None:
    @app.context_processor
    def _context():
        return {
            "can": lambda action, obj=None: can(current_user, action, obj),
            "current_locale": str(get_locale()),
            "navigation": _navigation(),
            "role_labels": ROLE_LABELS,
            "request_path": request.full_path.rstrip("?"),
        }


ROLE_LABELS = {
    "admin": _l("SNF staff"),
    "inspector": _l("Inspector"),
    "company": _l("Company"),
    "verifier": _l("Verifier"),
}
