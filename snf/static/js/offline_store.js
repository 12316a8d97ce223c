// The tablet's store (offline.js creates it for the user of the page): one
// IndexedDB database per user, "snf-u<user id>", with three stores (see
// offline.js for what they hold). Only this user's pages open it.
(function () {
  "use strict";

  const DB_VERSION = 1;

  function dbName(who) { return "snf-u" + who; }

  // changed(detail) is told of every change to the send queue.
  function create(user, changed) {
    let dbPromise = null;
    let wiped = false;

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

    // An IndexedDB write finishes after the event that asked for it: a reload
    // a moment after typing would lose the last keystrokes. Each draft is
    // also written at once to the tab's session storage, which survives a
    // reload; reading gives the newer of the two copies.
    const kept = keyValue("drafts");
    const JOURNAL = "snf-journal:" + user + ":";
    function journalled(key) {
      try { return JSON.parse(sessionStorage.getItem(JOURNAL + key) || "null"); } catch (e) { return null; }
    }
    function journal(key, value) {
      try {
        if (value === undefined) sessionStorage.removeItem(JOURNAL + key);
        else sessionStorage.setItem(JOURNAL + key, JSON.stringify(value));
      } catch (e) { /* full or switched off: IndexedDB still keeps it */ }
    }
    const drafts = {
      get: function (key) {
        const quick = journalled(key);
        return kept.get(key).then(function (stored) {
          if (!quick) return stored;
          return stored && (stored.at || 0) >= (quick.at || 0) ? stored : quick;
        });
      },
      put: function (key, value) { journal(key, value); return kept.put(key, value); },
      del: function (key) { journal(key); return kept.del(key); },
      all: kept.all,
      journalled: journalled,
    };
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

    // Logging out: no more reads or writes, the connection closed.
    function close() {
      try {
        Object.keys(sessionStorage).forEach(function (key) {
          if (key.startsWith(JOURNAL)) sessionStorage.removeItem(key);
        });
      } catch (e) { /* no session storage: nothing kept there */ }
      const closing = dbPromise ? dbPromise.then(function (db) { db.close(); }, function () { return null; }) : Promise.resolve();
      wiped = true;
      dbPromise = null;
      return closing;
    }

    return {
      drafts: drafts, marks: marks, outbox: outbox, close: close,
      isWiped: function () { return wiped; },
    };
  }

  function deleteDatabase(name) {
    return new Promise(function (resolve) {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = function () { resolve(); };
      setTimeout(resolve, 3000); // blocked by a tab that does not let go
    });
  }

  window.SNFStore = { create: create, dbName: dbName, deleteDatabase: deleteDatabase };
})();
