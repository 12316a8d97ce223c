// The norm's rules in the browser: a port of snf/norms/rules.py (evaluation)
// and of the parts of snf/norms/observations.py and observation_values.py that
// decide outcomes (validation, labels, format_value). The same CEL sources run
// here, with the vendored @marcbachmann/cel-js (static/vendor/cel-js.min.js,
// global SNFCel). Split by job into classic scripts loaded in this order:
// rules_vocabulary.js (vocabulary, format_value), rules_validate.js,
// rules_compile.js and this file (evaluation and the page), which share their
// functions through SNFRulesParts.
// tests/norms/test_js_parity.py runs these files under Node and asserts that
// verdicts, outcomes and explanations equal the server's, text for text.
//
// A classic script (no modules, no eval: the page's CSP is script-src 'self').
// On a page with <script type="application/json" id="version-doc"> it compiles
// every rule once and sets window.SNFRules.ready; then
//   SNFRules.evaluate(observations, isoDate, lang, part)
// returns {verdict, results, notes, errors} like the server's evaluate API.
// `part` defaults to #checklist's data-part. Invalid observations do not stop
// the evaluation (the server answers 422): an invalid value counts as not
// recorded and is reported in `errors` ({path: [message]}, the server's texts).
// Without a page (Node): SNFRules.compile(versionDocument) returns an object
// with the same evaluate(observations, isoDate, lang, part); part undefined
// means the whole norm.
(function (root) {
  "use strict";

  var parts = (root.SNFRulesParts = root.SNFRulesParts || {});
  var HOUSING_TYPE_LABELS = parts.HOUSING_TYPE_LABELS;
  var VOCABULARY = parts.VOCABULARY;
  var BEDROOM_VOCABULARY = parts.BEDROOM_VOCABULARY;
  var ITEM_LABELS = parts.ITEM_LABELS;
  var MAP_KEYS = parts.MAP_KEYS;
  var hasOwn = parts.hasOwn;
  var isObject = parts.isObject;
  var get = parts.get;
  var pyStrip = parts.pyStrip;
  var format = parts.format;
  var label = parts.label;
  var formatValue = parts.formatValue;
  var validate = parts.validate;
  var isoDay = parts.isoDay;
  var compile = parts.compile;

  var PASS = "pass";
  var FAIL = "fail";
  var NOT_ANSWERED = "not_answered";
  var NOT_APPLICABLE = "not_applicable";

  var TEXT = {
    en: {
      housing: "Does not apply to housing type: {0}",
      not_yet: "Not in force on {0}; applies from {1}",
      when: "Does not apply at this location",
      missing: "Not recorded: {0}",
      unanswered: "Not answered",
      yes: "Answered yes",
      no: "Answered no",
      no_items: "No {0} recorded",
      all_pass: "All {0} comply ({1} checked)",
      error: "Could not be evaluated: {0}",
      zero: "division by zero",
      type: "a recorded value has the wrong type or is out of range",
      not_bool: "the rule did not give yes or no",
      not_allowed: "Housing type {0} is not allowed under this norm",
    },
    nl: {
      housing: "Geldt niet voor woonvorm: {0}",
      not_yet: "Niet van kracht op {0}; geldt vanaf {1}",
      when: "Niet van toepassing op deze locatie",
      missing: "Niet vastgelegd: {0}",
      unanswered: "Niet beantwoord",
      yes: "Beantwoord met ja",
      no: "Beantwoord met nee",
      no_items: "Geen {0} vastgelegd",
      all_pass: "Alle {0} voldoen ({1} gecontroleerd)",
      error: "Kon niet worden beoordeeld: {0}",
      zero: "deling door nul",
      type: "een vastgelegde waarde heeft het verkeerde type of bereik",
      not_bool: "de regel gaf geen ja of nee",
      not_allowed: "Woonvorm {0} is onder deze norm niet toegestaan",
    },
  };

  // -- evaluating (CompiledVersion.evaluate and services.only_part) -----------

  function today() {
    return isoDay(new Date());
  }

  function newState(version, observations, on, lang) {
    lang = hasOwn(TEXT, lang) ? lang : "en";
    var text = TEXT[lang];
    var housingType = get(observations, "housing_type");
    housingType = typeof housingType === "string" ? housingType : null;
    var labels = housingType !== null && hasOwn(HOUSING_TYPE_LABELS, housingType)
      ? HOUSING_TYPE_LABELS[housingType] : {};
    var maps = MAP_KEYS.map(function (key) {
      var value = get(observations, key);
      return isObject(value) ? value : {};
    });
    var values = {};
    version.keys.forEach(function (key) {
      var value = get(observations, key);
      if (value !== undefined && value !== null) values[key] = value;
    });
    if (housingType !== null) values.housing_type = housingType;
    else delete values.housing_type;
    var context = {};
    Object.keys(version.shared).forEach(function (k) { context[k] = version.shared[k]; });
    Object.keys(values).forEach(function (k) { context[k] = values[k]; });
    context.date = on;
    return {
      on: on,
      lang: lang,
      text: text,
      housingType: housingType,
      housingLabel: hasOwn(labels, lang) ? labels[lang] : housingType,
      filterHousing: housingType !== null && hasOwn(version.housingTypes, housingType),
      answers: maps[0],
      reasons: maps[1],
      notes: maps[2],
      values: values,
      context: context,
    };
  }

  function execute(program, state) {
    try {
      return { value: program(state.context) };
    } catch (error) {
      return { error: error || new Error("CEL error") };
    }
  }

  function executeRow(rule, state) {
    // [check, placeholder...] for the context as it is: the row or the first error.
    var row = [];
    for (var i = 0; i < rule.programs.length; i++) {
      var run = execute(rule.programs[i], state);
      if (run.error) return run;
      row.push(run.value);
    }
    return { value: row };
  }

  function executeEach(rule, state, items) {
    // `{each}.map(item, [check, placeholder...])`: item by item, in order.
    var context = state.context;
    var rows = [];
    try {
      for (var i = 0; i < items.length; i++) {
        context.item = items[i];
        var run = executeRow(rule, state);
        if (run.error) return run;
        rows.push(run.value);
      }
    } finally {
      delete context.item;
    }
    return { value: rows };
  }

  function errorText(problem, state) {
    if (typeof problem !== "string") {
      var code = problem && problem.code;
      problem = code === "division_by_zero" || code === "modulo_by_zero" ? "zero" : "type";
    }
    return format(state.text.error, [state.text[problem]]);
  }

  function missingText(keys, state, values, listKey) {
    values = values || state.values;
    var missing = keys.filter(function (key) {
      return !hasOwn(values, key) || values[key] === null || values[key] === undefined;
    });
    if (!missing.length) return null;
    var names = missing.map(function (key) { return label(key, state.lang, listKey); });
    return format(state.text.missing, [names.join(", ")]);
  }

  function problemOf(row) {
    if (!Array.isArray(row) || typeof row[0] !== "boolean") return "not_bool";
    for (var i = 0; i < row.length; i++) {
      if (typeof row[i] === "number" && !isFinite(row[i])) return "zero";
    }
    return null;
  }

  function render(rule, row, lang) {
    return rule.templates[lang].map(function (part) {
      return typeof part === "string" ? part : formatValue(row[part + 1], rule.measured[part], lang);
    }).join("");
  }

  function answer(code, state) {
    var given = get(state.answers, code);
    if (typeof given !== "boolean") return [NOT_ANSWERED, state.text.unanswered];
    var explanation = state.text[given ? "yes" : "no"];
    var note = get(state.notes, code);
    if (typeof note === "string" && pyStrip(note)) explanation = explanation + ": " + pyStrip(note);
    return [given ? PASS : FAIL, explanation];
  }

  function runEach(rule, state) {
    var items = state.values[rule.each];
    var plural = label(rule.each, state.lang);
    if (!Array.isArray(items) || !items.length) {
      return [NOT_ANSWERED, format(state.text.no_items, [plural])];
    }
    var name = ITEM_LABELS[rule.each][state.lang];
    for (var i = 0; i < items.length; i++) {
      if (!isObject(items[i])) {
        return [NOT_ANSWERED, name + " " + (i + 1) + ": " + errorText("type", state)];
      }
      var missing = missingText(rule.itemInputs, state, items[i], rule.each);
      if (missing) return [NOT_ANSWERED, name + " " + (i + 1) + ": " + missing];
    }
    var run = executeEach(rule, state, items);
    if (run.error) return [NOT_ANSWERED, errorText(run.error, state)];
    var rows = run.value;
    var failing = [];
    for (var n = 0; n < rows.length; n++) {
      var row = rows[n];
      if (Array.isArray(row) && row[0] === true) continue; // a passing item is not explained
      var problem = problemOf(row);
      if (problem !== null) {
        return [NOT_ANSWERED, name + " " + (n + 1) + ": " + errorText(problem, state)];
      }
      failing.push(name + " " + (n + 1) + ": " + render(rule, row, state.lang));
    }
    if (failing.length) return [FAIL, failing.join("; ")];
    return [PASS, format(state.text.all_pass, [plural, rows.length])];
  }

  function runRule(rule, state) {
    var context = state.context;
    if (rule.hasBind) Object.keys(rule.bind).forEach(function (k) { context[k] = rule.bind[k]; });
    Object.keys(rule.optional).forEach(function (k) {
      if (!hasOwn(state.values, k)) context[k] = rule.optional[k];
    });
    var missing = missingText(rule.whenInputs, state);
    if (missing) return [NOT_ANSWERED, missing];
    if (rule.when) {
      var applies = execute(rule.when, state);
      if (applies.value === false) {
        var explain = rule.whenExplain || {};
        var text = hasOwn(explain, state.lang) ? explain[state.lang] : state.text.when;
        return [NOT_APPLICABLE, text];
      }
      if (applies.value !== true) {
        return [NOT_ANSWERED, errorText(applies.error ? applies.error : "not_bool", state)];
      }
    }
    missing = missingText(rule.inputs, state);
    if (missing) return [NOT_ANSWERED, missing];
    if (rule.each) return runEach(rule, state);
    var run = executeRow(rule, state);
    var problem = run.error ? run.error : problemOf(run.value);
    if (problem !== null) return [NOT_ANSWERED, errorText(problem, state)];
    return [run.value[0] ? PASS : FAIL, render(rule, run.value, state.lang)];
  }

  function outcome(req, state) {
    if (state.filterHousing && !hasOwn(req.appliesTo, state.housingType)) {
      return [NOT_APPLICABLE, format(state.text.housing, [state.housingLabel])];
    }
    if (req.effectiveFrom && req.effectiveFrom > state.on) {
      return [NOT_APPLICABLE, format(state.text.not_yet, [state.on, req.effectiveFrom])];
    }
    var reason = get(state.reasons, req.code);
    if (typeof reason === "string" && pyStrip(reason)) return [NOT_APPLICABLE, pyStrip(reason)];
    if (req.rule === null) return answer(req.code, state);
    return runRule(req.rule, state);
  }

  function judge(results, notes) {
    var bad = notes.length > 0 || results.some(function (r) {
      return r.outcome === FAIL || r.outcome === NOT_ANSWERED;
    });
    return bad ? "non_conform" : "conform";
  }

  function evaluate(version, observations, date, lang, part) {
    var checked = validate(observations);
    var on = isoDay(date) || today();
    var state = newState(version, checked.clean, on, lang);
    var results = version.requirements.map(function (req) {
      var result = outcome(req, state);
      return {
        requirement: req.code,
        section: req.section,
        outcome: result[0],
        severity: req.severity,
        explanation: result[1],
      };
    });
    var notes = [];
    if (state.housingType !== null && !state.filterHousing) {
      notes.push(format(state.text.not_allowed, [state.housingLabel]));
    }
    if (part !== undefined && part !== null) {
      var codes = {};
      version.requirements.forEach(function (req) { if (req.part === part) codes[req.code] = true; });
      results = results.filter(function (r) { return hasOwn(codes, r.requirement); });
    }
    return { verdict: judge(results, notes), results: results, notes: notes, errors: checked.errors };
  }

  parts.evaluate = evaluate;

  // -- the page ----------------------------------------------------------------

  var api = {
    ready: false,
    error: null,
    compile: compile,
    validate: validate,
    formatValue: formatValue,
    label: label,
    vocabulary: { location: VOCABULARY, bedrooms: BEDROOM_VOCABULARY },
    housingTypeLabels: HOUSING_TYPE_LABELS,
    evaluate: function () {
      throw new Error("SNFRules is not ready" + (api.error ? ": " + api.error : ""));
    },
  };
  root.SNFRules = api;

  if (typeof document === "undefined") return;
  var docElement = document.getElementById("version-doc");
  if (!docElement) return;
  var script = document.currentScript;

  function start() {
    try {
      var compiled = compile(JSON.parse(docElement.textContent));
      api.version = compiled;
      api.evaluate = function (observations, date, lang, part) {
        if (part === undefined) {
          var checklist = document.getElementById("checklist");
          part = checklist && checklist.dataset.part ? checklist.dataset.part : null;
        }
        return compiled.evaluate(observations, date, lang, part);
      };
      api.ready = true;
    } catch (error) {
      // The checklist then asks the server, as it does without this file.
      api.error = String(error && error.message ? error.message : error);
      if (root.console) root.console.error("SNFRules:", error);
    }
  }

  if (root.SNFCel) {
    start();
  } else if (script && script.src) {
    // The page did not load the CEL library first: load it now (same origin,
    // so script-src 'self' allows it); until then checklist.js asks the server.
    var loader = document.createElement("script");
    loader.src = script.src.replace(/js\/rules\.js(\?.*)?$/, "vendor/cel-js.min.js");
    loader.onload = start;
    loader.onerror = function () { api.error = "could not load " + loader.src; };
    document.head.appendChild(loader);
  }
})(typeof window !== "undefined" ? window : globalThis);
