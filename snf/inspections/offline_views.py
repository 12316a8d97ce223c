"""The tablet pages as an installable, offline-capable web app.

Three routes on the ``inspections`` blueprint and one response header:

- ``/sw.js``: the service worker, served from the site root because a worker's
  scope is its own path. Its cache names carry the app version, a hash of every
  static file, so an update brings a fresh cache and activation removes only
  the caches of older versions. Drafts never live there: they are in IndexedDB.
- ``/inspections/offline.json``: what the worker keeps for the inspector
  without being asked (the assigned inspections of the coming days), and a
  fresh CSRF token for the send queue when the cached page's token is stale.
- ``/inspections/<id>/offline``: the checklist as the worker keeps it. A
  planned inspection is rendered as it will be on its day, behind its Start
  button, *without starting it*: only pressing Start (a POST) fixes the norm
  version and the inspection date, on the day of the visit. Started offline,
  the tablet sends the day it was started with its first save.
- ``X-SNF-User`` on every page for a logged-in user: the worker files a cached
  page under the user it belongs to and never serves it to anyone else.
"""

import hashlib
import json
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from flask import Response, abort, current_app, jsonify, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from snf.auth.permissions import require
from snf.database import local_today
from snf.inspections import services
from snf.inspections.inspection_views import render_checklist, render_planned
from snf.inspections.views import bp

# Today and the next three days: Friday's tablet also holds Monday's visits.
OFFLINE_DAYS = 3
# The app shell: fetched when the worker installs, then served from the cache.
SHELL_FILES = (
    "css/app.css",
    "js/offline_store.js",
    "js/offline_queue.js",
    "js/offline.js",
    "js/checklist.js",
    "js/review.js",
    "js/checklist_form.js",
    "js/checklist_photos.js",
    "js/rules_vocabulary.js",
    "js/rules_validate.js",
    "js/rules_compile.js",
    "js/rules.js",
    "vendor/cel-js.min.js",
    "manifest.webmanifest",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
CONFIG_MARK = "const CONFIG = "


def _static_folder() -> Path:
    return Path(current_app.static_folder)


@lru_cache(maxsize=8)
def _version_for(stamp: tuple) -> str:
    digest = hashlib.sha256()
    for path, _mtime, _size in stamp:
        digest.update(path.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def app_version() -> str:
    """A hash of every static file (the worker included): any change to the
    app's code gives a new version, hence new cache names."""
    files = sorted(p for p in _static_folder().rglob("*") if p.is_file())
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _version_for(stamp)


def _worker_source() -> str:
    source = (_static_folder() / "sw.js").read_text(encoding="utf-8")
    shell = [url_for("static", filename=name) for name in SHELL_FILES]
    config = {"version": app_version(), "shell": shell}
    lines = source.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(CONFIG_MARK):
            lines[index] = f"{CONFIG_MARK}{json.dumps(config)};\n"
            break
    return "".join(lines)


@bp.route("/sw.js")
def service_worker():
    """The service worker, with this version's cache names and app shell."""
    response = Response(_worker_source(), mimetype="text/javascript")
    # The browser checks for a new worker on navigations; never a stale copy.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/inspections/offline.json")
@login_required
def offline_bundle():
    """The inspections the tablet keeps without being asked: the user's own,
    not yet submitted, planned from today up to OFFLINE_DAYS ahead."""
    today = local_today()
    items = []
    if current_user.role == "inspector":
        last = today + timedelta(days=OFFLINE_DAYS)
        for inspection in services.inspections_for_inspector(current_user, today):
            if inspection.is_submitted or not today <= inspection.scheduled_for <= last:
                continue
            items.append(_bundle_item(inspection))
    return jsonify(
        {"user": current_user.id, "csrf_token": generate_csrf(), "items": items}
    )


def _bundle_item(inspection) -> dict:
    location = inspection.location
    return {
        "id": inspection.id,
        "label": location.address if location else inspection.company.name,
        "scheduled_for": inspection.scheduled_for.isoformat(),
        "url": url_for(".inspection", inspection_id=inspection.id),
        "copy": url_for(".offline_checklist", inspection_id=inspection.id),
    }


@bp.route("/inspections/<int:inspection_id>/offline")
@login_required
def offline_checklist(inspection_id):
    """The checklist page for the tablet's cache; nothing is changed."""
    found = services.get_inspection(inspection_id)
    require(current_user, "inspection.fill_in", found)
    if found.is_submitted:
        abort(404)
    if found.status != "planned":
        return render_checklist(found)
    # Shown as it will be on its day, behind the Start button; nothing is
    # started until the inspector presses it (offline: the tablet keeps the
    # day, and the first save starts it with that date).
    return render_planned(found, found.scheduled_for)


@bp.after_app_request
def _name_the_user(response):
    if request.path.startswith("/api/") or not current_user.is_authenticated:
        return response
    response.headers["X-SNF-User"] = str(current_user.id)
    return response


@bp.app_context_processor
def _offline_context():
    return {"offline_config": offline_config}


def offline_config() -> dict:
    """What offline.js needs on every page (base.html puts it on the logout
    form): whose data this is, where the bundle is, and its texts."""
    if not current_user.is_authenticated:
        return {"user": None}
    return {
        "user": current_user.id,
        "inspector": current_user.role == "inspector",
        "bundle": url_for("inspections.offline_bundle"),
        "list": url_for("inspections.list_inspections"),
        "worker": url_for("inspections.service_worker"),
        "texts": _texts(str(get_locale())),
    }


@lru_cache(maxsize=8)
def _texts(locale: str) -> dict:
    """The texts in ``locale`` (the request's): worded once per language, not
    on every page (some twenty translations each)."""
    count, item = "{count}", "{item}"
    return {
        "online": _("online"),
        "offline": _("offline – saved on this tablet"),
        "queue_count": _("%(count)s waiting to be sent", count=count),
        "photo": _("Photo for %(requirement)s", requirement=item),
        "submit": _("Submission of the inspection"),
        "draft": _("Changes not yet saved on the server"),
        "waiting": _("waiting for the connection"),
        "sending": _("sending…"),
        "failed": _("not accepted:"),
        "conflict": _("changed on the server meanwhile: open the checklist to choose"),
        "send_now": _("Try again now"),
        "open": _("Open"),
        "available": _("available offline"),
        "not_available": _("not yet on this tablet"),
        "keep": _("Keep on this tablet"),
        "logout_unsent": _(
            "Not yet sent from this tablet (%(count)s): %(items)s. Logging out "
            "deletes it from this tablet. Log out anyway?",
            count=count,
            items="{items}",
        ),
        "logout_offline": _(
            "You are offline. Your data has been removed from this tablet; you "
            "are logged out on the server as soon as the connection is back."
        ),
    }
