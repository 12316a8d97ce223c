// Runs snf/static/js/rules*.js (with the vendored CEL library) under Node for
// tests/norms/test_js_parity.py: one JSON request on stdin, one JSON answer
// on stdout. The files are run as classic scripts in this realm, as the
// browser runs them; without a `document` rules.js only defines SNFRules.
//
// Request: {versions: {label: versionDocument},
//           cases: [{id, version, observations, date, lang, parts: [part|null]}],
//           formats: [[value, measured, lang]], validations: [observations]}
// Answer:  {vocabulary, housingTypeLabels,
//           results: {id: [evaluation per part]}, formats: [text],
//           validations: [{clean, errors}]}
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const staticDir = new URL("../../../snf/static/", import.meta.url);
for (const file of [
  "vendor/cel-js.min.js",
  "js/rules_vocabulary.js",
  "js/rules_validate.js",
  "js/rules_compile.js",
  "js/rules.js",
]) {
  const url = new URL(file, staticDir);
  vm.runInThisContext(readFileSync(url, "utf8"), { filename: fileURLToPath(url) });
}
const { SNFRules } = globalThis;

const request = JSON.parse(readFileSync(0, "utf8"));
const compiled = {};
for (const [label, doc] of Object.entries(request.versions || {})) {
  compiled[label] = SNFRules.compile(doc);
}
const results = {};
for (const c of request.cases || []) {
  const version = compiled[c.version];
  results[c.id] = c.parts.map((part) =>
    version.evaluate(c.observations, c.date, c.lang, part === null ? undefined : part),
  );
}
const answer = {
  vocabulary: SNFRules.vocabulary,
  housingTypeLabels: SNFRules.housingTypeLabels,
  results,
  formats: (request.formats || []).map(([value, measured, lang]) =>
    SNFRules.formatValue(value, measured, lang),
  ),
  validations: (request.validations || []).map((doc) => SNFRules.validate(doc)),
};
process.stdout.write(JSON.stringify(answer));
