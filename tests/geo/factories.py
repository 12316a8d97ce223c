from snf.database import utcnow
from snf.extensions import db
from snf.geo.models import AddressMunicipality, Municipality

PROVINCES = {"28": "Zuid-Holland", "31": "Limburg", "30": "Noord-Brabant"}


def make_municipality(code="GM0983", name="Venlo", province_code="31", **extra):
    municipality = db.session.get(Municipality, code)
    if municipality is None:
        municipality = Municipality(
            code=code,
            name=name,
            province_code=f"PV{province_code}",
            province=PROVINCES[province_code],
            updated_at=utcnow(),
            **extra,
        )
        db.session.add(municipality)
    db.session.flush()
    return municipality


def map_postcode(postcode: str, number: int, code: str) -> None:
    db.session.add(
        AddressMunicipality(postcode=postcode, house_number=number,
                            municipality_code=code)
    )  # fmt: skip
    db.session.flush()
