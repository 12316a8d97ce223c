"""Every page, PDF and CSV speaks one language: a Dutch page holds no text of
the English catalogue and an English page none of the Dutch one.

The texts to look for come from the catalogue itself: every msgid/msgstr
pair that differs gives its fragments of at least two words (split at the
placeholders), and a fragment found in both languages is left out. Pages are
found two ways, as every role: the GET cases of the access matrix
(tests/access/*.py, with the objects their modules build) and a crawl of the
demo data from each demo login's home page, following links (PDFs and CSVs
included).

Pages are grouped by the area that owns them, so a failure names its owner.
Left out on purpose: documents people uploaded and files jobs made in a language
asked for (UPLOADED), and the parts of a
page marked as not in its language (lang="nl" on an English page, or
translate="no" on rule source code).
"""

import html as html_lib
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader
from werkzeug.exceptions import HTTPException

from snf.database import utcnow
from tests.factories import PASSWORD, login, make_user
from tests.security.test_headers import _get_cases_with_worlds

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
EDGE = " \t\n.,:;!?()[]·–—-/\"'"
ROLES = ("anonymous", "admin", "inspector", "company", "verifier")
DEMO_LOGINS = {
    "admin": "admin@snf.example",
    "inspector": "inspecteur@keurmerk.example",
    "company": "bedrijf@westlandflex.example",
    "verifier": "controle@abu.example",
}
SKIP = ("/logout", "/language/", "/static/", "/sw.js", "/favicon", "/api/v1/openapi")
PER_PATTERN = 2  # pages per URL shape (digits masked) and role
# Documents people uploaded are theirs, not ours: a KvK extract is a Dutch
# register's document (and in the tests not even a readable PDF).
UPLOADED = (
    "certificates.claim_extract",
    # The file a job made is in the language it was asked in (a batch of
    # residents' cards in Polish, say), not the language of whoever opens it.
    "ops.job_file",
)
# (area, endpoints it owns): the first match wins; "own" is checked strictly.
AREAS = [
    ("own", ("main.", "certificates_api.get_certificate_pdf")),
    ("register and verify page (h2)", ("registry.", "certificates.verify")),
    ("signup (h5)", ("certificates.signup", "auth.")),
    ("own", ("certificates.",)),
    ("norms (h4)", ("norms.",)),
    (
        "inspections: checklist (h1), report and what-if (h4), locations (h5)",
        ("inspections.",),
    ),
]
OTHER_AREAS = sorted({area for area, _ in AREAS if area != "own"})


def fragments(text: str):
    for part in PLACEHOLDER.split(text):
        part = " ".join(part.split()).strip(EDGE)
        if len(part.split()) >= 2 and len(part) >= 8:
            yield part


@cache
def catalogue_fragments() -> dict[str, re.Pattern]:
    """{"en": pattern of English fragments, "nl": pattern of Dutch ones}."""
    with open(ROOT / "snf/translations/nl/LC_MESSAGES/messages.po", "rb") as handle:
        catalogue = read_po(handle, locale="nl")
    english, dutch = set(), set()
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        for msgid in ids:
            for msgstr in strings:
                if msgid != msgstr:
                    english.update(fragments(msgid))
                    dutch.update(fragments(msgstr))
    english |= {word for word, _ in choice_labels()}
    dutch |= {word for _, word in choice_labels()}
    both = english & dutch
    return {
        lang: _pattern(found - both) for lang, found in (("en", english), ("nl", dutch))
    }


def choice_labels() -> list[tuple[str, str]]:
    """(English, Dutch) words of stored codes shown on pages: inspection
    kinds, housing types, use classes; often single words, so not among the
    catalogue fragments of two words or more."""
    from flask_babel import force_locale

    from snf.inspections.forms import KIND_LABELS
    from snf.norms.observations import HOUSING_TYPE_LABELS
    from snf.templating import USE_CLASS_LABELS

    pairs = [(labels["en"], labels["nl"]) for labels in HOUSING_TYPE_LABELS.values()]
    for labels in (KIND_LABELS, USE_CLASS_LABELS):
        for label in labels.values():
            with force_locale("en"):
                english = str(label)
            with force_locale("nl"):
                pairs.append((english, str(label)))
    return [(en, nl) for en, nl in pairs if en != nl]


def _pattern(found: set[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


TAGS = re.compile(r"<[^>]+>")
HIDDEN = re.compile(r"(?is)<(script|style|template)\b.*?</\1>")
ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"')
HREF = re.compile(r'href="([^"#]+)"')
PAGE_LANG = re.compile(r'<html\b[^>]*\blang="([\w-]+)"')


def _marked_parts_removed(page: str) -> str:
    """Without the parts a page marks as not in its language: a Dutch text
    field or diff cell on an English page (lang="nl": staff edit and compare
    both texts of a requirement) and rule source code (translate="no")."""
    page_lang = PAGE_LANG.search(page)
    other = rf'lang="(?!{page_lang.group(1)}")[^"]*"|' if page_lang else ""
    opening = rf'<(\w+)\b[^>]*\s(?:{other}translate="no")[^>]*>'
    marked = re.compile(rf"(?is){opening}.*?</\1>")
    return marked.sub(" ", page)


def readable_text(response) -> str | None:
    """What a person reads in the response, or None for other kinds."""
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        page = _marked_parts_removed(HIDDEN.sub(" ", page))
        shown = TAGS.sub(" ", page) + " " + " ".join(ATTRIBUTES.findall(page))
        return " ".join(html_lib.unescape(shown).split())
    if response.mimetype == "application/pdf":
        reader = PdfReader(io.BytesIO(response.data))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    if response.mimetype == "text/csv":
        return " ".join(response.get_data(as_text=True).split())
    return None


def endpoint_of(app, url: str) -> str | None:
    try:
        endpoint, _args = app.url_map.bind("localhost").match(urlsplit(url).path)
    except HTTPException:
        return None
    return endpoint


def area_of(app, url: str) -> str:
    endpoint = endpoint_of(app, url)
    if endpoint is None:
        return "other"
    for area, prefixes in AREAS:
        if endpoint.startswith(prefixes):
            return area
    return "other"


def _client(app, role, lang, email=None, world_user=True):
    client = app.test_client()
    if email:
        client.post("/login", data={"email": email, "password": PASSWORD})
    elif role != "anonymous" and world_user:
        login(client, make_user(role=role))
    client.get(f"/language/{lang}")
    return client


def _get(client, url, lang):
    return client.get(url, headers={"Accept-Language": lang})


def _asks_other_language(url: str, lang: str) -> bool:
    """A link that names its own language (``?lang=pl``: the resident pages
    and the information cards) is read in that language, not the crawl's."""
    asked = parse_qs(urlsplit(url).query).get("lang")
    return bool(asked) and asked[0] != lang


def _matrix_pages(app, lang, found: dict) -> None:
    cases = list(_get_cases_with_worlds())
    for role in ROLES:
        client = _client(app, role, lang)
        for case, world in cases:
            url = case.url(world)
            if url.startswith(SKIP) or _asks_other_language(url, lang):
                continue  # /language/en would switch the language
            if endpoint_of(app, url) in UPLOADED:
                continue
            text = readable_text(_get(client, url, lang))
            if text:
                found[(url, role)] = text


def _crawl(app, client, role, lang, found: dict) -> None:
    queue, visited, shapes = ["/"], set(), Counter()
    while queue:
        url = queue.pop(0)
        if url in visited or _asks_other_language(url, lang):
            continue
        visited.add(url)
        if endpoint_of(app, url) in UPLOADED:
            continue
        response = _get(client, url, lang)
        if response.status_code != 200:
            continue
        text = readable_text(response)
        if text is None:
            continue
        found[(url, role)] = text
        if response.mimetype != "text/html":
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            link = html_lib.unescape(href)
            if (
                not link.startswith("/")
                or link.startswith("//")
                or link.startswith(SKIP)
            ):
                continue
            shape = re.sub(r"\d+", "N", link)
            if shapes[shape] < PER_PATTERN:
                shapes[shape] += 1
                queue.append(link)


def _demo_pages(app, lang, found: dict) -> None:
    from snf.demo import load_demo

    load_demo(now=utcnow(), password=PASSWORD)
    for role in ROLES:
        client = _client(app, role, lang, email=DEMO_LOGINS.get(role), world_user=False)
        _crawl(app, client, role, lang, found)


_RENDERED: dict[str, dict] = {}


def rendered(app, lang: str) -> dict:
    """{(url, role): text} of every page found, rendered once per language."""
    if lang not in _RENDERED:
        found: dict = {}
        _matrix_pages(app, lang, found)
        _demo_pages(app, lang, found)
        _RENDERED[lang] = found
    return _RENDERED[lang]


def wrong_language(app, lang: str, area: str) -> list[str]:
    other = catalogue_fragments()["en" if lang == "nl" else "nl"]
    problems = []
    for (url, role), text in sorted(rendered(app, lang).items()):
        if area_of(app, url) != area:
            continue
        hits = sorted(set(other.findall(text)))
        if hits:
            problems.append(f"{url} as {role}: {hits[:6]}")
    return problems


def _params():
    for lang in ("nl", "en"):
        for area in ["own", *OTHER_AREAS, "other"]:
            name = area.split(" ")[0].strip(":")
            yield pytest.param(lang, area, id=f"{lang}-{name}")


@pytest.mark.parametrize(("lang", "area"), list(_params()))
def test_no_text_of_the_other_language(app, lang, area):
    problems = wrong_language(app, lang, area)
    assert problems == [], "\n".join(problems)


def test_the_crawl_reaches_the_pages_that_matter(app):
    pages = rendered(app, "nl")
    urls = {url for url, _role in pages}
    assert "/" in urls and "/applications" in urls
    assert any(re.fullmatch(r"/companies/\d+", u) for u in urls)
    assert any(u.startswith("/api/v1/certificates/") and ".pdf" in u for u in urls)
    assert any("/register/" in u for u in urls)
    assert len(pages) > 100


def test_the_check_finds_a_text_of_the_other_language():
    english = catalogue_fragments()["en"]
    dutch = catalogue_fragments()["nl"]
    assert english.search("Vandaag: Overdue major findings (2)")
    assert dutch.search("Today: Verlopen zware tekortkomingen (2)")
    assert not english.search("Verlopen zware tekortkomingen")
