"""Cross-domain commands: users, demo data, the audit chain."""

import time

import click
from flask import Flask, current_app

from snf import audit
from snf.auth import services as auth_services
from snf.auth.models import ORGANISATION_KINDS, ROLE_ORGANISATION_KIND, ROLES
from snf.database import utcnow
from snf.errors import DomainError
from snf.extensions import db

users_cli = click.Group("users", help="Manage accounts.")
audit_cli = click.Group("audit", help="Inspect the audit log.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 12 characters.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--organisation",
    "organisation_name",
    default=None,
    help="Name of the organisation; created when it does not exist. For the "
    "role municipality: the municipality's CBS code (GM0983).",
)
@click.option("--name", default="")
def create_user_command(email, password, role, organisation_name, name):
    """Create a user account with one role in an organisation."""
    now = utcnow()
    kind = ROLE_ORGANISATION_KIND[role]
    organisation_name = organisation_name or _default_organisation_name(kind)
    try:
        organisation = _organisation_for(kind, organisation_name, now)
        auth_services.create_user(
            None,
            email=email,
            password=password,
            role=role,
            organisation=organisation,
            now=now,
            name=name,
        )
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(_describe(exc)) from exc
    db.session.commit()
    click.echo(f"Created {role} {email} in {organisation.name}.")


def _organisation_for(kind: str, name: str, now):
    """The organisation named ``name``, created when missing; a municipality
    is named by its CBS code and must be in the loaded geography."""
    if kind == "municipality":
        return _municipality_organisation(name, now)
    return auth_services.find_organisation(name) or auth_services.create_organisation(
        None, kind=kind, name=name, now=now
    )


def _municipality_organisation(code: str, now):
    from snf.auth.models import Organisation
    from snf.geo.services import get_municipality

    municipality = get_municipality(code, "organisation")
    found = db.session.scalar(
        db.select(Organisation).where(
            Organisation.kind == "municipality",
            Organisation.municipality_code == municipality.code,
        )
    )
    return found or auth_services.create_organisation(
        None,
        kind="municipality",
        # The proper name of the municipality as an organisation.
        name=f"Gemeente {municipality.name}",
        town=municipality.name,
        municipality_code=municipality.code,
        now=now,
    )


def _default_organisation_name(kind: str) -> str:
    return {"snf": "Stichting Normering Flexwonen"}.get(kind) or click.prompt(
        f"Name of the {kind.replace('_', ' ')}"
    )


def _describe(exc: DomainError) -> str:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())
    return f"{exc.message} {details}".strip()


@audit_cli.command("verify")
def verify_audit_command():
    """Check the hash chain of the audit log; exit 1 when it is broken."""
    problems = audit.verify_chain()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo("The audit log is intact.")


@click.command("demo")
@click.option(
    "--scale",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Then generate N companies with locations, inspections, findings and "
    "registration histories since 2014 (default SNF_DEMO_SCALE, 56: with the "
    "hand-made ones a register of 60; 700: national scale, ~20,000 locations; "
    "0: none).",
)
def demo_command(scale):
    """Create the demo organisations and one user per role (idempotent)."""
    from snf.demo import load_demo

    logins = load_demo(now=utcnow(), password=current_app.config["DEMO_PASSWORD"])
    db.session.commit()
    password = current_app.config["DEMO_PASSWORD"]
    click.echo(f"Demo logins (password for all: {password}):")
    for role, email, organisation in logins:
        click.echo(f"  {role:<10} {email:<32} {organisation}")
    if scale is None:
        scale = current_app.config["DEMO_SCALE"]
    if scale:
        _generate_scale(scale)


def _generate_scale(n_companies: int) -> None:
    from snf.demo_scale import generate
    from snf.inspections.geography import remap_locations

    started = time.perf_counter()
    with click.progressbar(length=1, label=f"{n_companies} companies") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        counts = generate(n_companies, now=utcnow(), progress=progress)
        db.session.commit()
    # Generated rows go in as bulk inserts: their municipalities come after.
    moved = remap_locations(now=utcnow())
    db.session.commit()
    seconds = time.perf_counter() - started
    click.echo(f"Generated in {seconds:.1f} s:")
    for name, count in counts.items():
        click.echo(f"  {name.replace('_', ' '):<18} {count:>8,}")
    click.echo(f"  {'mapped to a municipality':<18} {sum(moved.values()):>8,}")


def register(app: Flask) -> None:
    assert set(ROLE_ORGANISATION_KIND.values()) <= set(ORGANISATION_KINDS)
    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(demo_command)
