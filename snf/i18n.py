"""Translations in templates, looked up with less work per text.

A page of the register has about a hundred translated texts, a checklist page
about seven hundred. Flask-Babel's Jinja callables find the catalogue anew for
each of them (the request context four times, the domain, the locale); these
find the locale once per text and keep one catalogue per language, as
Flask-Babel itself caches them. ``force_locale`` still works: the locale is
asked every time.
"""

from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

_CATALOGUES: dict = {}

# A company's (or certificate's) status in the reader's words (as the
# certificates/_status.html macros said it).
STATUS_LABELS = {
    "applied": _l("applied"),
    "registered": _l("registered"),
    "suspended": _l("suspended"),
    "struck_off": _l("struck off"),
    "expired": _l("expired"),
    "not_registered": _l("not registered"),
    "valid": _l("valid"),
    "unknown": _l("unknown"),
}
_BADGE = Markup('<span class="status status-{}">{}</span>')
_BADGES: dict = {}


def catalogue():
    """The translations of the current locale (NullTranslations outside a
    request or app context)."""
    locale = get_locale()
    if locale is None:
        return get_translations()
    key = str(locale)
    found = _CATALOGUES.get(key)
    if found is None:
        found = _CATALOGUES[key] = get_translations()
    return found


def install(app) -> None:
    """The Jinja ``_``, ``gettext``, ``ngettext`` (and p-) through catalogue()."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(status_text=status_label, status_html=status_badge)


def status_label(status) -> str:
    """The status in the reader's language (the code itself if unknown)."""
    label = STATUS_LABELS.get(status)
    return status if label is None else str(label)


def status_badge(status) -> Markup:
    """The status in words and colour, one badge HTML per language and status."""
    key = (str(get_locale()), status)
    badge = _BADGES.get(key)
    if badge is None:
        badge = _BADGE.format(status, status_label(status))
        if status in STATUS_LABELS:
            _BADGES[key] = badge
    return badge
