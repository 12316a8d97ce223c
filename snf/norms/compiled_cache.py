"""Compiled rules, kept per application and keyed on a version's content.

A version's rules are compiled once (CEL compilation is the expensive part) and
shared by every request and thread of one app. The key is the SHA-256 of the
version document, so two databases behind one process (tests, a restore) or a
draft edited in place can never be answered with another version's rules.
"""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app

from snf.norms import rules

EXTENSION = "snf.compiled_rules"
DEFAULT_SIZE = 32


class CompiledRules:
    """A bounded LRU of compiled versions; safe to use from several threads.

    Compilation runs outside the lock (it may take tens of milliseconds), so
    two threads missing the same key at once may both compile; the first one
    stored wins and both get the same object back.
    """

    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[str, rules.CompiledVersion] = OrderedDict()

    def get(
        self, key: str, compile_: Callable[[], rules.CompiledVersion]
    ) -> rules.CompiledVersion:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        result = compile_()
        with self._lock:
            kept = self._items.setdefault(key, result)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return kept

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._items)


def content_hash(document: dict) -> str:
    """SHA-256 of a version document without its status (publishing keeps rules)."""
    content = {key: value for key, value in document.items() if key != "status"}
    canonical = json.dumps(content, default=str, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = CompiledRules(app.config.get("SNF_RULE_CACHE_SIZE", 32))


def cache() -> CompiledRules:
    """The current app's cache (made on first use for apps that skipped init_app)."""
    found = current_app.extensions.get(EXTENSION)
    if found is None:
        found = current_app.extensions.setdefault(EXTENSION, CompiledRules())
    return found
