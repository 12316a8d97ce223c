"""The mail a watcher gets about status changes of the numbers it watches,
composed in the watcher's language when the notification job runs, and the
job that finds those changes (on the schedule, and after enforcement)."""

from itertools import groupby

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from snf.certificates.reasons import day, render
from snf.i18n import status_label
from snf.notify import notify, register_notification
from snf.registry.watches import mark_seen, pending_changes

EVENT = "watched_numbers_changed"


def _line(change: dict) -> str:
    reason = render(change["reason_code"], change["reason_params"], change["reason"])
    return _(
        "- %(kvk)s %(name)s: %(status)s from %(date)s. Reason: %(reason)s",
        kvk=change["kvk"],
        name=change["name"],
        status=status_label(change["status"]),
        date=day(change["effective"]),
        reason=reason or "-",
    )


def _changed(params: dict) -> tuple[str, str]:
    changes = params["changes"]
    subject = ngettext(
        "SNF register: %(num)d change for the numbers you watch",
        "SNF register: %(num)d changes for the numbers you watch",
        len(changes),
    )
    intro = _("The SNF register recorded these status changes:")
    outro = _(
        "You get this mail because you watch these KvK numbers. Stop watching "
        "them at %(url)s.",
        url=params["url"],
    )
    return subject, "\n".join([intro, "", *map(_line, changes), "", outro])


def _as_params(row) -> dict:
    return {
        "kvk": row.kvk,
        "name": row.name,
        "status": row.status,
        "effective": row.effective.isoformat(),
        "reason": row.reason,
        "reason_code": row.reason_code,
        "reason_params": row.reason_params,
    }


def notify_watchers(url: str) -> int:
    """Mail each watcher the changes it has not been told of (one mail per
    watcher, in its language); returns the number of mails. Asked again
    before anything new happened, it sends nothing."""
    rows = pending_changes()
    sent = 0
    for (email, language), group in groupby(rows, lambda r: (r.email, r.language)):
        group = list(group)
        params = {"changes": [_as_params(r) for r in group], "url": url}
        sent += bool(notify(EVENT, to=[email], params=params, language=language))
    mark_seen(_last_seen(rows))
    return sent


def _last_seen(rows) -> dict[int, int]:
    seen: dict[int, int] = {}
    for row in rows:
        seen[row.watch_id] = max(seen.get(row.watch_id, 0), row.id)
    return seen


def init_app(app: Flask) -> None:
    register_notification(app, EVENT, _changed)
