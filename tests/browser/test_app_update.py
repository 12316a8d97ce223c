"""An app update while a draft is open: the new service worker waits while the
checklist is open, takes over on the list, keeps the pages it moves into its
own caches, removes only the old version's caches, and the draft (which lives
in IndexedDB, never in a cache) is still there offline."""

import re

import pytest

from snf.inspections import offline_views, services
from tests.browser.tablet import (
    local_data,
    open_checklist,
    open_list,
    unavailable,
    wait_kept,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.no_db]
expect = pytest.importorskip("playwright.sync_api").expect


def versions(page) -> set[str]:
    names = local_data(page)["caches"]
    return {m.group(1) for n in names if (m := re.match(r"snf-shell-(\w+)$", n))}


def test_an_update_never_strands_an_open_draft(
    context, page, base_url, log_in, plan, monkeypatch, shoot
):
    inspection_id = plan("2671 CK", 12, days=2)
    log_in(page)
    open_list(page, base_url)
    wait_kept(page, inspection_id)
    open_checklist(page, inspection_id)
    # Typed while the server refuses drafts: a draft only this tablet has.
    monkeypatch.setattr(services, "save_observations", unavailable)
    page.fill("#obs-occupants", "5")
    expect(page.locator("[data-outbox-count]")).to_be_visible()
    (old,) = versions(page)

    # A new version is deployed; the open checklist keeps the old worker.
    monkeypatch.setattr(offline_views, "app_version", lambda: "0000update00")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    wait_until(page, "navigator.serviceWorker.getRegistration().then(r => !!r.waiting)")
    assert versions(page) == {old, "0000update00"}

    # On the list nothing is being typed: the new version takes over there.
    open_list(page, base_url)
    wait_until(
        page,
        """navigator.serviceWorker.getRegistration()
             .then(r => !r.waiting && r.active.scriptURL.endsWith('/sw.js'))""",
    )
    wait_until(page, f"caches.keys().then(k => !k.some(n => n.includes('{old}')))")
    names = local_data(page)["caches"]
    assert "snf-shell-0000update00" in names
    assert any(n.startswith("snf-pages-0000update00-u") for n in names)

    # Offline, the checklist comes from the new caches with the draft intact.
    context.set_offline(True)
    open_checklist(page, inspection_id)
    expect(page.locator("#obs-occupants")).to_have_value("5")
    shoot(page, "draft-after-update")
    context.set_offline(False)
