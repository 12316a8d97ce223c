import click

from snf.database import utcnow
from snf.extensions import db
from snf.norms import services

norms_cli = click.Group("norms", help="The housing norm and its versions.")


@norms_cli.command("load")
def load_command():
    """Load the norm versions shipped with the application (idempotent)."""
    created = services.load_shipped(None, now=utcnow())
    db.session.commit()
    for label in created:
        click.echo(f"Loaded {label}.")
    total = sum(len(n.versions) for n in services.list_norms())
    click.echo(f"{len(created)} new, {total} versions in the database.")
