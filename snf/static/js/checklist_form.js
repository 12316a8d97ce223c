// The checklist form of an inspection, as data and back: reading the inputs
// into an observation document (bedrooms by their place), writing one into
// the inputs, the repeatable bedroom blocks, and showing live results and
// field errors. checklist.js does the saving, sending and wiring.
(function () {
  "use strict";

  function create(root, form, t) {
    let last = null;

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
      // A bedroom is known by its place: an empty one keeps it (and stays
      // "not answered"), so bedroom 2 never moves into bedroom 1's place.
      const rooms = form.querySelectorAll("#bedrooms .bedroom");
      if (rooms.length) {
        const filled = doc.bedrooms || [];
        doc.bedrooms = Array.from(rooms, function (room, index) { return filled[index] || {}; });
      }
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
          if (input) input.value = shown(value);
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

    // A number as the inspector types it: a decimal comma in Dutch.
    function shown(value) {
      if (value === undefined || value === null) return "";
      const text = String(value);
      return typeof value === "number" && root.dataset.lang === "nl" ? text.replace(".", ",") : text;
    }

    function lookup(doc, path) {
      return splitPath(path).reduce(function (node, part) {
        return node === undefined || node === null ? undefined : node[part];
      }, doc);
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
      // Judged only when every requirement that applies has an answer: an
      // unanswered item is not yet a verdict, not a "not conform".
      const judged = answered === total || (evaluation.notes || []).length > 0;
      const verdict = document.getElementById("verdict");
      verdict.textContent = judged ? t[evaluation.verdict] : t.not_judged;
      verdict.className = "pill status-" + (judged ? evaluation.verdict : "not_answered");
      last = evaluation;
    }

    // The rules' messages are English (the server's); the inspector reads them
    // in the page's language.
    function errorText(message) {
      const texts = t.errors || {};
      if (texts[message]) return texts[message];
      const bound = /^must be at (least|most) (.+)$/.exec(message);
      if (bound) {
        const text = bound[1] === "least" ? texts.at_least : texts.at_most;
        return text.replace(/\{(min|max)\}/, bound[2].replace(".", root.dataset.lang === "nl" ? "," : "."));
      }
      return message;
    }

    function showFieldErrors(fields) {
      form.querySelectorAll(".field.obs").forEach(function (box) {
        const p = box.querySelector(".errors");
        p.hidden = true; p.textContent = "";
        box.classList.remove("has-error");
        box.querySelectorAll("input, select").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      });
      Object.keys(fields || {}).forEach(function (path) {
        const box = form.querySelector('.field.obs[data-key="' + CSS.escape(path) + '"]');
        if (!box) return;
        const p = box.querySelector(".errors");
        p.textContent = fields[path].map(errorText).join(" ");
        p.hidden = false;
        box.classList.add("has-error");
        box.querySelectorAll("input, select").forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
      });
    }

    // -- bedrooms ------------------------------------------------------------
    function renumberBedrooms() {
      document.querySelectorAll("#bedrooms .bedroom").forEach(function (set, index) {
        set.dataset.index = String(index);
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

    return {
      readForm: readForm,
      writeForm: writeForm,
      lookup: lookup,
      showResults: showResults,
      showFieldErrors: showFieldErrors,
      renumberBedrooms: renumberBedrooms,
      appendBedroom: appendBedroom,
      lastEvaluation: function () { return last; },
    };
  }

  window.SNFChecklistForm = { create: create };
})();
