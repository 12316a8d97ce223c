import click
from flask.cli import AppGroup

from snf.database import utcnow
from snf.extensions import db

residents_cli = AppGroup("residents", help="Resident cards and complaints.")


@residents_cli.command("tokens")
def issue_tokens() -> None:
    """Give every location without a resident page (QR code) one."""
    from snf.residents.tokens import issue_missing_tokens

    count = issue_missing_tokens(now=utcnow())
    db.session.commit()
    click.echo(f"{count} location(s) got a resident page.")
