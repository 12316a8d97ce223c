"""Backups for admins: the list, "back up now" (a job), and the files."""

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from snf.api import paged
from snf.auth.permissions import require
from snf.extensions import db
from snf.forms import FlaskForm
from snf.jobqueue import enqueue
from snf.ops.backups import backups_query, file_name
from snf.ops.models import Backup
from snf.ops.views import bp
from snf.storage import storage


@bp.route("/backups")
@login_required
def backups():
    """The backups kept in storage, newest first."""
    require(current_user, "backup.manage")
    items, meta = paged(backups_query())
    return render_template(
        "ops/backups.html", items=items, meta=meta, form=FlaskForm(), name=file_name
    )


@bp.route("/backups", methods=["POST"])
@login_required
def start_backup():
    """Back up the database now, as a job; its page follows it."""
    require(current_user, "backup.manage")
    if not FlaskForm().validate_on_submit():
        abort(400)
    job_id = enqueue("backup", user=current_user, user_id=current_user.id)
    return redirect(url_for(".job", job_id=job_id), code=303)


@bp.route("/backups/<int:backup_id>/file")
@login_required
def backup_file(backup_id):
    """A backup file (admins only: it holds every record)."""
    require(current_user, "backup.manage")
    backup = db.session.get(Backup, backup_id)
    if backup is None:
        abort(404)
    return Response(
        storage().load(backup.storage_key),
        mimetype="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{file_name(backup)}"'},
    )
