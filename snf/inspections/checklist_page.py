"""The checklist page from a cached skeleton and the inspection's own values.

Everything on the checklist but the inspection's values (observations, n.a.
reasons, notes, photos, the number of bedrooms) is the same for every
inspection of one norm version, housing type, part, set of phase-in dates in
force and language. That skeleton is rendered once (most of the page's time:
hundreds of inputs and translations) and kept in the app's cache (snf.cache:
in-process, or Redis shared by every app server), keyed by those and by the
version's content hash and the app's templates, catalogues and static files.

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
from markupsafe import Markup, escape

from snf import cache
from snf.inspections.checklist import build_checklist
from snf.norms.compiled_cache import content_hash
from snf.norms.observations import CHOICE_LABELS

OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"
ROOM_INDEX, ROOM_NUMBER = "\ue003", "\ue004"
# kind, key and (for a choice) the option; every value put in is escaped.
SLOT = re.compile(
    f"{OPEN}([a-z_]+){SEP}([^{CLOSE}{SEP}]*)(?:{SEP}([^{CLOSE}]*))?{CLOSE}"
)
CHECKED = {True: "checked", False: ""}


def slot(kind: str, key: str = "", choice: str | None = None) -> Markup:
    """A place for one value in the skeleton (a Jinja global)."""
    tail = "" if choice is None else SEP + choice
    # Kinds and keys are vocabulary keys and requirement codes, no markup.
    return Markup(f"{OPEN}{kind}{SEP}{key}{tail}{CLOSE}")  # noqa: S704


@dataclass
class Skeleton:
    body: str  # the form's sections, with slots
    room: str  # one bedroom, with slots and its index and number marks
    total: int  # requirements asked (the progress bar's end)


def phase_in_key(version, on) -> str:
    """The phase-in dates already reached on ``on``: two dates between the
    same phase-ins ask the same requirements."""
    dates = {
        req.effective_from
        for section in version.sections
        for req in section.requirements
        if req.effective_from is not None and req.effective_from <= on
    }
    return ",".join(sorted(d.isoformat() for d in dates))


def skeleton(version, document: dict, housing_type, on, lang: str, part: str):
    """The cached skeleton for these keys, rendered on a miss."""
    key = ":".join(
        (
            "checklist",
            content_hash(document),
            str(housing_type),
            part,
            phase_in_key(version, on),
            lang,
            templates_version(),
        )
    )
    found = cache.get(key)
    if isinstance(found, Skeleton):
        return found
    made = render_skeleton(version, housing_type, on, lang, part)
    cache.set(key, made, current_app.config["SNF_CHECKLIST_CACHE_SECONDS"])
    return made


def render_skeleton(version, housing_type, on, lang: str, part: str) -> Skeleton:
    checklist = build_checklist(version, housing_type, on, lang, part)
    context = {"checklist": checklist, "lang": lang, "housing_labels": CHOICE_LABELS}
    body = render_template("inspections/_checklist_skeleton.html", **context)
    room = render_template(
        "inspections/_checklist_room.html",
        index=Markup(ROOM_INDEX),  # noqa: S704 - a constant mark
        number=Markup(ROOM_NUMBER),  # noqa: S704
        **context,
    )
    return Skeleton(body.strip(), room, checklist.total)


def fill(made: Skeleton, observations, photos, lang: str, photo_label: str) -> Markup:
    """The skeleton with this inspection's values, escaped."""
    obs = observations if isinstance(observations, dict) else {}
    by_code: dict[str, list] = {}
    for photo in photos:
        by_code.setdefault(photo.requirement_code, []).append(photo)
    page = _Page(obs, made, lang, by_code, photo_label)
    # The skeleton is rendered (escaped) HTML; each value put in is escaped.
    return Markup(SLOT.sub(_Filler(page, obs), made.body))  # noqa: S704


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
    """A hash of the app's templates, catalogues and static files: a deploy
    that changes any of them never serves a skeleton of the old ones."""
    root = Path(current_app.root_path)
    return _version_of(str(root), current_app.debug)


@lru_cache(maxsize=4)
def _tree_version(root: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(root).rglob("*")):
        if path.suffix in {".html", ".mo", ".js", ".css", ".json"} and path.is_file():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    return digest.hexdigest()[:16]


def _version_of(root: str, debug: bool) -> str:
    if debug:  # templates reload while developing: look again every time
        _tree_version.cache_clear()
    return _tree_version(root)
