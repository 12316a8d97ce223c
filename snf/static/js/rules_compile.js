// Compiling a version document in the browser: a port of
// snf/norms/rules.py compile_version.
// One of the classic scripts of the rule engine, loaded in this order:
// rules_vocabulary.js, rules_validate.js, rules_compile.js, rules.js (see
// rules.js). Each adds what the later ones use to SNFRulesParts.
(function (root) {
  "use strict";

  var parts = (root.SNFRulesParts = root.SNFRulesParts || {});
  var STRING_LITERAL = parts.STRING_LITERAL;
  var NAME = parts.NAME;
  var PLACEHOLDER = parts.PLACEHOLDER;
  var hasOwn = parts.hasOwn;
  var pyStrip = parts.pyStrip;
  var isMeasured = parts.isMeasured;
  function evaluate() {
    return parts.evaluate.apply(null, arguments); // defined in a later file
  }

  var LANGS = ["nl", "en"];

  // -- compiling a version (rules.compile_version) ----------------------------

  function pyEqual(a, b) {
    // Python's == on param values: True == 1.0.
    var numeric = function (v) { return typeof v === "number" || typeof v === "boolean"; };
    if (numeric(a) && numeric(b)) return Number(a) === Number(b);
    return a === b;
  }

  function rulesOf(doc) {
    var rules = [];
    (doc.sections || []).forEach(function (section) {
      (section.requirements || []).forEach(function (req) {
        if (req.rule) rules.push(req.rule);
      });
    });
    return rules;
  }

  function sharedParams(doc) {
    var values = {};
    var clashes = {};
    rulesOf(doc).forEach(function (rule) {
      var params = rule.params || {};
      Object.keys(params).forEach(function (name) {
        if (!hasOwn(values, name)) values[name] = params[name];
        else if (!pyEqual(values[name], params[name])) clashes[name] = true;
      });
    });
    var shared = {};
    Object.keys(values).forEach(function (name) {
      if (!hasOwn(clashes, name)) shared[name] = values[name];
    });
    return shared;
  }

  function splitTemplate(text) {
    var parts = [];
    var position = 0;
    var match;
    PLACEHOLDER.lastIndex = 0;
    for (;;) {
      match = PLACEHOLDER.exec(text);
      var literal = text.slice(position, match ? match.index : text.length);
      if (literal.indexOf("{") >= 0 || literal.indexOf("}") >= 0) {
        throw new Error("has an unbalanced { or }");
      }
      parts.push(literal);
      if (!match) break;
      position = match.index + match[0].length;
      parts.push(match[1] === undefined ? match[0].charAt(0) : [pyStrip(match[1])]);
    }
    return parts.filter(function (part) { return part !== ""; });
  }

  function compileTemplates(explain) {
    var sources = [];
    var templates = {};
    LANGS.forEach(function (lang) {
      var parts = splitTemplate(explain[lang]);
      parts.forEach(function (part) {
        if (Array.isArray(part) && sources.indexOf(part[0]) < 0) sources.push(part[0]);
      });
      templates[lang] = parts.map(function (part) {
        return Array.isArray(part) ? sources.indexOf(part[0]) : part;
      });
    });
    return { sources: sources, templates: templates };
  }

  function sourceIsMeasured(source) {
    return isMeasured(source.replace(STRING_LITERAL, "''").match(NAME) || []);
  }

  function variablesOf(program) {
    // cel.Program.variables(): every identifier, macro variables included.
    var names = [];
    var seen = [];
    (function walk(node) {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (!node || typeof node !== "object" || seen.indexOf(node) >= 0) return;
      seen.push(node);
      if (node.op === "id") {
        if (typeof node.args === "string" && names.indexOf(node.args) < 0) names.push(node.args);
        return;
      }
      if (node.op === "value") return;
      walk(node.args);
    })(program.ast);
    return names;
  }

  function compileRule(rule, shared, env) {
    var when = rule.when ? env.parse(rule.when) : null;
    var compiled = compileTemplates(rule.explain);
    // Python runs one program, [check, placeholder...] (mapped over the items
    // with `each`), and reports the first error in that order. cel-js reports
    // the last error of a list, and type errors before any other: so here
    // every element is a program of its own, run in Python's order.
    var programs = [rule.check].concat(compiled.sources).map(function (source) {
      return env.parse(source);
    });
    var params = rule.params || {};
    var bind = {};
    Object.keys(params).forEach(function (name) {
      if (!hasOwn(shared, name)) bind[name] = params[name];
    });
    var inputs = rule.inputs || [];
    var whenVariables = when ? variablesOf(when) : [];
    return {
      inputs: inputs,
      whenInputs: inputs.filter(function (name) { return whenVariables.indexOf(name) >= 0; }),
      optional: rule.optional_inputs || {},
      bind: bind,
      hasBind: Object.keys(bind).length > 0,
      each: rule.each || null,
      itemInputs: rule.item_inputs || [],
      when: when,
      whenExplain: rule.when_explain || null,
      programs: programs,
      templates: compiled.templates,
      measured: compiled.sources.map(sourceIsMeasured),
    };
  }

  function isoDay(value) {
    // A date as the Python side has it: YYYY-MM-DD (a datetime gives its date).
    if (value instanceof Date && !isNaN(value.getTime())) {
      var pad = function (n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; };
      return pad(value.getFullYear(), 4) + "-" + pad(value.getMonth() + 1, 2) + "-" + pad(value.getDate(), 2);
    }
    if (typeof value !== "string") return null;
    var match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
    if (!match) return null;
    var check = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (check.getUTCDate() !== Number(match[3]) || check.getUTCMonth() !== Number(match[2]) - 1) {
      return null;
    }
    return match[1] + "-" + match[2] + "-" + match[3];
  }

  function compile(doc, CEL) {
    CEL = CEL || root.SNFCel;
    if (!CEL || typeof CEL.Environment !== "function") {
      throw new Error("the CEL library (static/vendor/cel-js.min.js) is not loaded");
    }
    var env = new CEL.Environment({
      unlistedVariablesAreDyn: true,
      homogeneousAggregateLiterals: false, // as on the server: [occupants, use_class] is fine
    });
    var shared = sharedParams(doc);
    var requirements = [];
    var housingTypes = {};
    var keys = { housing_type: true };
    (doc.sections || []).forEach(function (section) {
      (section.requirements || []).forEach(function (req) {
        var rule = req.rule ? compileRule(req.rule, shared, env) : null;
        var appliesTo = {};
        (req.applies_to || []).forEach(function (kind) {
          appliesTo[kind] = true;
          housingTypes[kind] = true;
        });
        if (rule) {
          rule.inputs.concat(Object.keys(rule.optional), rule.each ? [rule.each] : [])
            .forEach(function (key) { keys[key] = true; });
        }
        requirements.push({
          code: req.code,
          section: section.code,
          severity: req.severity,
          part: req.part,
          appliesTo: appliesTo,
          effectiveFrom: req.effective_from ? isoDay(String(req.effective_from)) : null,
          rule: rule,
        });
      });
    });
    var version = {
      requirements: requirements,
      housingTypes: housingTypes,
      keys: Object.keys(keys),
      shared: shared,
    };
    return {
      norm: doc.norm,
      version: doc.version,
      requirements: requirements.map(function (req) {
        return { code: req.code, section: req.section, part: req.part, severity: req.severity };
      }),
      evaluate: function (observations, date, lang, part) {
        return evaluate(version, observations, date, lang, part);
      },
    };
  }

  parts.compile = compile;
  parts.isoDay = isoDay;
})(typeof window !== "undefined" ? window : globalThis);
