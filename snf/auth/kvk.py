"""An automated KvK (Chamber of Commerce) lookup, off by default.

SNF staff confirm a claim against the uploaded KvK extract and a contact
check. An install with access to a KvK API sets ``SNF_KVK_LOOKUP`` to
``package.module:factory``; the factory takes the app and returns an object
with ``lookup(kvk) -> KvkRecord | None``. Its answer is shown to staff beside
the claim; it never decides on its own.
"""

import importlib
from dataclasses import dataclass
from typing import Protocol

from flask import Flask, current_app


@dataclass(frozen=True)
class KvkRecord:
    kvk: str
    name: str
    town: str = ""


class KvkLookup(Protocol):
    def lookup(self, kvk: str) -> KvkRecord | None: ...


def make_kvk_lookup(app: Flask) -> KvkLookup | None:
    target = app.config.get("SNF_KVK_LOOKUP")
    if not target:
        return None
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(app)


def kvk_lookup() -> KvkLookup | None:
    """The configured lookup, or None when it is off."""
    return current_app.extensions.get("snf_kvk_lookup")
