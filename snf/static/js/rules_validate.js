// Observation checks of the browser's rule engine: a port of
// validate_observations in snf/norms/observations.py.
// One of the classic scripts of the rule engine, loaded in this order:
// rules_vocabulary.js, rules_validate.js, rules_compile.js, rules.js (see
// rules.js). Each adds what the later ones use to SNFRulesParts.
(function (root) {
  "use strict";

  var parts = (root.SNFRulesParts = root.SNFRulesParts || {});
  var VOCABULARY = parts.VOCABULARY;
  var LIST_FIELDS = parts.LIST_FIELDS;
  var MAP_KEYS = parts.MAP_KEYS;
  var MAX_TEXT = parts.MAX_TEXT;
  var MAX_ITEMS = parts.MAX_ITEMS;
  var CODE_PATTERN = parts.CODE_PATTERN;
  var hasOwn = parts.hasOwn;
  var isObject = parts.isObject;
  var pyStrip = parts.pyStrip;
  var codePoints = parts.codePoints;

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

  parts.validate = validate;
})(typeof window !== "undefined" ? window : globalThis);
