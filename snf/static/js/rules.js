// The norm's rules in the browser: a port of snf/norms/rules.py (evaluation)
// and of the parts of snf/norms/observations.py and observation_values.py that decide outcomes
// (validation, labels, format_value). The same CEL sources run here, with the
// vendored @marcbachmann/cel-js (static/vendor/cel-js.min.js, global SNFCel).
// tests/norms/test_js_parity.py runs this file under Node and asserts that
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

  var LANGS = ["nl", "en"];
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

  // -- the observation vocabulary (snf/norms/observations.py) ---------------

  var HOUSING_TYPE_LABELS = {
    regular_dwelling: { en: "regular dwelling", nl: "reguliere woning" },
    hotel_pension: { en: "hotel/pension", nl: "hotel/pension" },
    complex_units: { en: "units in a building complex", nl: "units in een gebouwencomplex" },
    residential_units: {
      en: "residential units (portacabins, chalets)",
      nl: "wooneenheden (portacabins, chalets)",
    },
    holiday_park: { en: "holiday park", nl: "vakantiepark" },
    other: { en: "other (seasonal, with permit)", nl: "overig (seizoen, met vergunning)" },
    touring_caravan: { en: "touring caravan", nl: "toercaravan" },
  };
  var HOUSING_TYPES = Object.keys(HOUSING_TYPE_LABELS);

  // [key, kind, en, nl, unit, min, max, choices]
  var LOCATION_FIELDS = [
    ["housing_type", "choice", "housing type", "woonvorm", null, null, null, HOUSING_TYPES],
    ["use_class", "choice", "use class", "gebruiksfunctie", null, null, null, ["wonen", "logies"]],
    ["housing_season", "choice", "season", "seizoen", null, null, null, ["year_round", "seasonal"]],
    ["existing_holiday_park", "boolean", "existing holiday park", "bestaand vakantiepark"],
    [
      "building_origin",
      "choice",
      "newly built or converted",
      "nieuwbouw of transformatie",
      null,
      null,
      null,
      ["existing", "new_build", "converted"],
    ],
    ["taken_into_use_on", "date", "taken into use as housing on", "in gebruik als huisvesting sinds"],
    ["occupants", "integer", "number of occupants", "aantal bewoners", null, 1, 5000],
    ["beds", "integer", "number of beds", "aantal bedden", null, 0, 5000],
    ["living_area_m2", "number", "usable floor area", "gebruiksoppervlakte", "m²", 0, 100000],
    ["min_standing_height_m", "number", "standing height", "stahoogte", "m", 0, 20],
    ["all_under_one_roof", "boolean", "all facilities under one roof", "alles onder één dak"],
    ["toilets", "integer", "number of toilets", "aantal toiletten", null, 0, 1000],
    ["showers", "integer", "number of showers", "aantal douches", null, 0, 1000],
    ["burners", "integer", "number of cooking burners", "aantal kookpitten", null, 0, 1000],
    ["fridge_litres", "number", "fridge/freezer space", "koel-/vriesruimte", "l", 0, 100000],
    ["wall_sockets", "integer", "number of wall sockets", "aantal wandcontactdozen", null, 0, 20000],
    ["laundry_available", "boolean", "washing machine available", "wasmachine aanwezig"],
    ["drying_outside_bedroom", "boolean", "drying outside bedrooms", "drogen buiten slaapkamers"],
    ["extinguisher_present", "boolean", "fire extinguisher present", "brandblusser aanwezig"],
    ["extinguisher_inspection_valid", "boolean", "extinguisher inspected", "blusser gekeurd"],
    ["extinguisher_reob_certified", "boolean", "REOB-certified inspection", "REOB-keuring"],
    ["extinguisher_distance_m", "number", "extinguisher distance", "blusserafstand", "m", 0, 1000],
    ["fire_blanket_present", "boolean", "fire blanket present", "blusdeken aanwezig"],
    ["smoke_detectors_ok", "boolean", "working smoke detectors", "werkende rookmelders"],
    ["combustion_appliance_present", "boolean", "combustion appliance", "verbrandingstoestel"],
    ["co_detectors_ok", "boolean", "working CO detectors", "werkende CO-melders"],
    ["fire_alarm_present", "boolean", "fire-alarm installation", "brandmeldinstallatie"],
    ["fire_alarm_ok", "boolean", "fire alarm maintained", "brandmeldinstallatie onderhouden"],
    ["info_card_present", "boolean", "information card", "informatiekaart"],
    ["resident_information_ok", "boolean", "resident information", "bewonersinformatie"],
    [
      "occupancy_matches_administration",
      "boolean",
      "occupancy matches the administration",
      "bezetting klopt met administratie",
    ],
    ["bedrooms", "list", "bedrooms", "slaapkamers"],
  ];
  var BEDROOM_FIELDS = [
    ["area_m2", "number", "floor area", "vloeroppervlakte", "m²", 0, 1000],
    ["persons", "integer", "number of persons", "aantal personen", null, 0, 100],
    ["bunk_beds", "integer", "number of bunk beds", "aantal stapelbedden", null, 0, 50],
    ["mattresses_ok", "boolean", "mattress size", "matrasmaat"],
    ["wardrobes_ok", "boolean", "wardrobe per resident", "kledingkast per bewoner"],
    ["chairs_ok", "boolean", "chair per resident", "stoel per bewoner"],
    ["sharing_consent", "boolean", "written consent to share", "schriftelijke toestemming om te delen"],
  ];

  function table(rows) {
    var out = {};
    rows.forEach(function (row) {
      out[row[0]] = {
        key: row[0],
        kind: row[1],
        en: row[2],
        nl: row[3],
        unit: row[4] === undefined ? null : row[4],
        min: row[5] === undefined ? null : row[5],
        max: row[6] === undefined ? null : row[6],
        choices: row[7] || [],
      };
    });
    return out;
  }

  var VOCABULARY = table(LOCATION_FIELDS);
  var BEDROOM_VOCABULARY = table(BEDROOM_FIELDS);
  var LIST_FIELDS = { bedrooms: BEDROOM_VOCABULARY };
  var ITEM_LABELS = { bedrooms: { en: "bedroom", nl: "slaapkamer" } };
  var MAP_KEYS = ["answers", "not_applicable", "notes"];
  var MAX_TEXT = 2000;
  var MAX_ITEMS = 500;
  var MEASURED_SUFFIXES = ["_m2", "_m3", "_m", "_litres"];
  var YES_NO = { en: ["no", "yes"], nl: ["nee", "ja"] };
  // Python's re.match with $ also accepts a final newline.
  var CODE_PATTERN = /^[A-Z][A-Z0-9]*-[0-9]+(\.[0-9]+)*\n?$/;
  // What Python's str.strip() removes (str.isspace), not what trim() removes.
  var PY_SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var PY_STRIP = new RegExp("^" + PY_SPACE + "+|" + PY_SPACE + "+$", "g");
  // loader_data.STRING_LITERAL and rules._NAME (Python's . is "not \n").
  var STRING_LITERAL = /'(?:[^'\\\n]|\\[^\n])*'|"(?:[^"\\\n]|\\[^\n])*"/g;
  var NAME = /[A-Za-z_][0-9A-Za-z_]*/g;
  var PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function get(object, key) {
    return isObject(object) && hasOwn(object, key) ? object[key] : undefined;
  }

  function pyStrip(text) {
    return text.replace(PY_STRIP, "");
  }

  function format(template, args) {
    return template.replace(/\{(\d)\}/g, function (_, index) {
      return String(args[Number(index)]);
    });
  }

  function codePoints(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  function label(key, lang, listKey) {
    var fields = listKey ? LIST_FIELDS[listKey] || {} : VOCABULARY;
    var field = hasOwn(fields, key) ? fields[key] : null;
    if (!field) return key;
    return lang === "nl" ? field.nl : field.en;
  }

  function isMeasured(names) {
    return names.some(function (name) {
      return MEASURED_SUFFIXES.some(function (suffix) {
        return name.length >= suffix.length && name.slice(-suffix.length) === suffix;
      });
    });
  }

  // -- format_value ----------------------------------------------------------

  function wholeText(number) {
    // str(int(x)) in Python: every digit, also beyond 2**53 and 1e21.
    return typeof BigInt === "function" ? BigInt(number).toString() : String(number);
  }

  function fixed2(number) {
    // f"{x:.2f}" for a finite x >= 0. toFixed gives exact ties (x = k/8 with
    // k odd) to the larger number, Python to the even one; and it switches to
    // exponents from 1e21, where every double is whole.
    if (number >= 1e21) return wholeText(number) + ".00";
    var text = number.toFixed(2);
    if (number * 8 === Math.floor(number * 8) && number * 4 !== Math.floor(number * 4)) {
      if (Number(text.charAt(text.length - 1)) % 2 === 1) text = number.toFixed(3).slice(0, -1);
    }
    return text;
  }

  function formatNumber(number, measured, lang) {
    if (!isFinite(number)) return number !== number ? "nan" : number > 0 ? "inf" : "-inf";
    var rounded = Math.floor(Math.abs(number) * 100 + 0.5) / 100;
    // Python raises OverflowError here (|x| > 1.7e306); show the whole number.
    if (!isFinite(rounded)) rounded = Math.abs(number);
    var text;
    if (!measured && rounded === Math.floor(rounded)) {
      text = wholeText(rounded);
    } else {
      text = fixed2(rounded);
      if (text.charAt(text.length - 1) === "0") text = text.slice(0, -1);
    }
    if (number < 0 && rounded) text = "-" + text;
    return lang === "nl" ? text.split(".").join(",") : text;
  }

  function pyFloatRepr(number) {
    if (!isFinite(number)) return number !== number ? "nan" : number > 0 ? "inf" : "-inf";
    if (number === 0) return 1 / number < 0 ? "-0.0" : "0.0";
    var parts = number.toExponential().split("e");
    var digits = parts[0].replace("-", "").replace(".", "");
    var exponent = Number(parts[1]);
    var sign = number < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      var mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      var exp = Math.abs(exponent) < 10 ? "0" + Math.abs(exponent) : String(Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    var text;
    if (exponent < 0) {
      text = "0." + new Array(-exponent).join("0") + digits;
    } else if (digits.length <= exponent + 1) {
      text = digits + new Array(exponent + 2 - digits.length).join("0") + ".0";
    } else {
      text = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
    }
    return sign + text;
  }

  function pyRepr(value) {
    // str() of what Python's CEL bindings give for a map: Python's repr.
    if (value === null || value === undefined) return "None";
    if (typeof value === "boolean") return value ? "True" : "False";
    if (typeof value === "number") return pyFloatRepr(value);
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "string") {
      var quote = value.indexOf("'") >= 0 && value.indexOf('"') < 0 ? '"' : "'";
      var body = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
      if (quote === "'") body = body.replace(/'/g, "\\'");
      return quote + body + quote;
    }
    if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
    if (typeof value.valueOf() === "bigint") return value.valueOf().toString();
    var entries = value instanceof Map ? Array.from(value.entries()) : Object.keys(value).map(function (key) {
      return [key, value[key]];
    });
    return "{" + entries.map(function (entry) {
      return pyRepr(entry[0]) + ": " + pyRepr(entry[1]);
    }).join(", ") + "}";
  }

  function formatValue(value, measured, lang) {
    lang = hasOwn(YES_NO, lang) ? lang : "en";
    if (typeof value === "number") return formatNumber(value, measured, lang);
    if (typeof value === "boolean") return YES_NO[lang][value ? 1 : 0];
    if (typeof value === "bigint") return formatNumber(Number(value), measured, lang);
    if (value === null || value === undefined) return "-";
    if (Array.isArray(value)) {
      return value.map(function (item) { return formatValue(item, measured, lang); }).join(", ");
    }
    if (typeof value === "string") return value;
    if (typeof value === "object" && typeof value.valueOf() === "bigint") {
      return formatNumber(Number(value.valueOf()), measured, lang); // a CEL uint
    }
    var proto = Object.getPrototypeOf(value);
    if (value instanceof Map || proto === Object.prototype || proto === null) return pyRepr(value);
    return String(value);
  }

  // -- validate_observations ---------------------------------------------------

  function pyG(number) {
    // format(x, "g") for the vocabulary's bounds.
    if (number === Math.floor(number) && Math.abs(number) < 1e6) return String(number);
    var text = Number(number).toPrecision(6);
    if (text.indexOf("e") >= 0) {
      var parts = text.split("e");
      var mantissa = parts[0].indexOf(".") >= 0 ? parts[0].replace(/\.?0+$/, "") : parts[0];
      var exponent = Number(parts[1]);
      var digits = String(Math.abs(exponent));
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + (digits.length < 2 ? "0" + digits : digits);
    }
    return text.indexOf(".") >= 0 ? text.replace(/\.?0+$/, "") : text;
  }

  function isIsoDate(value) {
    // is_iso_date: YYYY-MM-DD, a real calendar date, from the year 1000.
    if (typeof value !== "string") return false;
    var match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
    if (!match || Number(match[1]) < 1000) return false;
    var day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return day.getUTCFullYear() === Number(match[1]) &&
      day.getUTCMonth() === Number(match[2]) - 1 && day.getUTCDate() === Number(match[3]);
  }

  function checkValue(field, value) {
    if (field.kind === "boolean") {
      return typeof value === "boolean" ? [null, value] : ["must be true or false", null];
    }
    if (field.kind === "choice") {
      if (typeof value === "string" && field.choices.indexOf(value) >= 0) return [null, value];
      return ["must be one of: " + field.choices.join(", "), null];
    }
    if (field.kind === "date") {
      return isIsoDate(value) ? [null, value] : ["must be a date (YYYY-MM-DD)", null];
    }
    var typeMessage = field.kind === "integer" ? "must be a whole number" : "must be a number";
    if (typeof value !== "number") return [typeMessage, null];
    if (!isFinite(value)) return ["must be a finite number", null];
    if (field.kind === "integer") {
      if (value !== Math.floor(value)) return [typeMessage, null];
      value = value + 0; // int(-0.0) is 0
    }
    if (field.min !== null && value < field.min) return ["must be at least " + pyG(field.min), null];
    if (field.max !== null && value > field.max) return ["must be at most " + pyG(field.max), null];
    return [null, value];
  }

  function checkInto(clean, errors, path, field, value) {
    if (value === null || value === undefined) return;
    var checked = checkValue(field, value);
    if (checked[0]) errors[path] = [checked[0]];
    else clean[field.key] = checked[1];
  }

  function checkItems(key, value, errors) {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value)) {
      errors[key] = ["must be a list"];
      return null;
    }
    if (value.length > MAX_ITEMS) {
      errors[key] = ["must have at most " + MAX_ITEMS + " items"];
      return null;
    }
    var vocabulary = LIST_FIELDS[key];
    var items = [];
    value.forEach(function (item, index) {
      var path = key + "." + index;
      if (!isObject(item)) {
        errors[path] = ["must be an object"];
        return;
      }
      var clean = {};
      Object.keys(item).forEach(function (name) {
        if (hasOwn(vocabulary, name)) {
          checkInto(clean, errors, path + "." + name, vocabulary[name], item[name]);
        } else {
          errors[path + "." + name] = ["unknown observation"];
        }
      });
      items.push(clean);
    });
    return items;
  }

  function mapEntryMessage(key, entry) {
    if (key === "answers") return typeof entry === "boolean" ? null : "must be true or false";
    if (typeof entry !== "string") return "must be text";
    if (codePoints(entry) > MAX_TEXT) return "must be at most " + MAX_TEXT + " characters";
    if (key === "not_applicable" && !pyStrip(entry)) return "must give a reason";
    return null;
  }

  function checkCodeMap(key, value, errors) {
    if (!isObject(value)) {
      errors[key] = ["must be an object keyed by requirement code"];
      return {};
    }
    var clean = {};
    Object.keys(value).forEach(function (code) {
      var path = key + "." + code;
      if (!CODE_PATTERN.test(code)) {
        errors[path] = ["is not a requirement code"];
        return;
      }
      var entry = value[code];
      var message = mapEntryMessage(key, entry);
      if (message) errors[path] = [message];
      else clean[code] = key === "answers" ? entry : pyStrip(entry);
    });
    return clean;
  }

  // validate_observations: {clean, errors}; clean holds the accepted values.
  function validate(doc) {
    if (!isObject(doc)) return { clean: {}, errors: { _schema: ["must be an object"] } };
    var clean = {};
    var errors = {};
    Object.keys(doc).forEach(function (key) {
      var value = doc[key];
      if (MAP_KEYS.indexOf(key) >= 0) {
        clean[key] = checkCodeMap(key, value, errors);
      } else if (hasOwn(LIST_FIELDS, key)) {
        var items = checkItems(key, value, errors);
        if (items !== null) clean[key] = items;
      } else if (hasOwn(VOCABULARY, key)) {
        checkInto(clean, errors, key, VOCABULARY[key], value);
      } else {
        errors[key] = ["unknown observation"];
      }
    });
    return { clean: clean, errors: errors };
  }

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
