import time

import click
from flask import current_app

from snf.database import utcnow
from snf.extensions import db
from snf.geo import importer
from snf.geo.services import municipality_names, unknown_codes

geo_cli = click.Group("geo", help="Municipalities, the CBS address table, regions.")


@geo_cli.command("import")
@click.option(
    "--municipalities",
    "municipalities_file",
    type=click.Path(exists=True),
    help="CBS 'gemeenten alfabetisch' as CSV (Gemeentecode;GemeentecodeGM;...).",
)
@click.option("--addresses", "addresses_file", type=click.Path(exists=True),
              help="CBS pc6hnrYYYY0801_gwb.csv, or the zip it comes in.")  # fmt: skip
def import_command(municipalities_file, addresses_file):
    """Load the CBS files (streamed; the real address file has ~8 million
    lines) and re-map every location not set by hand. Running it again with
    the same files changes nothing; with next year's files it reports which
    locations moved, e.g. to the municipality another merged into."""
    if not (municipalities_file or addresses_file):
        raise click.UsageError("Give --municipalities, --addresses or both.")
    now = utcnow()
    try:
        if municipalities_file:
            _import_municipalities(municipalities_file, now)
        if addresses_file:
            _import_addresses(addresses_file)
    except importer.ImportFileError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    moved = run_after_import(now)
    db.session.commit()
    report_unknown(unknown_codes())
    report_moves(moved)


def _import_municipalities(path, now) -> None:
    changes = importer.import_municipalities(path, now=now)
    click.echo(
        f"Municipalities: {changes.total} in the file; {len(changes.added)} new, "
        f"{len(changes.renamed)} renamed, {len(changes.ended)} no longer listed"
        + (f" ({', '.join(changes.ended)})" if changes.ended else "")
        + "."
    )


def _import_addresses(path) -> None:
    def progress(lines):
        click.echo(f"  {lines:,} lines ...", err=True)

    started = time.perf_counter()
    counts = importer.import_addresses(path, progress)
    rate = counts["lines"] / max(time.perf_counter() - started, 1e-6)
    click.echo(
        f"Addresses: {counts['lines']:,} lines read, {counts['skipped']:,} skipped"
        f" ({rate:,.0f} lines/s)."
    )


def run_after_import(now):
    """The steps other packages added (the re-map of locations)."""
    moved = {}
    for step in current_app.extensions.get("snf_geo_after_import", []):
        moved.update(step(now=now))
    return moved


def report_unknown(unknown: dict) -> None:
    if unknown:
        lines = ", ".join(f"{code} ({count:,})" for code, count in unknown.items())
        click.echo(
            "Not in the list of municipalities (load the list of the same year; "
            f"these addresses are left unmapped): {lines}.",
            err=True,
        )


def report_moves(moved) -> None:
    names = municipality_names()
    total = sum(moved.values())
    click.echo(f"Locations re-mapped: {total} moved.")
    for (old, new), count in sorted(moved.items(), key=lambda m: str(m[0])):
        before = f"{old} {names.get(old, '')}".strip() if old else "(none)"
        after = f"{new} {names.get(new, '')}".strip() if new else "(none)"
        click.echo(f"  {before} -> {after}: {count}")
