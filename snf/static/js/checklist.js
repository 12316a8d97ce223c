// The inspection checklist on the tablet.
// Every change is kept on the tablet first (IndexedDB, through offline.js),
// then saved to the server every few seconds with If-Match; a conflict is
// shown, never merged silently. Live results come from the norm's rules in
// the browser (rules.js), so they keep working offline. Photos and the
// submission go through offline.js's send queue: offline they wait on the
// tablet, and a reload, even offline, brings back everything typed.
(function () {
  "use strict";

  const root = document.getElementById("checklist");
  if (!root) return;
  const form = document.getElementById("obs-form");
  const t = JSON.parse(document.getElementById("i18n").textContent);
  const O = window.SNFOffline;
  const api = root.dataset.api;
  const inspectionId = Number(root.dataset.id);
  const label = document.querySelector("h1").textContent.trim();
  const correction = root.dataset.correction === "1";
  const SAVE_EVERY_MS = 4000;
  let etag = root.dataset.etag;
  let dirty = false;
  let saving = null;
  let locked = false;
  let evaluateTimer = null;

  // -- reading and writing the form ----------------------------------------
  function parseNumber(text, integer) {
    const clean = text.trim().replace(",", ".");
    if (clean === "") return null;
    const value = Number(clean);
    if (!Number.isFinite(value)) return clean; // the server names the field
    return integer && Number.isInteger(value) ? value : value;
  }

  // Requirement codes contain dots (B-2.3): "answers.B-2.3" is two parts.
  const BY_REQUIREMENT = /^(answers|notes|not_applicable)\.(.+)$/;
  function splitPath(path) {
    const match = BY_REQUIREMENT.exec(path);
    return match ? [match[1], match[2]] : path.split(".");
  }

  function setPath(doc, path, value) {
    const parts = splitPath(path);
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
        value = kind === "choice" || kind === "date" ? (input.value || null)
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
    form.querySelectorAll("textarea[name^='notes.']").forEach(function (area) {
      area.value = lookup(doc, area.name) || "";
    });
    form.querySelectorAll(".na-toggle").forEach(function (toggle) {
      const reason = lookup(doc, "not_applicable." + toggle.dataset.req);
      const input = form.querySelector('input[name="not_applicable.' + CSS.escape(toggle.dataset.req) + '"]');
      toggle.checked = !!reason;
      if (input) { input.value = reason || ""; input.hidden = !reason; }
    });
  }

  function lookup(doc, path) {
    return splitPath(path).reduce(function (node, part) {
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
    const extra = Object.assign({}, headers || {});
    let payload;
    if (body !== undefined) {
      extra["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    return O.call(method, url, payload, extra).then(function (answer) {
      // A captive portal answers 200 with a web page: that is not our server.
      if (!answer.json) throw new Error("not the SNF server");
      return answer;
    });
  }
  function postJSON(url, body, headers) { return send("POST", url, body, headers); }

  function keepLocally() {
    if (correction) return Promise.resolve();
    return O.drafts.put(inspectionId, {
      inspection: inspectionId, label: label, page: location.pathname,
      observations: readForm(), etag: etag, dirty: dirty, at: Date.now(),
    }).then(O.render).catch(function () { /* logged out meanwhile, or no IndexedDB */ });
  }

  function saveToServer() {
    if (!dirty || saving || locked || correction || !navigator.onLine) return saving || Promise.resolve();
    showSave(t.saving, true);
    const observations = readForm();
    saving = send("PUT", api + "/observations", { observations: observations }, { "If-Match": etag })
      .then(function (res) {
        if (res.status === 200) return saved(res.headers.get("ETag"), observations);
        if (res.status === 412) {
          const current = res.body.error.current;
          // Our own earlier save whose answer was lost is no conflict.
          if (!O.differences(observations, current.observations).length) return saved(current.etag, observations);
          return showConflict(observations, current, keepMine, takeTheirs);
        }
        if (res.status === 422) showFieldErrors(res.body.error.fields);
        showSave(t.unsaved, true);
        return null;
      })
      .catch(function () { showSave(t.unsaved, true); })
      .finally(function () { saving = null; });
    return saving;
  }

  function saved(newEtag, observations) {
    etag = newEtag || etag;
    if (JSON.stringify(readForm()) === JSON.stringify(observations)) dirty = false;
    showFieldErrors({});
    showSave(dirty ? t.unsaved : t.saved, dirty);
    return keepLocally();
  }

  // -- conflicts -----------------------------------------------------------
  // Both versions side by side; nothing changes until the inspector chooses.
  function showConflict(mine, current, onKeep, onTake) {
    const box = document.getElementById("conflict");
    const rows = document.getElementById("conflict-rows");
    rows.innerHTML = "";
    O.differences(mine, current.observations).forEach(function (row) {
      const tr = document.createElement("tr");
      [labelOf(row[0]), row[1], row[2]].forEach(function (v) {
        const td = document.createElement("td");
        td.textContent = v === undefined ? "—" : String(v);
        tr.append(td);
      });
      rows.append(tr);
    });
    box.hidden = false;
    box.scrollIntoView();
    document.getElementById("keep-mine").onclick = function () { box.hidden = true; onKeep(current); };
    document.getElementById("take-theirs").onclick = function () { box.hidden = true; onTake(current); };
    showSave(t.unsaved, true);
    return null;
  }

  // The observation's name as the form shows it, with its key for the record.
  function labelOf(path) {
    const box = form.querySelector('[data-key="' + CSS.escape(path) + '"]');
    const named = box && box.querySelector("label, legend");
    const note = /^notes\.(.+)$/.exec(path);
    if (named) return named.textContent.trim() + " (" + path + ")";
    if (note) return t.note + " " + note[1];
    return path;
  }

  function keepMine(current) { etag = current.etag; dirty = true; saveToServer(); }

  function takeTheirs(current) {
    etag = current.etag; writeForm(current.observations);
    dirty = false; keepLocally(); evaluateNow(); showSave(t.saved, false);
  }

  // -- submitting ----------------------------------------------------------
  // Submit goes through the send queue with the Idempotency-Key chosen now:
  // online it is sent at once, offline when the connection is back.
  function submit() {
    const status = document.getElementById("submit-status");
    if (correction) return submitCorrection(status);
    if (!window.confirm(t.confirm)) return;
    locked = true;
    lockForm(true);
    status.textContent = t.submitting;
    Promise.resolve(saving).then(function () {
      return O.outbox.forInspection(inspectionId);
    }).then(function (items) {
      if (items.some(function (i) { return i.type === "submit"; })) return null;
      return O.outbox.add({
        type: "submit", inspection: inspectionId, api: api, page: location.pathname, label: label,
        key: root.dataset.submitKey, etag: etag, observations: readForm(), saved: false,
      });
    }).then(function () {
      return keepLocally();
    }).then(O.process).then(function () {
      if (locked) status.textContent = t.queued;
    }).catch(function (error) {
      unlock();
      status.textContent = t.submit_failed + " " + error.message;
    });
  }

  function lockForm(on) {
    form.classList.toggle("locked", on);
    form.querySelectorAll("input, select, textarea, button").forEach(function (el) { el.disabled = on; });
  }

  function unlock() { locked = false; lockForm(false); }

  // What the send queue reports about this inspection.
  function onQueue(event) {
    const detail = event.detail || {};
    const item = detail.item;
    if (!item || item.inspection !== inspectionId) return;
    if (item.type === "photo" && detail.type === "sent") photoSent(item.clientId, detail.body.url);
    if (item.type === "photo" && detail.type === "failed") photoFailed(item);
    if (item.type !== "submit") return;
    if (detail.type === "sent") { window.location = root.dataset.done; return; }
    if (detail.type === "conflict") showQueuedConflict(item);
    if (detail.type === "failed") submitRefused(item);
  }

  function showQueuedConflict(item) {
    showConflict(item.observations, item.server, function (current) {
      // Mine: sent again, now based on the server's latest version.
      O.outbox.update(item.seq, { etag: current.etag, state: "waiting", server: null, error: null })
        .then(O.process);
    }, function (current) {
      // Theirs: the submission is withdrawn; check the checklist and submit again.
      O.outbox.del(item.seq).then(function () {
        unlock(); takeTheirs(current);
        document.getElementById("submit-status").textContent = "";
      });
    });
  }

  function submitRefused(item) {
    O.outbox.del(item.seq).then(function () {
      unlock();
      document.getElementById("submit-status").textContent = t.submit_failed + " " + (item.error || "");
      dirty = true;
      keepLocally();
    });
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
  // The photo is kept on the tablet with the client_id chosen now, shown at
  // once, and uploaded by the send queue (retried until a 201 JSON answer).
  function uploadPhoto(input) {
    const file = input.files[0];
    if (!file) return;
    const req = input.dataset.req;
    const clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random())
      .replace(/[^A-Za-z0-9_-]/g, "");
    O.outbox.add({
      type: "photo", inspection: inspectionId, api: api, page: location.pathname, label: label,
      requirement: req, clientId: clientId, blob: file, contentType: file.type || "image/jpeg",
    }).then(function () {
      showThumb(req, URL.createObjectURL(file), clientId);
      return O.process();
    }).catch(function (error) { window.alert(t.photo_failed + " " + error.message); })
      .finally(function () { input.value = ""; });
  }

  function showThumb(req, src, clientId) {
    const img = document.createElement("img");
    img.src = src; img.width = 96; img.alt = t.photo + " " + req;
    img.className = "queued"; img.dataset.clientId = clientId; img.title = t.unsaved;
    form.querySelector('.thumbs[data-req="' + CSS.escape(req) + '"]').append(img);
  }

  function photoSent(clientId, url) {
    const img = form.querySelector('img[data-client-id="' + CSS.escape(clientId) + '"]');
    if (!img) return;
    if (url) img.src = url;
    img.classList.remove("queued");
    img.removeAttribute("title");
  }

  function photoFailed(item) {
    const img = form.querySelector('img[data-client-id="' + CSS.escape(item.clientId) + '"]');
    if (img) { img.classList.add("refused"); img.title = t.photo_failed + " " + (item.error || ""); }
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
  window.addEventListener("snf:outbox", onQueue);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { keepLocally(); saveToServer(); }
  });
  window.addEventListener("pagehide", function () { if (dirty) keepLocally(); });
  setInterval(saveToServer, SAVE_EVERY_MS);

  function revision(tag) {
    const match = /-(\d+)"?$/.exec(tag || "");
    return match ? Number(match[1]) : -1;
  }

  // What this tablet holds wins over the page as served (which may be an
  // older copy kept offline): a queued submission, a draft the server has
  // not seen, or a saved draft newer than the page. Nothing typed is lost by
  // a reload or a lost connection.
  function restore(local, items) {
    const queued = items.filter(function (i) { return i.type === "submit"; })[0];
    if (queued) {
      writeForm(queued.observations);
      etag = queued.etag;
      locked = true;
      lockForm(true);
      document.getElementById("submit-status").textContent = t.queued;
      if (queued.state === "conflict") showQueuedConflict(queued);
      if (queued.state === "failed") submitRefused(queued);
    } else if (local && !correction && (local.dirty || revision(local.etag) > revision(etag))) {
      writeForm(local.observations);
      etag = local.etag || etag;
      dirty = !!local.dirty;
      showSave(dirty ? t.unsaved : t.saved, dirty);
      saveToServer();
    }
    items.forEach(function (item) {
      if (item.type !== "photo") return;
      showThumb(item.requirement, URL.createObjectURL(item.blob), item.clientId);
      if (item.state === "failed") photoFailed(item);
    });
  }

  Promise.all([O.drafts.get(inspectionId), O.outbox.forInspection(inspectionId)])
    .then(function (pair) { restore(pair[0], pair[1]); })
    .catch(function () { /* private mode without IndexedDB: the server copy stays */ })
    .finally(function () { showNet(); evaluateNow(); });
})();
