import json
from datetime import date

import click

from snf.certificates.enforcement import enforce
from snf.certificates.keys import keyring, signer
from snf.certificates.notifications import notify_enforcement
from snf.certificates.reasons import render
from snf.database import local_today, utcnow
from snf.extensions import db

certificates_cli = click.Group("certificates", help="Certificates and signing keys.")


@certificates_cli.command("verify")
@click.argument("payload")
def verify_command(payload):
    """Check a QR payload (a JWS, or the version 1 format) against the keys of
    this install, offline; print the signed fields, exit 1 if not genuine."""
    from snf.certificates.signing import describe_payload

    ok, detail = describe_payload(payload.strip(), keyring().public_key_map())
    if not ok:
        click.echo(f"NOT GENUINE: {detail}", err=True)
        raise SystemExit(1)
    click.echo("GENUINE: " + json.dumps(detail, sort_keys=True))


@certificates_cli.command("rotate-key")
def rotate_key_command():
    """Start signing with a new key; certificates signed before stay verifiable."""
    kid = keyring().rotate()
    click.echo(f"New signing key {kid}. Publish GET /api/v1/keys to relying parties.")


@click.command("enforce")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to enforce (default: today in the Netherlands).",
)
def enforce_command(day):
    """Apply finding deadlines and certificate validity for a day (idempotent).

    Overdue major findings suspend, unresolved suspensions strike off, a major
    finding at an urgent inspection suspends at once, unrenewed certificates
    expire, and a conform yearly administrative inspection renews.
    """
    on: date = day.date() if day else local_today()
    actions = enforce(on, now=utcnow(), sign=signer())
    db.session.commit()
    notify_enforcement(actions)
    for action in actions:
        click.echo(
            f"{action.effective} company {action.company_id}: {action.action} "
            f"({render(action.reason.code, action.reason.params)})"
        )
    click.echo(f"{len(actions)} change(s) for {on}.")
