"""Every text the code shows has a Dutch translation in the catalogue."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "_n": (1, 2),
}


def _catalogue():
    with open(ROOT / "snf/translations/nl/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale="nl")


def test_every_message_in_the_code_is_translated_to_dutch():
    catalogue = _catalogue()
    missing = []
    for filename, _line, message, _comments, _ctx in extract_from_dir(
        ROOT / "snf", METHODS, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        entry = catalogue.get(msgid)
        translated = entry and (
            all(entry.string) if isinstance(entry.string, tuple) else entry.string
        )
        if not translated:
            missing.append(f"{filename}: {msgid}")
    assert missing == [], "run 'make messages' and translate:\n" + "\n".join(missing)
