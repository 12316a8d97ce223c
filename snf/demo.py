"""Demo data: realistic organisations and one login per role (idempotent).

Each domain's ``init_app`` adds its own demo data with ``add_demo_step``;
running the demo a second time finds what exists and creates nothing twice.
"""

from collections.abc import Callable
from datetime import datetime

from snf.auth import services as auth
from snf.auth.models import Organisation

ORGANISATIONS = [
    # kind, name, kvk, town
    ("snf", "Stichting Normering Flexwonen", None, "Den Haag"),
    ("inspection_body", "Keurmerk Inspecties BV", "60312458", "Utrecht"),
    ("inspection_body", "Noord Huisvestingskeuring BV", "71840236", "Groningen"),
    ("company", "Westland Flex Huisvesting BV", "34567812", "Naaldwijk"),
    ("company", "Brabant Uitzendgroep BV", "17283946", "Tilburg"),
    ("company", "Zeeuwse Oogst Huisvesting BV", "52819374", "Goes"),
    ("company", "Oude Haven Flex BV", "24681357", "Rotterdam"),
    # Growers under the agricultural mark (snf.certificates.agri_demo).
    ("company", "Fruitteelt Van der Linden BV", "58214736", "Geldermalsen"),
    ("company", "Aspergekwekerij Peelland BV", "63927158", "Horst"),
    ("association", "ABU", "40530374", "Amsterdam"),
    ("municipality", "Gemeente Westland", None, "Naaldwijk"),
]
# The CBS code a demo municipality stands for (snf/geo/data/demo_gemeenten.csv).
MUNICIPALITY_CODES = {"Gemeente Westland": "GM1783"}

USERS = [
    # role, e-mail, name, organisation
    ("admin", "admin@snf.example", "Sanne de Vries", "Stichting Normering Flexwonen"),
    (
        "inspector",
        "inspecteur@keurmerk.example",
        "Pieter Bakker",
        "Keurmerk Inspecties BV",
    ),
    (
        "inspector",
        "inspecteur@noordkeuring.example",
        "Anouk Smit",
        "Noord Huisvestingskeuring BV",
    ),
    (
        "company",
        "bedrijf@westlandflex.example",
        "Jan Visser",
        "Westland Flex Huisvesting BV",
    ),
    (
        "company",
        "bedrijf@brabantuitzend.example",
        "Fatima El Amrani",
        "Brabant Uitzendgroep BV",
    ),
    (
        "company",
        "teler@vanderlinden.example",
        "Marieke van der Linden",
        "Fruitteelt Van der Linden BV",
    ),
    ("verifier", "controle@abu.example", "Kees Jansen", "ABU"),
    (
        "municipality",
        "gemeente@westland.example",
        "Ilse Hendriks",
        "Gemeente Westland",
    ),
]

# Later steps (norms, locations, inspections, ...) register here: fn(now).
DEMO_STEPS: list[Callable[[datetime], None]] = []
_PLACE: dict[Callable[[datetime], None], int] = {}


def add_demo_step(step: Callable[[datetime], None], place: int) -> None:
    """Run ``step(now)`` in ``load_demo``. Steps run by ``place``, the order in
    which the story happened, whichever domain registered first; adding a step
    again is a no-op."""
    if step not in DEMO_STEPS:
        _PLACE[step] = place
        DEMO_STEPS.append(step)
        DEMO_STEPS.sort(key=lambda known: _PLACE.get(known, 0))


def _organisation(kind, name, kvk, town, now) -> Organisation:
    return auth.find_organisation(name) or auth.create_organisation(
        None,
        kind=kind,
        name=name,
        kvk=kvk,
        town=town,
        now=now,
        municipality_code=MUNICIPALITY_CODES.get(name),
    )


def load_demo(*, now: datetime, password: str) -> list[tuple[str, str, str]]:
    """Create what is missing; return (role, e-mail, organisation) per login."""
    organisations = {
        name: _organisation(kind, name, kvk, town, now)
        for kind, name, kvk, town in ORGANISATIONS
    }
    for role, email, name, organisation in USERS:
        if auth.find_user_by_email(email) is None:
            auth.create_user(
                None,
                email=email,
                password=password,
                role=role,
                organisation=organisations[organisation],
                now=now,
                name=name,
            )
    for step in DEMO_STEPS:
        step(now)
    return [(role, email, organisation) for role, email, _n, organisation in USERS]
