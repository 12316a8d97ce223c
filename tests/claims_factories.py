"""Factories for company claims (self-signups) and location requests."""

import io
import itertools

from snf.certificates import claims
from snf.database import utcnow
from tests.factories import make_organisation

_seq = itertools.count(1)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def signup_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "company_name": f"Nieuwe Flex {n} BV",
        "kvk": f"{80000000 + n:08d}",
        "town": "Venlo",
        "name": "Eva de Boer",
        "email": f"eva{n}@nieuweflex.example",
        "password": "a long password 123",
    }
    if "inspection_body" not in overrides:
        data["inspection_body"] = str(make_organisation("inspection_body").id)
    data.update(overrides)
    return data


def signup_form(**overrides) -> dict:
    """The signup form as a test client posts it, with an extract file."""
    data = signup_data(**overrides)
    data.setdefault("extract", (io.BytesIO(pdf_bytes()), "uittreksel.pdf"))
    return data


def make_claim(**overrides):
    outcome = claims.submit_claim(
        signup_data(**overrides), pdf_bytes(), now=utcnow(), language="en"
    )
    return outcome.claim
