// Offline mode of the tablet pages (base.html loads this on every page).
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
  const DB_VERSION = 1;
  const LOGOUT_PENDING = "snf-logout-pending";
  const KEPT_AT = "snf-kept-at-";
  const RETRY_MS = 15000;
  const KEEP_EVERY_MS = 10 * 60 * 1000;
  let csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return values[key] !== undefined ? String(values[key]) : whole;
    });
  }

  // -- IndexedDB, one database per user ----------------------------------------
  let dbPromise = null;
  let wiped = false;

  function dbName(who) { return "snf-u" + who; }

  function openDb() {
    if (!user || wiped) return Promise.reject(new Error("no local store"));
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        const request = indexedDB.open(dbName(user), DB_VERSION);
        request.onupgradeneeded = function () {
          // Later versions only add stores or indexes: an update never drops work.
          const db = request.result;
          if (!db.objectStoreNames.contains("drafts")) db.createObjectStore("drafts");
          if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
          if (!db.objectStoreNames.contains("marks")) db.createObjectStore("marks");
        };
        request.onsuccess = function () {
          const db = request.result;
          // Another tab logs out (deletes this database): let it.
          db.onversionchange = function () { db.close(); dbPromise = null; };
          resolve(db);
        };
        request.onerror = function () { reject(request.error); };
      }).then(function (db) { return migrateLegacy(db).then(function () { return db; }); });
      dbPromise.catch(function () { dbPromise = null; });
    }
    return dbPromise;
  }

  function run(storeName, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(storeName, mode);
        const request = fn(tx.objectStore(storeName));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function keyValue(storeName) {
    return {
      get: function (key) { return run(storeName, "readonly", function (s) { return s.get(key); }); },
      put: function (key, value) { return run(storeName, "readwrite", function (s) { return s.put(value, key); }); },
      del: function (key) { return run(storeName, "readwrite", function (s) { return s.delete(key); }); },
      all: function () { return run(storeName, "readonly", function (s) { return s.getAll(); }); },
    };
  }

  const drafts = keyValue("drafts");
  const marks = keyValue("marks");
  const outbox = {
    all: function () { return run("outbox", "readonly", function (s) { return s.getAll(); }); },
    add: function (item) {
      const entry = Object.assign({ state: "waiting", attempts: 0, at: Date.now() }, item);
      return run("outbox", "readwrite", function (s) { return s.add(entry); })
        .then(function (seq) { changed({ type: "added", item: entry }); return seq; });
    },
    update: function (seq, changes) {
      return run("outbox", "readwrite", function (s) {
        const request = s.get(seq);
        request.onsuccess = function () { if (request.result) s.put(Object.assign(request.result, changes)); };
        return request;
      }).then(function () { changed({ type: "updated", seq: seq }); });
    },
    del: function (seq) {
      return run("outbox", "readwrite", function (s) { return s.delete(seq); })
        .then(function () { changed({ type: "removed", seq: seq }); });
    },
    forInspection: function (id) {
      return outbox.all().then(function (items) { return items.filter(function (i) { return i.inspection === id; }); });
    },
  };

  // Drafts of the first tablet version (one shared "snf-tablet" database) move
  // into the user's own database once; nothing typed before an update is lost.
  function migrateLegacy(db) {
    if (!indexedDB.databases) return Promise.resolve();
    return indexedDB.databases().then(function (list) {
      if (!list.some(function (d) { return d.name === "snf-tablet"; })) return null;
      return readLegacy().then(function (found) {
        if (!found.length) return null;
        return new Promise(function (resolve) {
          const tx = db.transaction("drafts", "readwrite");
          const store = tx.objectStore("drafts");
          found.forEach(function (entry) {
            const request = store.get(entry.id);
            request.onsuccess = function () {
              if (!request.result) store.put(Object.assign({ inspection: entry.id, dirty: true }, entry.value), entry.id);
            };
          });
          tx.oncomplete = tx.onerror = tx.onabort = function () { resolve(); };
        });
      });
    }).catch(function () { return null; });
  }

  function readLegacy() {
    return new Promise(function (resolve) {
      const request = indexedDB.open("snf-tablet");
      request.onerror = function () { resolve([]); };
      request.onsuccess = function () {
        const old = request.result;
        if (!old.objectStoreNames.contains("kv")) { old.close(); resolve([]); return; }
        const prefix = "draft:" + user + ":";
        const found = {};
        const tx = old.transaction("kv", "readwrite");
        tx.objectStore("kv").openCursor().onsuccess = function (event) {
          const cursor = event.target.result;
          if (!cursor) return;
          const key = String(cursor.key);
          const queued = key.startsWith("queue:" + prefix);
          if (key.startsWith(prefix) || queued) {
            const id = Number(key.slice((queued ? "queue:" : "").length + prefix.length));
            // A submission of the old version is kept as a draft to submit again.
            if (!found[id] || queued) found[id] = { observations: cursor.value.observations, etag: cursor.value.etag };
            cursor.delete();
          }
          cursor.continue();
        };
        tx.oncomplete = tx.onerror = function () {
          old.close();
          resolve(Object.keys(found).map(function (id) { return { id: Number(id), value: found[id] }; }));
        };
      };
    });
  }

  // -- talking to the server ---------------------------------------------------
  function isJson(response) {
    return (response.headers.get("Content-Type") || "").includes("application/json");
  }

  function refreshCsrf() {
    if (!config.bundle) return Promise.resolve(false);
    return fetch(config.bundle, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok && isJson(response) ? response.json() : null; })
      .then(function (body) {
        if (!body || !body.csrf_token) return false;
        csrfToken = body.csrf_token;
        return true;
      })
      .catch(function () { return false; });
  }

  // A JSON call; resolves {status, json, body, headers} for any answer and
  // rejects only when nothing came back. A page kept offline may carry the
  // CSRF token of an older session: a 400 fetches a fresh token, once.
  function call(method, url, body, headers, retried) {
    const init = {
      method: method, body: body, credentials: "same-origin",
      headers: Object.assign({ "X-CSRFToken": csrfToken, Accept: "application/json" }, headers || {}),
    };
    return fetch(url, init).then(function (response) {
      const answer = { status: response.status, json: false, body: null, headers: response.headers };
      if (!isJson(response)) return answer;
      return response.json().then(function (json) {
        answer.json = true;
        answer.body = json;
        return answer;
      }, function () { return answer; });
    }).then(function (answer) {
      if (answer.status !== 400 || retried) return answer;
      return refreshCsrf().then(function (fresh) { return fresh ? call(method, url, body, headers, true) : answer; });
    });
  }

  function errorText(answer) {
    return answer.json && answer.body && answer.body.error ? answer.body.error.message : String(answer.status);
  }

  // Sent means: our server answered in JSON with the id of what it stored.
  function outcome(answer, accepted) {
    if (answer.json && accepted(answer.status) && answer.body && answer.body.id !== undefined && answer.body.id !== null) {
      return { sent: true, body: answer.body };
    }
    if (!answer.json || accepted(answer.status) || answer.status >= 500 || [401, 408, 429].indexOf(answer.status) >= 0) {
      return { retry: true, error: errorText(answer) };
    }
    return { state: "failed", error: errorText(answer) };
  }

  function sendPhoto(item) {
    const url = item.api + "/photos?requirement=" + encodeURIComponent(item.requirement) +
      "&client_id=" + encodeURIComponent(item.clientId);
    return call("POST", url, item.blob, { "Content-Type": item.contentType || "application/octet-stream" })
      .then(function (answer) { return outcome(answer, function (s) { return s === 201; }); });
  }

  function sendSubmit(item) {
    const saved = item.saved ? Promise.resolve(null) : saveObservations(item);
    return saved.then(function (stop) {
      if (stop) return stop;
      return call("POST", item.api + "/submit", undefined, { "Idempotency-Key": item.key })
        .then(function (answer) { return outcome(answer, function (s) { return s >= 200 && s < 300; }); });
    });
  }

  // The observations as they were when submit was pressed, with the ETag they
  // were based on; null to go on with the submission, or the outcome to stop.
  function saveObservations(item) {
    // Started offline: the day it was done on the tablet, not the day it arrives.
    const body = JSON.stringify(item.inspectedOn
      ? { observations: item.observations, inspected_on: item.inspectedOn }
      : { observations: item.observations });
    return call("PUT", item.api + "/observations", body, { "If-Match": item.etag, "Content-Type": "application/json" })
      .then(function (answer) {
        if (answer.json && answer.status === 200) {
          return outbox.update(item.seq, { etag: answer.headers.get("ETag") || item.etag, saved: true }).then(function () { return null; });
        }
        if (answer.json && answer.status === 412) {
          const current = answer.body.error.current || {};
          // Our own earlier save whose answer was lost is no conflict.
          if (!differences(item.observations, current.observations).length) {
            return outbox.update(item.seq, { etag: current.etag, saved: true }).then(function () { return null; });
          }
          return { state: "conflict", server: current, error: errorText(answer) };
        }
        // Already submitted, maybe by our own earlier try: the key tells.
        if (answer.json && answer.status === 409) return null;
        return outcome(answer, function () { return false; });
      });
  }

  let running = null;
  let again = false;
  let sendingSeq = null;

  function processOutbox() {
    if (!user || wiped) return Promise.resolve();
    if (running) { again = true; return running; }
    const locked = navigator.locks
      ? navigator.locks.request("snf-outbox-" + user, sendAll)
      : sendAll();
    running = locked.catch(function () { return false; }).then(function (finished) {
      running = null;
      if (again) { again = false; return processOutbox(); }
      if (finished === false) retryLater();
      else retryDelay = 0;
      return null;
    });
    return running;
  }

  // A failed round is tried again soon, then less often (at most every RETRY_MS).
  let retryDelay = 0;
  let retryTimer = null;
  function retryLater() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 500, RETRY_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { if (navigator.onLine) processOutbox(); }, retryDelay);
  }

  function sendAll() {
    return outbox.all().then(function (items) {
      const blocked = {};
      let chain = Promise.resolve(true);
      items.forEach(function (item) {
        chain = chain.then(function (goOn) {
          if (!goOn || !navigator.onLine) return false;
          if (blocked[item.inspection] || item.state !== "waiting") { blocked[item.inspection] = true; return true; }
          sendingSeq = item.seq;
          changed({ type: "sending", item: item });
          const send = item.type === "photo" ? sendPhoto(item) : sendSubmit(item);
          return send.catch(function (error) { return { retry: true, error: String(error.message || error) }; })
            .then(function (result) { sendingSeq = null; return settle(item, result, blocked); });
        });
      });
      return chain;
    });
  }

  function settle(item, result, blocked) {
    if (result.sent) {
      retryDelay = 0; // progress: the next problem is retried soon again
      const done = item.type === "submit" ? drafts.del(item.inspection) : Promise.resolve();
      return done.then(function () { return outbox.del(item.seq); }).then(function () {
        changed({ type: "sent", item: item, body: result.body });
        return true;
      });
    }
    if (result.retry) {
      // Keep the order: nothing after this item goes before it.
      return outbox.update(item.seq, { attempts: (item.attempts || 0) + 1, error: result.error })
        .then(function () { return false; });
    }
    blocked[item.inspection] = true;
    return outbox.update(item.seq, { state: result.state, error: result.error, server: result.server || null })
      .then(function () {
        changed({ type: result.state, item: Object.assign({}, item, result) });
        return true;
      });
  }

  // -- comparing two versions of the observations ------------------------------
  function flatten(doc, prefix, out) {
    Object.keys(doc || {}).forEach(function (key) {
      const path = prefix ? prefix + "." + key : key;
      const value = doc[key];
      if (value !== null && typeof value === "object") flatten(value, path, out);
      else out[path] = value;
    });
    return out;
  }

  function same(a, b) {
    if (a === b) return true;
    if (a === undefined || a === null || b === undefined || b === null) return false;
    if (typeof a === "boolean" || typeof b === "boolean") return false;
    return String(a).trim() !== "" && Number(a) === Number(b);
  }

  // [[path, mine, theirs], ...] for every value that differs.
  function differences(mine, theirs) {
    const a = flatten(mine, "", {});
    const b = flatten(theirs, "", {});
    return Object.keys(Object.assign({}, a, b)).sort()
      .filter(function (key) { return !same(a[key], b[key]); })
      .map(function (key) { return [key, a[key], b[key]]; });
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
    if (!user || wiped || (!panel && !counters.length)) return;
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
          : item.seq !== undefined && item.seq === sendingSeq ? t.sending : t.waiting;
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
      localStorage.setItem(KEPT_AT + user, String(Date.now()));
      return answer.cached || [];
    });
  }

  function fetchBundle() {
    return fetch(config.bundle, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok || !isJson(response)) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (bundle) {
        if (bundle.csrf_token) csrfToken = bundle.csrf_token;
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
      return savePages(pages).then(function (cached) { autoKept = pair[0].items.map(function (i) { return i.id; }); return cached; });
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
    }).catch(function () { /* no worker: online only */ });
  }

  // -- logging out on a shared tablet -------------------------------------------
  function deleteDatabase(name) {
    return new Promise(function (resolve) {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = function () { resolve(); };
      setTimeout(resolve, 3000); // blocked by a tab that does not let go
    });
  }

  function wipe(who) {
    const closing = dbPromise ? dbPromise.then(function (db) { db.close(); }, function () { return null; }) : Promise.resolve();
    wiped = true;
    dbPromise = null;
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
      return Promise.all([deleteDatabase(dbName(who)), dropCaches, toldWorker]);
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
          // The server forgets the session when the tablet is back online.
          localStorage.setItem(LOGOUT_PENDING, user);
          window.alert(t.logout_offline);
        }
        logoutForm.submit();
      });
    });
  }

  function finishPendingLogout() {
    const waiting = localStorage.getItem(LOGOUT_PENDING);
    if (!waiting) return;
    if (waiting !== user || !logoutForm) { localStorage.removeItem(LOGOUT_PENDING); return; }
    if (!navigator.onLine) return;
    localStorage.removeItem(LOGOUT_PENDING);
    wipe(user).then(function () { logoutForm.dataset.cleared = "1"; logoutForm.submit(); });
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
  if (logoutForm) logoutForm.addEventListener("submit", logOut);
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
    else {
      const last = Number(localStorage.getItem(KEPT_AT + user) || 0);
      if (config.inspector && Date.now() - last > KEEP_EVERY_MS) keepForOffline().catch(function () { return null; });
    }
    render();
    processOutbox();
  });
})();
