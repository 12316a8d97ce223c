"""From locations to their information cards (PDF), in one language."""

from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _

from snf.errors import Conflict
from snf.inspections.models import Location
from snf.residents.info import resident_info, resident_url
from snf.residents.pdf import CardDocument, render_cards
from snf.residents.rights import version_for
from snf.residents.tokens import active_tokens


def card_document(location: Location, token: str, today: date) -> CardDocument:
    info = resident_info(location, today)
    version = version_for(location, today)
    contact = info.contact
    return CardDocument(
        address=info.address,
        beds=info.beds,
        company_name=info.company_name,
        certified=info.certified,
        certificate_number=info.certificate.number if info.certificate else None,
        valid_until=info.certificate.valid_until if info.certificate else None,
        phone=contact.phone if contact else "",
        emergency_phone=contact.emergency_phone if contact else "",
        rights=[right.text for right in info.rights],
        norm_label=version.label if version else "",
        url=resident_url(token),
    )


def cards_pdf(locations: list[Location], language: str, today: date) -> bytes:
    """The cards of ``locations`` in ``language``: current data, and the QR
    code of each location's active token (the same until SNF revokes it)."""
    tokens = active_tokens([location.id for location in locations])
    missing = [location for location in locations if location.id not in tokens]
    if missing:
        # Every location gets a token when it is registered; one made outside
        # the app waits for `flask residents tokens`.
        raise Conflict(_("A location has no resident page yet; ask SNF."))
    with force_locale(language):
        docs = [card_document(loc, tokens[loc.id], today) for loc in locations]
        return render_cards(docs, _("Information cards"))
