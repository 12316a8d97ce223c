"""The demo's geography: the shipped demo files in the CBS formats (the
demo's towns only, one line per four-digit postcode area), loaded when no
municipality is known yet, so that real CBS files loaded into a database are
never replaced by the demo's."""

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from snf.extensions import db
from snf.geo import importer
from snf.geo.models import Municipality

DATA = Path(__file__).parent / "data"
DEMO_MUNICIPALITIES = DATA / "demo_gemeenten.csv"
DEMO_ADDRESSES = DATA / "demo_pc6hnr.csv"


def load_demo_geography(now: datetime) -> None:
    if db.session.scalar(select(Municipality.code).limit(1)) is not None:
        return
    importer.import_municipalities(DEMO_MUNICIPALITIES, now=now)
    importer.import_addresses(DEMO_ADDRESSES)
