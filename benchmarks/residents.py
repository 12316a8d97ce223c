"""Residents: the page behind the card's QR code (public, what a cheap phone
asks for) and information cards per second, in process.

The page's token is read from staff's cards page of the demo's Westland Flex
(a bearer token opens HTML pages too), so nothing is made for the run."""

import re
from dataclasses import replace
from datetime import date

from flask import Flask
from flask_babel import Babel

from benchmarks.client import expect_2xx, fetch
from benchmarks.endpoint import Endpoint, bearer_token
from snf.residents.pdf import CardDocument, render_cards

PAGE_TARGET = 0.25  # of ping (issue 19)
CARD_TARGET_PER_S = 15  # cards per second per core
KVK = "34567812"
_TOKEN = re.compile(r'href="/r/([\w-]+)"')


def resident_page(endpoint: Endpoint, base_url: str) -> Endpoint:
    """The first of Westland's resident pages, in Polish."""
    admin = bearer_token("admin@snf.example")(endpoint, base_url)
    path = f"/residents/cards?kvk={KVK}"
    page = expect_2xx("GET", path, fetch(base_url, "GET", path, None, admin.headers))
    token = _TOKEN.search(page.body.decode()).group(1)
    return replace(endpoint, path=f"/r/{token}?lang=pl", headers={})


def card_setup() -> list[CardDocument]:
    """One card's data; dates are written through Flask-Babel, which needs an
    app (a bare one: English, no database)."""
    app = Flask(__name__)
    Babel(app)
    app.app_context().push()
    rights = [f"Right number {n} of the norm, with its threshold." for n in range(16)]
    return [
        CardDocument(
            address="Havenstraat 12, 2671 CK Naaldwijk",
            beds=6,
            company_name="Westland Flex Huisvesting BV",
            certified=True,
            certificate_number="SNF-2026-00001",
            valid_until=date(2027, 2, 8),
            phone="0174 820 400",
            emergency_phone="06 4812 3377",
            rights=rights,
            norm_label="SNF 2025.2",
            url="https://register.snf.nl/r/POLd2XhOueMFZ0tYOYTJ5A",
        )
    ]


def render_card(docs: list[CardDocument]) -> bytes:
    """One location's information card (A4, embedded font, QR code)."""
    return render_cards(docs, "Information card")
