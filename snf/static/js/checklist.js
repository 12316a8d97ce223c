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
  // A planned inspection is shown behind its Start button; started offline,
  // the tablet keeps the day (startedOn) and the first save starts it with it.
  const planned = root.dataset.planned === "1";
  let startedOn = null;
  const F = window.SNFChecklistForm.create(root, form, t);
  const P = window.SNFChecklistPhotos.create(form, t, {
    inspection: inspectionId, api: api, page: location.pathname, label: label,
  });
  const readForm = F.readForm;
  const writeForm = F.writeForm;
  const showFieldErrors = F.showFieldErrors;
  const SAVE_EVERY_MS = 4000;
  let etag = root.dataset.etag;
  let dirty = false;
  let saving = null;
  let locked = false;
  let evaluateTimer = null;

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

  function evaluateSoon() {
    clearTimeout(evaluateTimer);
    evaluateTimer = setTimeout(evaluateNow, 300);
  }

  function evaluateNow() {
    const observations = readForm();
    if (window.SNFRules && window.SNFRules.ready) {
      const evaluation = window.SNFRules.evaluate(observations, startedOn || root.dataset.date, root.dataset.lang);
      showFieldErrors(evaluation.errors || {});
      F.showResults(evaluation);
      return;
    }
    if (!navigator.onLine) return;
    postJSON(root.dataset.evaluate + "?lang=" + root.dataset.lang + "&part=" + root.dataset.part,
      { observations: observations, date: startedOn || root.dataset.date })
      .then(function (res) {
        if (res.status === 200) { showFieldErrors({}); F.showResults(res.body); }
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
      observations: readForm(), etag: etag, dirty: dirty, at: Date.now(), startedOn: startedOn,
    }).then(O.render).catch(function () { /* logged out meanwhile, or no IndexedDB */ });
  }

  function saveToServer() {
    if (!dirty || saving || locked || correction || !navigator.onLine || notStarted()) return saving || Promise.resolve();
    showSave(t.saving, true);
    const observations = readForm();
    const body = { observations: observations };
    if (startedOn) body.inspected_on = startedOn;
    saving = send("PUT", api + "/observations", body, { "If-Match": etag })
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
    clearTimeout(evaluateTimer);
    evaluateNow();
    const lastEvaluation = F.lastEvaluation();
    if (!lastEvaluation || !window.SNFReview) { status.textContent = t.submit_failed; return; }
    window.SNFReview.open(lastEvaluation.results, function () { submitNow(status); });
  }

  function submitNow(status) {
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
        inspectedOn: startedOn,
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
    if (item.type === "photo" && detail.type === "sent") P.sent(item.clientId, detail.body.url);
    if (item.type === "photo" && detail.type === "failed") P.failed(item);
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

  function addBedroom() {
    F.appendBedroom();
    F.renumberBedrooms();
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
    if (target.classList.contains("photo-input")) { P.upload(target); return; }
    changed();
  });
  form.addEventListener("click", function (event) {
    if (event.target.classList.contains("remove-bedroom")) {
      // A bedroom with answers goes only when the inspector says so.
      const room = event.target.closest(".bedroom");
      const filled = Array.from(room.querySelectorAll("input")).some(function (el) {
        return el.type === "radio" ? el.checked : el.value.trim() !== "";
      });
      const n = room.querySelector(".n").textContent;
      if (filled && !window.confirm(t.remove_bedroom.replace("{n}", n))) return;
      room.remove();
      F.renumberBedrooms();
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

  // -- starting ------------------------------------------------------------
  // Online the server starts it (today's date, the version in force) and the
  // page is loaded again as started. Without the server the tablet starts it:
  // the day is kept with the draft and sent with the first save.
  function notStarted() { return planned && !startedOn; }

  function localDay() {
    const now = new Date();
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function showStarted(day) {
    startedOn = day;
    const panel = document.getElementById("start-panel");
    if (panel) panel.hidden = true;
    form.hidden = false;
    const shown = document.getElementById("inspected-on");
    if (shown) shown.textContent = day;
    const badge = document.getElementById("save-status");
    badge.hidden = false;
    if (!dirty) badge.textContent = t.started_here;
  }

  function startHere() {
    showStarted(localDay());
    dirty = true;
    keepLocally();
    evaluateNow();
  }

  function start(event) {
    event.preventDefault();
    const startForm = event.target;
    const button = startForm.querySelector("button");
    button.disabled = true;
    if (!navigator.onLine) { startHere(); return; }
    send("POST", startForm.dataset.api, {}).then(function (res) {
      if (res.status === 200) { window.location.reload(); return; }
      button.disabled = false;
      document.getElementById("submit-status").textContent = t.start_failed + " " +
        (res.body && res.body.error ? res.body.error.message : res.status);
      document.getElementById("start-panel").append(document.getElementById("submit-status"));
    }).catch(startHere);
  }

  const startForm = document.getElementById("start-form");
  if (startForm) startForm.addEventListener("submit", start);

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
    const day = (queued && queued.inspectedOn) || (local && local.startedOn);
    if (planned && day) showStarted(day);
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
      P.showThumb(item.requirement, URL.createObjectURL(item.blob), item.clientId);
      if (item.state === "failed") P.failed(item);
    });
  }

  Promise.all([O.drafts.get(inspectionId), O.outbox.forInspection(inspectionId)])
    .then(function (pair) { restore(pair[0], pair[1]); })
    .catch(function () { restore(O.drafts.journalled(inspectionId), []); })
    .finally(function () { showNet(); evaluateNow(); });
})();
