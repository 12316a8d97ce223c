// Offline mode of the tablet pages (base.html loads this on every page, after
// offline_store.js, the IndexedDB store, and offline_queue.js, the send queue).
//
// Everything an inspector records is kept in IndexedDB, in a database of
// that user alone ("snf-u<user id>"):
//   drafts  inspection id -> {inspection, label, observations, etag, dirty, at}
//   outbox  seq (auto-increment: the order of sending) ->
//           {type: "photo", inspection, api, page, label, requirement,
//            clientId, blob, contentType, at, state, attempts, error}
//           {type: "submit", inspection, api, page, label, key, etag,
//            observations, inspectedOn, saved, at, state, attempts, error, server}
//           state: "waiting" (sent when possible), "failed" (refused: shown)
//           or "conflict" (changed on the server: the inspector chooses).
//   marks   inspection id -> {url, copy, label}: kept offline on request
// The queue is sent in order. A photo keeps the client_id chosen when it was
// taken and a submission the Idempotency-Key chosen when submit was pressed,
// so a retry never makes a second photo or a second submission; only a JSON
// answer of our server with the new object's id counts as sent (a captive
// portal's "200 OK" web page does not).
// Logging out warns about what is not yet sent, then deletes this user's
// database and cached pages (the service worker's snf-*-u<user> caches).
(function () {
  "use strict";

  const logoutForm = document.querySelector("form[data-offline]");
  const config = logoutForm ? JSON.parse(logoutForm.dataset.offline) : { user: null };
  const user = config.user === null || config.user === undefined ? null : String(config.user);
  const t = config.texts || {};
  const LOGOUT_PENDING = "snf-logout-pending";
  const KEPT_AT = "snf-kept-at-";
  const RETRY_MS = window.SNFQueue.RETRY_MS;
  const KEEP_EVERY_MS = 10 * 60 * 1000;
  const store = window.SNFStore.create(user, function (detail) { changed(detail); });
  const drafts = store.drafts;
  const marks = store.marks;
  const outbox = store.outbox;
  const Q = window.SNFQueue.create({
    user: user, bundle: config.bundle, store: store, changed: function (detail) { changed(detail); },
    csrf: (document.querySelector('meta[name="csrf-token"]') || {}).content || "",
  });
  const call = Q.call;
  const processOutbox = Q.process;
  const differences = Q.differences;

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return values[key] !== undefined ? String(values[key]) : whole;
    });
  }

  // -- what is waiting: the count and the list ---------------------------------
  function changed(detail) {
    window.dispatchEvent(new CustomEvent("snf:outbox", { detail: detail || {} }));
    render();
  }

  function pending() {
    return Promise.all([outbox.all(), drafts.all()]).then(function (pair) {
      const queued = {};
      pair[0].forEach(function (item) { if (item.type === "submit") queued[item.inspection] = true; });
      const unsaved = pair[1].filter(function (d) { return d.dirty && !queued[d.inspection]; })
        .map(function (d) { return { type: "draft", inspection: d.inspection, label: d.label, page: d.page, state: "waiting" }; });
      return pair[0].concat(unsaved);
    });
  }

  function describe(item) {
    if (item.type === "photo") return fill(t.photo, { item: item.requirement });
    return item.type === "submit" ? t.submit : t.draft;
  }

  function render() {
    const panel = document.getElementById("outbox");
    const counters = document.querySelectorAll("[data-outbox-count]");
    if (!user || store.isWiped() || (!panel && !counters.length)) return;
    pending().then(function (items) {
      counters.forEach(function (el) {
        el.hidden = items.length === 0;
        el.textContent = fill(t.queue_count, { count: items.length });
      });
      if (panel) renderPanel(panel, items);
    }).catch(function () { /* no IndexedDB: nothing is kept either */ });
  }

  function renderPanel(panel, items) {
    panel.hidden = items.length === 0;
    panel.innerHTML = "";
    const title = document.createElement("h2");
    title.textContent = fill(t.queue_count, { count: items.length });
    const list = document.createElement("ol");
    list.className = "outbox-list";
    items.forEach(function (item) {
      const li = document.createElement("li");
      li.className = "outbox-item outbox-" + item.state;
      li.dataset.type = item.type;
      const what = document.createElement("strong");
      what.textContent = describe(item);
      const where = document.createElement("span");
      where.textContent = item.label ? " · " + item.label : "";
      const state = document.createElement("span");
      state.className = "pill outbox-state";
      state.textContent = item.state === "failed" ? t.failed + " " + (item.error || "")
        : item.state === "conflict" ? t.conflict
          : item.seq !== undefined && item.seq === Q.sendingSeq() ? t.sending : t.waiting;
      li.append(what, where, document.createTextNode(" "), state);
      if (item.page && item.page !== location.pathname && item.state !== "waiting") {
        const link = document.createElement("a");
        link.href = item.page;
        link.textContent = t.open;
        li.append(document.createTextNode(" "), link);
      }
      list.append(li);
    });
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "button secondary";
    retry.textContent = t.send_now;
    retry.addEventListener("click", processOutbox);
    panel.append(title, list, retry);
  }

  // -- the service worker and the pages it keeps -------------------------------
  function worker(message) {
    if (!("serviceWorker" in navigator)) return Promise.reject(new Error("no service worker"));
    const answer = navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        const channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.error) reject(new Error(event.data.error));
          else resolve(event.data);
        };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
    const late = new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("the service worker does not answer")); }, 30000);
    });
    return Promise.race([answer, late]);
  }

  // Resolves once the worker is registered and, on the list, once a waiting
  // new version has taken over (or after a few seconds): the pages are kept
  // by the version that will serve them.
  function register() {
    if (!user || !("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker.register(config.worker || "/sw.js", { scope: "/" }).then(function (registration) {
      // A new version waits while a checklist may be open; on the list of
      // inspections nothing is being typed, so it may take over there.
      const onList = !!document.getElementById("offline-list");
      function takeOver() { if (onList && registration.waiting) registration.waiting.postMessage({ type: "skip-waiting" }); }
      function watch(next) {
        if (next) next.addEventListener("statechange", function () { if (next.state === "installed") takeOver(); });
      }
      watch(registration.installing);
      registration.addEventListener("updatefound", function () { watch(registration.installing); });
      if (!onList || !registration.waiting) return null;
      // Asked while the old worker is still busy (this page's own request),
      // Chromium may never come back to it: ask once the page has loaded.
      return loaded().then(function () {
        return new Promise(function (resolve) {
          navigator.serviceWorker.addEventListener("controllerchange", resolve);
          setTimeout(resolve, 5000);
          takeOver();
        });
      });
    }).catch(function () { /* without a worker the pages still work online */ });
  }

  function loaded() {
    return new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else window.addEventListener("load", resolve);
    }).then(function () {
      return Promise.race([userTold, new Promise(function (resolve) { setTimeout(resolve, 1000); })]);
    }).then(function () {
      return new Promise(function (resolve) { setTimeout(resolve, 300); });
    });
  }

  function cachedPages() {
    return worker({ type: "cached-pages", user: user }).then(function (answer) { return answer.cached || []; });
  }

  function savePages(pages) {
    return worker({ type: "save-pages", user: user, pages: pages }).then(function (answer) {
      return answer.cached || [];
    });
  }

  function fetchBundle() {
    return fetch(config.bundle, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || !Q.isJson(response)) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (bundle) {
        if (bundle.csrf_token) Q.setCsrf(bundle.csrf_token);
        return bundle;
      });
  }

  // The inspections of the coming days, those marked on the list and the list.
  function keepForOffline() {
    if (!user || !config.inspector || !navigator.onLine) return cachedPages();
    return Promise.all([fetchBundle(), marks.all()]).then(function (pair) {
      const pages = [{ url: config.list, copy: config.list }];
      pair[0].items.forEach(function (item) { pages.push({ url: item.url, copy: item.copy }); });
      pair[1].forEach(function (mark) { pages.push({ url: mark.url, copy: mark.copy }); });
      return savePages(pages).then(function (cached) {
        localStorage.setItem(KEPT_AT + user, String(Date.now()));
        autoKept = pair[0].items.map(function (i) { return i.id; });
        return cached;
      });
    });
  }

  let autoKept = [];
  let userTold = Promise.resolve();

  // -- the list of inspections: what is on this tablet --------------------------
  // A list kept on an earlier day says so: "Today" on it is not today.
  function warnOldList(list) {
    const note = document.getElementById("list-day");
    const now = new Date();
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    const today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    if (!note || !list.dataset.day || list.dataset.day === today) return;
    note.textContent = fill(note.dataset.text, { day: list.dataset.day });
    note.hidden = false;
  }

  function listPage(list) {
    warnOldList(list);
    const rows = list.querySelectorAll("[data-inspection]");
    function show(cached) {
      return marks.all().then(function (marked) {
        const markedIds = marked.map(function (m) { return m.inspection; });
        rows.forEach(function (row) {
          const id = Number(row.dataset.inspection);
          const kept = cached.indexOf(row.dataset.url) >= 0;
          const state = row.querySelector(".offline-state");
          if (state) {
            state.textContent = kept ? t.available : t.not_available;
            state.className = "offline-state status " + (kept ? "status-pass" : "status-not_applicable");
          }
          const toggle = row.querySelector(".offline-toggle");
          if (toggle) {
            const auto = autoKept.indexOf(id) >= 0;
            toggle.setAttribute("aria-pressed", String(auto || markedIds.indexOf(id) >= 0));
            toggle.disabled = auto || !navigator.onLine;
          }
        });
      });
    }
    list.addEventListener("click", function (event) {
      const toggle = event.target.closest(".offline-toggle");
      if (!toggle) return;
      const row = toggle.closest("[data-inspection]");
      const id = Number(row.dataset.inspection);
      const page = { url: row.dataset.url, copy: row.dataset.copy };
      const keep = toggle.getAttribute("aria-pressed") !== "true";
      toggle.disabled = true;
      const done = keep
        ? marks.put(id, Object.assign({ inspection: id, label: row.dataset.label }, page)).then(function () { return savePages([page]); })
        : marks.del(id).then(function () { return worker({ type: "forget-pages", user: user, urls: [page.url] }); })
          .then(function (answer) { return answer.cached || []; });
      done.then(show).catch(function () { toggle.disabled = false; });
    });
    keepForOffline().catch(cachedPages).then(show).catch(function () { /* no worker */ });
  }

  // -- a checklist page: make sure this very page is kept -----------------------
  function checklistPage(root) {
    const badge = document.getElementById("offline-state");
    const here = location.pathname;
    cachedPages().then(function (cached) {
      if (cached.indexOf(here) >= 0 || !navigator.onLine || !root.dataset.copy) return cached;
      return savePages([{ url: here, copy: root.dataset.copy }]);
    }).then(function (cached) {
      if (badge && cached.indexOf(here) >= 0) { badge.hidden = false; badge.textContent = t.available; }
    }).catch(function () { /* no worker: online only */ }).then(keepTheDay);
  }

  // The day's list and checklists, whatever page the day starts at (not only
  // the list): a day begun at a checklist has its list offline too.
  function keepTheDay() {
    const last = Number(localStorage.getItem(KEPT_AT + user) || 0);
    if (!config.inspector || Date.now() - last <= KEEP_EVERY_MS) return null;
    return keepForOffline().catch(function () { return null; });
  }

  // -- logging out on a shared tablet -------------------------------------------
  function wipe(who) {
    const closing = store.close();
    const suffix = "-u" + who;
    const dropCaches = !("caches" in window) ? Promise.resolve() : caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.startsWith("snf-") && name.endsWith(suffix);
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return caches.open("snf-meta").then(function (cache) { return cache.delete("/__snf/user"); });
    });
    // The worker forgets the user too (it keeps the user in memory as well).
    const toldWorker = !("serviceWorker" in navigator) || !navigator.serviceWorker.controller ? null
      : Promise.race([
        worker({ type: "forget-user", user: who }).catch(function () { return null; }),
        new Promise(function (resolve) { setTimeout(resolve, 2000); }),
      ]);
    localStorage.removeItem(KEPT_AT + who);
    return closing.then(function () {
      return Promise.all([window.SNFStore.deleteDatabase(window.SNFStore.dbName(who)), dropCaches, toldWorker]);
    });
  }

  function summary(items) {
    return items.map(function (item) { return describe(item) + (item.label ? " (" + item.label + ")" : ""); }).join("; ");
  }

  function logOut(event) {
    if (logoutForm.dataset.cleared === "1") return;
    event.preventDefault();
    pending().catch(function () { return []; }).then(function (items) {
      if (items.length && !window.confirm(fill(t.logout_unsent, { count: items.length, items: summary(items) }))) return null;
      const offline = !navigator.onLine;
      return wipe(user).then(function () {
        logoutForm.dataset.cleared = "1";
        if (offline) {
          localStorage.setItem(LOGOUT_PENDING, user); // the server forgets it once online
          window.alert(t.logout_offline);
        }
        submitLogout();
      });
    });
  }

  function submitLogout() { // "checked": the server knows this tablet was looked at
    if (logoutForm.elements.checked) logoutForm.elements.checked.value = "1";
    logoutForm.submit();
  }

  function finishPendingLogout() {
    const waiting = localStorage.getItem(LOGOUT_PENDING);
    if (!waiting) return;
    if (waiting !== user || !logoutForm) { localStorage.removeItem(LOGOUT_PENDING); return; }
    if (!navigator.onLine) return;
    localStorage.removeItem(LOGOUT_PENDING);
    wipe(user).then(function () { logoutForm.dataset.cleared = "1"; submitLogout(); });
  }

  // -- online, offline ----------------------------------------------------------
  function showNetwork() {
    document.querySelectorAll("[data-net-status]").forEach(function (el) {
      el.textContent = navigator.onLine ? t.online : t.offline;
      el.classList.toggle("offline", !navigator.onLine);
    });
    document.documentElement.classList.toggle("is-offline", !navigator.onLine);
  }

  window.SNFOffline = {
    user: user,
    texts: t,
    fill: fill,
    drafts: drafts,
    outbox: outbox,
    call: call,
    process: processOutbox,
    differences: differences,
    render: render,
  };

  // The worker shows kept pages offline to the user of the last page only.
  if (!user) {
    const controller = "serviceWorker" in navigator && navigator.serviceWorker.controller;
    if (controller) controller.postMessage({ type: "user", user: null });
    return;
  }
  userTold = worker({ type: "user", user: user }).catch(function () { return null; });
  if (logoutForm) {
    logoutForm.addEventListener("submit", logOut);
    logoutForm.dataset.ready = "1"; // unsent work is asked about from now on
    if (document.querySelector("[data-logout-check]")) logoutForm.requestSubmit(); // pressed before
  }
  finishPendingLogout();
  const registered = register();
  showNetwork();
  window.addEventListener("online", function () { showNetwork(); finishPendingLogout(); processOutbox(); });
  window.addEventListener("offline", showNetwork);
  setInterval(function () { if (navigator.onLine) processOutbox(); }, RETRY_MS);
  if (navigator.storage && navigator.storage.persist && config.inspector) navigator.storage.persist().catch(function () { return false; });

  document.addEventListener("DOMContentLoaded", function () {
    const list = document.getElementById("offline-list");
    const checklist = document.getElementById("checklist");
    if (list) registered.then(function () { listPage(list); });
    else if (checklist) checklistPage(checklist);
    else keepTheDay();
    render();
    processOutbox();
  });
})();
