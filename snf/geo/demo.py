"""The demo's geography: the shipped demo files in the CBS formats (the
demo's towns only, one line per four-digit postcode area), loaded when no
municipality is known yet, so that real CBS files loaded into a database are
never replaced by the demo's."""

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from snf.extensions import db
from snf.geo import importer, regions
from snf.geo.models import Municipality, Region

DATA = Path(__file__).parent / "data"
DEMO_MUNICIPALITIES = DATA / "demo_gemeenten.csv"
DEMO_ADDRESSES = DATA / "demo_pc6hnr.csv"


def load_demo_geography(now: datetime) -> None:
    if db.session.scalar(select(Municipality.code).limit(1)) is not None:
        return
    importer.import_municipalities(DEMO_MUNICIPALITIES, now=now)
    importer.import_addresses(DEMO_ADDRESSES)


# Nine illustrative regions over the demo's municipalities, named as examples:
# not the programme's real regions or numbers. (code, name, places, CBS codes)
EXAMPLE_REGIONS = (
    ("voorbeeld-noord", "Voorbeeldregio Noord", 1500,
     ("0014", "0765", "0080", "1900", "0090", "0114", "0106", "0118")),
    ("voorbeeld-oost", "Voorbeeldregio Oost", 3000,
     ("0193", "0153", "0150", "0141", "0200", "0222")),
    ("voorbeeld-midden", "Voorbeeldregio Midden", 3500,
     ("0344", "0307", "0345", "0228", "0202", "0268", "0281")),
    ("voorbeeld-noordwest", "Voorbeeldregio Noordwest", 5000,
     ("0034", "0995", "0303", "0171", "0363", "0392", "0361", "0405", "0479")),
    ("voorbeeld-haaglanden", "Voorbeeldregio Haaglanden", 4500,
     ("0518", "1783", "0546", "1621")),
    ("voorbeeld-rijnmond", "Voorbeeldregio Rijnmond", 4000,
     ("0599", "0505", "1924", "2144")),
    ("voorbeeld-zuidwest", "Voorbeeldregio Zuidwest", 2500,
     ("0687", "0664", "0715", "1695", "0758", "1674")),
    ("voorbeeld-brabant", "Voorbeeldregio Brabant", 4000,
     ("0855", "0772", "0794", "0828", "0867", "0762")),
    ("voorbeeld-limburg", "Voorbeeldregio Limburg", 2000,
     ("0983", "0984", "1507", "0957", "0935", "1883")),
)  # fmt: skip
START, TARGET = date(2024, 7, 1), date(2028, 6, 30)
# Haaglanden revised its agreement: more places, half a year longer.
REVISION = ("voorbeeld-haaglanden", 5500, date(2024, 7, 1), date(2028, 12, 31))


def load_example_regions(now: datetime) -> None:
    known = set(db.session.scalars(select(Municipality.code)))
    made = set(db.session.scalars(select(Region.code)))
    for code, name, places, numbers in EXAMPLE_REGIONS:
        members = [f"GM{n}" for n in numbers if f"GM{n}" in known]
        if not members or code in made:
            continue
        data = {
            "code": code,
            "name": name,
            "municipalities": members,
            "agreement": {"places": places, "start": START, "target": TARGET},
        }
        region = regions.create_region(None, data, now=now)
        if code == REVISION[0]:
            _code, places, start, target = REVISION
            data["agreement"] = {"places": places, "start": start, "target": target}
            regions.update_region(None, region, data, now=now)  # fmt: skip


# Two reporting rounds of demand (API 1.2), the last half-year (0) and the
# current one (1): Westland Flex reports both, Brabant Uitzendgroep only the
# first (monitoring flags it missing now).
DEMAND_ROUNDS = (
    ("34567812", 0, (("GM1783", 40, 30),)),
    ("34567812", 1, (("GM1783", 46, 30),)),
    ("17283946", 0, (("GM0855", 25, 5), ("GM0867", 12, 12))),
)


def load_demo_demand(now: datetime) -> None:
    from snf.auth.models import Organisation
    from snf.geo import demand

    current = demand.period_of(now.date())
    periods = (demand.previous_period(current), current)
    for kvk, round_, lines in DEMAND_ROUNDS:
        period = periods[round_]
        company = db.session.scalar(select(Organisation).where(Organisation.kvk == kvk))
        if company is None or demand.list_demand(company.id, period):
            continue
        rows = [
            {"code": c, "employed": e, "housed": h}
            for c, e, h in lines
            if db.session.get(Municipality, c) is not None  # demo geography loaded
        ]
        if rows:
            demand.report_demand(None, company, period, rows, now=now)
