"""The compiled-rules cache: per app, keyed on content, safe under threads."""

import threading
from datetime import date

from snf.norms import compiled_cache, services
from snf.norms.compiled_cache import CompiledRules, content_hash


def _version(app):
    return services.get_version("SNF", "2024.1")


def test_the_key_is_the_content_not_the_row(app):
    version = _version(app)
    document = services.version_document(version)
    published = content_hash(document)
    assert content_hash({**document, "status": "draft"}) == published
    changed = services.version_document(version)
    changed["sections"][0]["requirements"][0]["severity"] = "minor"
    assert content_hash(changed) != published


def test_each_app_has_its_own_cache(app):
    services.compiled(_version(app))
    mine = compiled_cache.cache()
    assert content_hash(services.version_document(_version(app))) in mine
    other = type(app)("other")
    compiled_cache.init_app(other)
    assert other.extensions[compiled_cache.EXTENSION] is not mine
    assert len(other.extensions[compiled_cache.EXTENSION]) == 0


def test_an_edited_draft_is_compiled_again(app):
    version = _version(app)
    before = services.compiled(version)
    assert services.compiled(version) is before
    requirement = version.requirements[0]
    requirement.severity = "minor" if requirement.severity == "major" else "major"
    try:
        after = services.compiled(version)
        assert after is not before
        assert after.requirements[0].severity == requirement.severity
    finally:
        services.db.session.rollback()


def test_threads_get_one_compiled_object_per_key():
    cache = CompiledRules(size=4)
    calls, results = [], []
    start = threading.Barrier(8)

    def compile_():
        calls.append(1)
        return object()

    def worker():
        start.wait()
        results.append(cache.get("k", compile_))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(result) for result in results}) == 1
    assert len(cache) == 1


def test_the_cache_is_bounded_and_keeps_the_most_recent():
    cache = CompiledRules(size=2)
    for key in "abc":
        cache.get(key, object)
    cache.get("b", object)
    cache.get("d", object)
    assert cache.keys() == ["b", "d"]


def test_evaluating_again_compiles_nothing_new(app):
    version = _version(app)
    observations = {"occupants": 8, "toilets": 1}
    services.evaluate(version, observations, date(2025, 1, 1))
    size, keys = len(compiled_cache.cache()), compiled_cache.cache().keys()
    services.evaluate(version, observations, date(2025, 1, 2))
    assert (len(compiled_cache.cache()), compiled_cache.cache().keys()) == (size, keys)
