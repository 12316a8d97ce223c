// The send queue of the tablet (offline.js creates it): JSON calls to our
// server with a fresh CSRF token when a kept page's token is stale, and the
// outbox sent in order, photos with their client_id and submissions with
// their Idempotency-Key, retried until our server answers with the new id.
(function () {
  "use strict";

  const RETRY_MS = 15000;

  // options: {user, bundle (URL of the offline bundle), store, changed, csrf}
  function create(options) {
    const user = options.user;
    const bundle = options.bundle;
    const store = options.store;
    const outbox = store.outbox;
    const drafts = store.drafts;
    const changed = options.changed;
    let csrfToken = options.csrf || "";

    // -- talking to the server ---------------------------------------------------
    function isJson(response) {
      return (response.headers.get("Content-Type") || "").includes("application/json");
    }

    function refreshCsrf() {
      if (!bundle) return Promise.resolve(false);
      return fetch(bundle, { credentials: "same-origin", headers: { Accept: "application/json" } })
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
      if (!user || store.isWiped()) return Promise.resolve();
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

    return {
      call: call,
      process: processOutbox,
      differences: differences,
      isJson: isJson,
      setCsrf: function (token) { csrfToken = token; },
      sendingSeq: function () { return sendingSeq; },
    };
  }

  window.SNFQueue = { create: create, RETRY_MS: RETRY_MS };
})();
