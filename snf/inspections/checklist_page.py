"""The checklist page from a cached skeleton and the inspection's own values.

Everything on the checklist but the inspection's values (observations, n.a.
reasons, notes, photos, the number of bedrooms) is the same for every
inspection of one norm version, housing type, part, set of phase-in dates in
force and language. That skeleton is rendered once (most of the page's time:
hundreds of inputs and translations) and kept in the app's cache (snf.cache:
in-process, or Redis shared by every app server), keyed by those and by the
version's content hash and a hash of the app's code, templates, catalogues
and static files.

Where a value goes the skeleton has a slot: a private-use character, its
kind and its key. ``fill`` replaces each slot with the escaped value, so the
page is the same HTML a full render gives and works without JavaScript
filling it in (and offline, from the tablet's copy).
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from snf import cache
from snf.inspections.checklist import build_checklist
from snf.norms import services as norms
from snf.norms.compiled_cache import content_hash
from snf.norms.observations import CHOICE_LABELS

OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"
ROOM_INDEX, ROOM_NUMBER = "\ue003", "\ue004"
# kind, key and (for a choice) the option; every value put in is escaped.
SLOT = re.compile(
    f"{OPEN}([a-z_]+){SEP}([^{CLOSE}{SEP}]*)(?:{SEP}([^{CLOSE}]*))?{CLOSE}"
)
CHECKED = {True: "checked", False: ""}
# Facts of published versions kept per app (a handful a year are published).
FACTS = "snf.checklist_versions"
MAX_VERSIONS = 64


def slot(kind: str, key: str = "", choice: str | None = None) -> Markup:
    """A place for one value in the skeleton (a Jinja global)."""
    tail = "" if choice is None else SEP + choice
    # Kinds and keys are vocabulary keys and requirement codes, no markup.
    return Markup(f"{OPEN}{kind}{SEP}{key}{tail}{CLOSE}")  # noqa: S704  # nosec B704


@dataclass
class Skeleton:
    body: str  # the form's sections, with slots
    room: str  # one bedroom, with slots and its index and number marks
    total: int  # requirements asked (the progress bar's end)
    i18n: str  # the page script's words (a JSON block)
    version_json: str  # the version document for the rules in the browser


@dataclass(frozen=True)
class VersionFacts:
    content_hash: str
    phase_ins: tuple  # the requirements' phase-in dates, sorted


def version_facts(version) -> tuple[VersionFacts, object]:
    """The version's content hash and phase-in dates, and the whole version
    if it had to be read for them (else None). A published version never
    changes (the database refuses it), so its facts are kept per app under
    its id and publication time; a draft is read every time."""
    known = current_app.extensions.setdefault(FACTS, {})
    key = None
    if version.status != "draft" and version.published_at is not None:
        key = (version.id, version.version, version.published_at)
        if key in known:
            return known[key], None
    whole = norms.load_sections(version)
    facts = _read_facts(whole)
    if key is not None:
        if len(known) >= MAX_VERSIONS:
            known.clear()
        known[key] = facts
    return facts, whole


def _read_facts(whole) -> VersionFacts:
    dates = {
        req.effective_from
        for section in whole.sections
        for req in section.requirements
        if req.effective_from is not None
    }
    document = norms.json_document(whole)
    return VersionFacts(content_hash(document), tuple(sorted(dates)))


def skeleton(version, housing_type, on, lang: str, part: str) -> Skeleton:
    """The cached skeleton for these keys, rendered on a miss. ``version``
    is loaded with its norm (norms.load_with_norm); its sections are read
    only to render."""
    facts, whole = version_facts(version)
    reached = ",".join(d.isoformat() for d in facts.phase_ins if d <= on)
    key = ":".join(
        ("checklist", facts.content_hash, str(housing_type), part, reached, lang,
         templates_version())
    )  # fmt: skip
    found = cache.get(key)
    if isinstance(found, Skeleton):
        return found
    whole = whole or norms.load_sections(version)
    made = render_skeleton(whole, housing_type, on, lang, part)
    cache.set(key, made, current_app.config["SNF_CHECKLIST_CACHE_SECONDS"])
    return made


def render_skeleton(version, housing_type, on, lang: str, part: str) -> Skeleton:
    checklist = build_checklist(version, housing_type, on, lang, part)
    context = {"checklist": checklist, "lang": lang, "housing_labels": CHOICE_LABELS}
    body = render_template("inspections/_checklist_skeleton.html", **context)
    room = render_template(
        "inspections/_checklist_room.html",
        index=Markup(ROOM_INDEX),  # noqa: S704  # nosec B704
        number=Markup(ROOM_NUMBER),  # noqa: S704  # nosec B704
        **context,
    )
    i18n = render_template("inspections/_checklist_i18n.html")
    version_json = str(to_json(norms.json_document(version)))
    return Skeleton(body.strip(), room, checklist.total, i18n.strip(), version_json)


def to_json(value) -> Markup:
    """As Jinja's ``tojson`` filter writes it into a page."""
    policies = current_app.jinja_env.policies
    dumps = policies["json.dumps_function"]
    return htmlsafe_json_dumps(value, dumps=dumps, **policies["json.dumps_kwargs"])


def fill(made: Skeleton, observations, photos, lang: str, photo_label: str) -> Markup:
    """The skeleton with this inspection's values, escaped."""
    obs = observations if isinstance(observations, dict) else {}
    by_code: dict[str, list] = {}
    for photo in photos:
        by_code.setdefault(photo.requirement_code, []).append(photo)
    page = _Page(obs, made, lang, by_code, photo_label)
    # The skeleton is rendered (escaped) HTML; each value put in is escaped.
    return Markup(SLOT.sub(_Filler(page, obs), made.body))  # noqa: S704  # nosec B704


@dataclass
class _Page:
    obs: dict
    made: Skeleton
    lang: str
    photos: dict  # requirement code: its photos
    photo_label: str


class _Filler:
    """Answers each slot from one inspection's values; ``scope`` is where the
    inputs' keys are looked up (the observations, or one bedroom)."""

    def __init__(self, page: _Page, scope: dict):
        self.page, self.scope = page, scope

    def __call__(self, match) -> str:
        kind, key, choice = match.groups()
        return getattr(self, "slot_" + kind)(key, choice)

    def _part(self, name: str) -> dict:
        found = self.page.obs.get(name)
        return found if isinstance(found, dict) else {}

    def slot_is_true(self, key, _choice) -> str:
        return CHECKED[self.scope.get(key) is True]

    def slot_is_false(self, key, _choice) -> str:
        return CHECKED[self.scope.get(key) is False]

    def slot_selected(self, key, choice) -> str:
        return "selected" if self.scope.get(key) == choice else ""

    def slot_value(self, key, _choice) -> str:
        return escape(self.scope.get(key) or "")

    def slot_number(self, key, _choice) -> str:
        return escape(shown_number(self.scope.get(key), self.page.lang))

    def slot_answer_true(self, code, _choice) -> str:
        return CHECKED[self._part("answers").get(code) is True]

    def slot_answer_false(self, code, _choice) -> str:
        return CHECKED[self._part("answers").get(code) is False]

    def slot_na_checked(self, code, _choice) -> str:
        return CHECKED[bool(self._part("not_applicable").get(code))]

    def slot_na_reason(self, code, _choice) -> str:
        return escape(self._part("not_applicable").get(code) or "")

    def slot_na_hidden(self, code, _choice) -> str:
        return "" if self._part("not_applicable").get(code) else "hidden"

    def slot_note(self, code, _choice) -> str:
        return escape(self._part("notes").get(code, ""))

    def slot_photos(self, code, _choice) -> str:
        label = escape(f"{self.page.photo_label} {code}")
        return "".join(
            f'<img src="{escape(url_for("inspections.photo", attachment_id=p.id))}"'
            f' alt="{label}" width="96">'
            for p in self.page.photos.get(code, ())
        )

    def slot_rooms(self, _key, _choice) -> str:
        rooms = self.page.obs.get("bedrooms", []) or [{}]
        if not isinstance(rooms, list):
            rooms = [{}]
        parts = []
        for index, room in enumerate(rooms):
            text = self.page.made.room.replace(ROOM_INDEX, str(index))
            text = text.replace(ROOM_NUMBER, str(index + 1))
            scope = room if isinstance(room, dict) else {}
            parts.append(SLOT.sub(_Filler(self.page, scope), text))
        return "".join(parts)


def shown_number(value, lang: str) -> str:
    """A number as typed: 9 not 9.0, and a decimal comma in Dutch."""
    if value is None:
        return ""
    shown = str(value)
    if shown.endswith(".0"):
        shown = shown.replace(".0", "")
    return shown.replace(".", ",") if lang == "nl" else shown


def templates_version() -> str:
    """A hash of the app's code, templates, catalogues and static files: a
    deploy that changes any of them never serves a skeleton of the old ones
    (nor unpickles one made by other code). By content, so app servers of
    one release share their skeletons; once per process outside debug."""
    root = current_app.root_path
    if not current_app.debug and root in _VERSIONS:
        return _VERSIONS[root]
    files = sorted(
        p for p in Path(root).rglob("*") if p.suffix in VERSIONED and p.is_file()
    )
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    _VERSIONS[root] = _content_version(root, stamp)
    return _VERSIONS[root]


VERSIONED = frozenset({".py", ".html", ".mo", ".js", ".css", ".json"})
_VERSIONS: dict[str, str] = {}


@lru_cache(maxsize=4)
def _content_version(root: str, stamp: tuple) -> str:
    digest = hashlib.sha256()
    for path, _mtime, _size in stamp:
        digest.update(str(Path(path).relative_to(root)).encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]
