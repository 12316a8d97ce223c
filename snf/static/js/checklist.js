// The inspection checklist on the tablet.
// Every change is kept on the tablet first (IndexedDB), then saved to the
// server every few seconds with If-Match; a conflict is shown, never merged
// silently. Live results come from the norm's rules.
(function () {
  "use strict";

  const root = document.getElementById("checklist");
  if (!root) return;
  const form = document.getElementById("obs-form");
  const t = JSON.parse(document.getElementById("i18n").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const api = root.dataset.api;
  const draftKey = "draft:" + root.dataset.user + ":" + root.dataset.id;
  const correction = root.dataset.correction === "1";
  const SAVE_EVERY_MS = 4000;
  let etag = root.dataset.etag;
  let dirty = false;
  let saving = false;
  let evaluateTimer = null;

  // -- a tiny IndexedDB key-value store -----------------------------------
  const store = (function () {
    let dbPromise = null;
    function open() {
      if (!dbPromise) {
        dbPromise = new Promise(function (resolve, reject) {
          const request = indexedDB.open("snf-tablet", 1);
          request.onupgradeneeded = function () { request.result.createObjectStore("kv"); };
          request.onsuccess = function () { resolve(request.result); };
          request.onerror = function () { reject(request.error); };
        });
      }
      return dbPromise;
    }
    function run(mode, fn) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          const tx = db.transaction("kv", mode);
          const request = fn(tx.objectStore("kv"));
          tx.oncomplete = function () { resolve(request && request.result); };
          tx.onerror = function () { reject(tx.error); };
        });
      });
    }
    return {
      get: function (key) { return run("readonly", function (s) { return s.get(key); }); },
      put: function (key, value) { return run("readwrite", function (s) { return s.put(value, key); }); },
      del: function (key) { return run("readwrite", function (s) { return s.delete(key); }); },
    };
  })();

  // -- reading and writing the form ----------------------------------------
  function parseNumber(text, integer) {
    const clean = text.trim().replace(",", ".");
    if (clean === "") return null;
    const value = Number(clean);
    if (!Number.isFinite(value)) return clean; // the server names the field
    return integer && Number.isInteger(value) ? value : value;
  }

  function setPath(doc, path, value) {
    const parts = path.split(".");
    let node = doc;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (node[key] === undefined) node[key] = nextIsIndex ? [] : {};
      node = node[key];
    }
    node[parts[parts.length - 1]] = value;
  }

  function readForm() {
    const doc = {};
    form.querySelectorAll("[data-key]").forEach(function (box) {
      const key = box.dataset.key;
      const kind = box.dataset.kind;
      let value = null;
      if (kind === "boolean") {
        const checked = box.querySelector("input:checked");
        value = checked ? checked.value === "true" : null;
      } else {
        const input = box.querySelector("input, select");
        if (!input) return;
        value = kind === "choice" ? (input.value || null)
          : parseNumber(input.value, kind === "integer");
      }
      if (value !== null) setPath(doc, key, value);
    });
    form.querySelectorAll(".na-reason").forEach(function (input) {
      if (!input.hidden && input.value.trim()) setPath(doc, input.name, input.value.trim());
    });
    form.querySelectorAll("textarea[name^='notes.']").forEach(function (area) {
      if (area.value.trim()) setPath(doc, area.name, area.value);
    });
    if (doc.bedrooms) doc.bedrooms = doc.bedrooms.filter(function (b) { return b && Object.keys(b).length; });
    return doc;
  }

  function writeForm(doc) {
    const container = document.getElementById("bedrooms");
    if (container) {
      const rooms = Math.max((doc.bedrooms || []).length, 1);
      while (container.children.length < rooms) appendBedroom();
      while (container.children.length > rooms) container.lastElementChild.remove();
      renumberBedrooms();
    }
    form.querySelectorAll("[data-key]").forEach(function (box) {
      const value = lookup(doc, box.dataset.key);
      if (box.dataset.kind === "boolean") {
        box.querySelectorAll("input").forEach(function (r) { r.checked = String(value) === r.value; });
      } else {
        const input = box.querySelector("input, select");
        if (input) input.value = value === undefined || value === null ? "" : String(value);
      }
    });
  }

  function lookup(doc, path) {
    return path.split(".").reduce(function (node, part) {
      return node === undefined || node === null ? undefined : node[part];
    }, doc);
  }

  // -- status line ---------------------------------------------------------
  function showNet() {
    const el = document.getElementById("net-status");
    el.textContent = navigator.onLine ? t.online : t.offline;
    el.classList.toggle("offline", !navigator.onLine);
  }
  function showSave(text, isDirty) {
    const el = document.getElementById("save-status");
    el.textContent = text;
    el.classList.toggle("dirty", !!isDirty);
  }

  // -- results -------------------------------------------------------------
  function showResults(evaluation) {
    let answered = 0;
    let total = 0;
    evaluation.results.forEach(function (r) {
      const el = form.querySelector('[data-result="' + CSS.escape(r.requirement) + '"]');
      if (!el) return;
      total += 1;
      if (r.outcome !== "not_answered") answered += 1;
      el.innerHTML = "";
      const badge = document.createElement("span");
      badge.className = "status status-" + r.outcome;
      badge.textContent = t[r.outcome];
      const why = document.createElement("span");
      why.className = "why";
      why.textContent = " " + r.explanation;
      el.append(badge, why);
    });
    document.getElementById("progress").value = answered;
    document.getElementById("progress").max = total;
    document.getElementById("progress-text").textContent = answered + " / " + total + " " + t.answered;
    const verdict = document.getElementById("verdict");
    verdict.textContent = t[evaluation.verdict];
    verdict.className = "pill status-" + evaluation.verdict;
  }

  function showFieldErrors(fields) {
    form.querySelectorAll(".field.obs .errors").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    Object.keys(fields || {}).forEach(function (path) {
      const box = form.querySelector('[data-key="' + CSS.escape(path) + '"] .errors');
      if (box) { box.textContent = fields[path].join(" "); box.hidden = false; }
    });
  }

  function evaluateSoon() {
    clearTimeout(evaluateTimer);
    evaluateTimer = setTimeout(evaluateNow, 300);
  }

  function evaluateNow() {
    const observations = readForm();
    if (window.SNFRules && window.SNFRules.ready) {
      const evaluation = window.SNFRules.evaluate(observations, root.dataset.date, root.dataset.lang);
      showFieldErrors(evaluation.errors || {});
      showResults(evaluation);
      return;
    }
    if (!navigator.onLine) return;
    postJSON(root.dataset.evaluate + "?lang=" + root.dataset.lang + "&part=" + root.dataset.part,
      { observations: observations, date: root.dataset.date })
      .then(function (res) {
        if (res.status === 200) { showFieldErrors({}); showResults(res.body); }
        else if (res.status === 422) showFieldErrors(res.body.error.fields);
      }).catch(function () { /* offline: results come back with the network */ });
  }

  // -- talking to the server -----------------------------------------------
  function send(method, url, body, headers) {
    const init = {
      method: method, credentials: "same-origin",
      headers: Object.assign({ "X-CSRFToken": csrf, "Accept": "application/json" }, headers || {}),
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      const type = response.headers.get("Content-Type") || "";
      // A captive portal answers 200 with a web page: that is not our server.
      if (!type.includes("application/json")) throw new Error("not the SNF server");
      return response.json().then(function (json) {
        return { status: response.status, body: json, headers: response.headers };
      });
    });
  }
  function postJSON(url, body, headers) { return send("POST", url, body, headers); }

  function keepLocally() {
    return store.put(draftKey, { observations: readForm(), etag: etag, dirty: dirty, at: Date.now() });
  }

  function saveToServer() {
    if (!dirty || saving || correction || !navigator.onLine) return Promise.resolve();
    saving = true;
    showSave(t.saving, true);
    const observations = readForm();
    return send("PUT", api + "/observations", { observations: observations }, { "If-Match": etag })
      .then(function (res) {
        if (res.status === 200) {
          etag = res.headers.get("ETag") || etag;
          if (JSON.stringify(readForm()) === JSON.stringify(observations)) dirty = false;
          showFieldErrors({});
          showSave(dirty ? t.unsaved : t.saved, dirty);
          return keepLocally();
        }
        if (res.status === 412) return showConflict(observations, res.body.error.current);
        if (res.status === 422) showFieldErrors(res.body.error.fields);
        showSave(t.unsaved, true);
      })
      .catch(function () { showSave(t.unsaved, true); })
      .finally(function () { saving = false; });
  }

  // -- conflicts -----------------------------------------------------------
  function flatten(doc, prefix, out) {
    Object.keys(doc || {}).forEach(function (key) {
      const path = prefix ? prefix + "." + key : key;
      const value = doc[key];
      if (value !== null && typeof value === "object") flatten(value, path, out);
      else out[path] = value;
    });
    return out;
  }

  function showConflict(mine, current) {
    const box = document.getElementById("conflict");
    const rows = document.getElementById("conflict-rows");
    const a = flatten(mine, "", {});
    const b = flatten(current.observations, "", {});
    rows.innerHTML = "";
    Object.keys(Object.assign({}, a, b)).sort().forEach(function (key) {
      if (a[key] === b[key]) return;
      const tr = document.createElement("tr");
      [key, a[key], b[key]].forEach(function (v) {
        const td = document.createElement("td");
        td.textContent = v === undefined ? "—" : String(v);
        tr.append(td);
      });
      rows.append(tr);
    });
    box.hidden = false;
    box.scrollIntoView();
    document.getElementById("keep-mine").onclick = function () {
      etag = current.etag; box.hidden = true; dirty = true; saveToServer();
    };
    document.getElementById("take-theirs").onclick = function () {
      etag = current.etag; writeForm(current.observations); box.hidden = true;
      dirty = false; keepLocally(); evaluateNow(); showSave(t.saved, false);
    };
    showSave(t.unsaved, true);
  }

  // -- submitting ----------------------------------------------------------
  function submit() {
    const status = document.getElementById("submit-status");
    if (correction) return submitCorrection(status);
    if (!window.confirm(t.confirm)) return;
    const key = root.dataset.submitKey;
    store.put("queue:" + draftKey, { key: key, etag: etag, observations: readForm() });
    status.textContent = t.submitting;
    dirty = true;
    saveToServer()
      .then(function () {
        if (dirty) throw new Error(t.unsaved);
        return postJSON(api + "/submit", undefined, { "Idempotency-Key": key });
      })
      .then(function (res) {
        if (res.status >= 200 && res.status < 300 && res.body.id) {
          return store.del("queue:" + draftKey).then(function () { return store.del(draftKey); })
            .then(function () { window.location = root.dataset.done; });
        }
        status.textContent = t.submit_failed + " " + (res.body.error ? res.body.error.message : res.status);
      })
      .catch(function () { status.textContent = t.queued; });
  }

  function submitCorrection(status) {
    const reason = document.getElementById("correction-reason").value.trim();
    if (!reason) { status.textContent = t.reason_needed; return; }
    postJSON(api + "/correction", { observations: readForm(), reason: reason })
      .then(function (res) {
        if (res.status === 200) { window.location = root.dataset.done; return; }
        if (res.body.error && res.body.error.fields) showFieldErrors(res.body.error.fields);
        status.textContent = t.submit_failed + " " + (res.body.error ? res.body.error.message : res.status);
      })
      .catch(function () { status.textContent = t.submit_failed; });
  }

  // -- photos --------------------------------------------------------------
  function uploadPhoto(input) {
    const file = input.files[0];
    if (!file) return;
    const req = input.dataset.req;
    const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now())).replace(/[^A-Za-z0-9_-]/g, "");
    const url = api + "/photos?requirement=" + encodeURIComponent(req) + "&client_id=" + clientId;
    fetch(url, { method: "POST", credentials: "same-origin", body: file,
      headers: { "X-CSRFToken": csrf, "Content-Type": file.type || "application/octet-stream" } })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
      .then(function (pair) {
        if (pair[0].status !== 201) throw new Error(pair[1].error ? pair[1].error.message : pair[0].status);
        const img = document.createElement("img");
        img.src = pair[1].url; img.width = 96; img.alt = req;
        form.querySelector('.thumbs[data-req="' + CSS.escape(req) + '"]').append(img);
      })
      .catch(function (error) { window.alert(t.photo_failed + " " + error.message); })
      .finally(function () { input.value = ""; });
  }

  // -- bedrooms ------------------------------------------------------------
  function renumberBedrooms() {
    document.querySelectorAll("#bedrooms .bedroom").forEach(function (set, index) {
      set.querySelector(".n").textContent = index + 1;
      set.querySelectorAll("[data-key]").forEach(function (box) {
        box.dataset.key = box.dataset.key.replace(/^bedrooms\.\d+\./, "bedrooms." + index + ".");
        box.querySelectorAll("input, select").forEach(function (el) {
          el.name = el.name.replace(/^bedrooms\.(\d+|__i__)\./, "bedrooms." + index + ".");
          el.id = "obs-" + el.name.replace(/\./g, "-");
        });
        const label = box.querySelector("label[for]");
        const input = box.querySelector("input, select");
        if (label && input) label.htmlFor = input.id;
      });
    });
  }

  function appendBedroom() {
    const template = document.getElementById("bedroom-template");
    const clone = template.content.firstElementChild.cloneNode(true);
    clone.querySelectorAll("[data-key]").forEach(function (box) {
      box.dataset.key = box.dataset.key.replace("__i__", "0");
    });
    document.getElementById("bedrooms").append(clone);
  }

  function addBedroom() {
    appendBedroom();
    renumberBedrooms();
    changed();
  }

  // -- wiring --------------------------------------------------------------
  function changed() {
    dirty = true;
    showSave(t.unsaved, true);
    keepLocally();
    evaluateSoon();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function (event) {
    const target = event.target;
    if (target.classList.contains("na-toggle")) {
      const reason = form.querySelector('input[name="not_applicable.' + target.dataset.req + '"]');
      reason.hidden = !target.checked;
      if (target.checked) reason.focus(); else reason.value = "";
    }
    if (target.classList.contains("photo-input")) { uploadPhoto(target); return; }
    changed();
  });
  form.addEventListener("click", function (event) {
    if (event.target.classList.contains("remove-bedroom")) {
      event.target.closest(".bedroom").remove();
      renumberBedrooms();
      changed();
    }
  });
  const add = document.getElementById("add-bedroom");
  if (add) add.addEventListener("click", addBedroom);
  document.getElementById("submit").addEventListener("click", submit);
  window.addEventListener("online", function () { showNet(); saveToServer(); evaluateNow(); });
  window.addEventListener("offline", showNet);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { keepLocally(); saveToServer(); }
  });
  window.addEventListener("pagehide", keepLocally);
  setInterval(saveToServer, SAVE_EVERY_MS);

  // A draft kept on this tablet that the server has not seen wins over the
  // page as served: nothing typed is lost by a reload or a lost connection.
  store.get(draftKey).then(function (local) {
    if (local && local.dirty && !correction) {
      writeForm(local.observations);
      etag = local.etag || etag;
      dirty = true;
      showSave(t.unsaved, true);
      saveToServer();
    }
  }).catch(function () { /* private mode without IndexedDB: the server copy stays */ })
    .finally(function () { showNet(); evaluateNow(); });
})();
