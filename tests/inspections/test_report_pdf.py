"""The inspection report PDF: titles, the inspector's notes, a sign-off, page
numbers, and every text in the reader's language (issue 13)."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests.factories import login, make_user
from tests.inspections_factories import CONFORM_2024, make_inspection, submitted

OBSERVATIONS = {
    **CONFORM_2024,
    "occupants": 9,
    "beds": 9,
    "notes": {"B-3.1": "Tweede toilet is in aanbouw", "B-7.1": "Blusser in de gang"},
}


@pytest.fixture
def inspection():
    return submitted(make_inspection(), OBSERVATIONS, on=date(2025, 6, 2))


def _pages(client, inspection, lang) -> list[str]:
    login(client, make_user(role="company", organisation=inspection.company))
    client.set_cookie("snf_lang", lang)
    response = client.get(f"/inspections/{inspection.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return [p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_dutch_report_is_dutch_with_titles_notes_sign_off_and_page_numbers(
    client, inspection
):
    pages = _pages(client, inspection, "nl")
    text = _flat(" ".join(pages))
    assert "Inspectierapport" in text
    assert "Soort periodiek" in text  # the kind in words, in Dutch
    assert "B-3.1 Voldoende toiletten" in text  # code with title
    assert "9 bewoners en 1 toilet(ten): maximaal 8 bewoners per toilet" in text
    assert "uiterlijk 2 juli 2025" in text
    assert "Opmerkingen van de inspecteur" in text
    assert "Tweede toilet is in aanbouw" in text and "Blusser in de gang" in text
    sign_off = text[text.index("Ondertekening") :]
    assert inspection.inspector.name in sign_off
    assert inspection.inspection_body.name in sign_off
    assert "Ondertekend op" in sign_off
    for english in ("Inspection report", "periodic", "Requirement", "occupants"):
        assert english not in text
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {total}" in _flat(page)


def test_english_report_is_english(client, inspection):
    pages = _pages(client, inspection, "en")
    text = _flat(" ".join(pages))
    assert "Inspection report" in text and "Kind periodic" in text
    assert "B-3.1 Enough toilets" in text
    assert "9 occupants and 1 toilet(s): at most 8 occupants per toilet" in text
    assert "Inspector's notes" in text and "Sign-off" in text
    assert re.search(r"Page 1 of \d", _flat(pages[0]))
    assert "bewoners" not in text
