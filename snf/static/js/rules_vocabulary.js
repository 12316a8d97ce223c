// The observation vocabulary and format_value of the browser's rule engine:
// a port of snf/norms/observations.py and observation_values.py.
// One of the classic scripts of the rule engine, loaded in this order:
// rules_vocabulary.js, rules_validate.js, rules_compile.js, rules.js (see
// rules.js). Each adds what the later ones use to SNFRulesParts.
(function (root) {
  "use strict";

  var parts = (root.SNFRulesParts = root.SNFRulesParts || {});

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

  function byCodePoint(a, b) {
    var left = Array.from(a), right = Array.from(b);
    for (var i = 0; i < Math.min(left.length, right.length); i++) {
      var diff = left[i].codePointAt(0) - right[i].codePointAt(0);
      if (diff) return diff;
    }
    return left.length - right.length;
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
    // Keys in code point order, as observation_values.format_value sorts them.
    entries.sort(function (a, b) { return byCodePoint(String(a[0]), String(b[0])); });
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

  parts.BEDROOM_VOCABULARY = BEDROOM_VOCABULARY;
  parts.CODE_PATTERN = CODE_PATTERN;
  parts.HOUSING_TYPE_LABELS = HOUSING_TYPE_LABELS;
  parts.ITEM_LABELS = ITEM_LABELS;
  parts.LIST_FIELDS = LIST_FIELDS;
  parts.MAP_KEYS = MAP_KEYS;
  parts.MAX_ITEMS = MAX_ITEMS;
  parts.MAX_TEXT = MAX_TEXT;
  parts.NAME = NAME;
  parts.PLACEHOLDER = PLACEHOLDER;
  parts.STRING_LITERAL = STRING_LITERAL;
  parts.VOCABULARY = VOCABULARY;
  parts.codePoints = codePoints;
  parts.format = format;
  parts.formatValue = formatValue;
  parts.get = get;
  parts.hasOwn = hasOwn;
  parts.isMeasured = isMeasured;
  parts.isObject = isObject;
  parts.label = label;
  parts.pyStrip = pyStrip;
})(typeof window !== "undefined" ? window : globalThis);
