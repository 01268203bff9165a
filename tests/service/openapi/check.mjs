// Validates an OpenAPI document of `edict serve` and the answers recorded against it.
// Usage: node check.mjs DOC.json EXCHANGES.json
//   DOC.json: GET /v1/openapi.json's answer. EXCHANGES.json: [{method, path, status, contentType,
//   body}] where path is the documented path the request went to (without its query).
// Checks: the document is valid OpenAPI 3.1 (@apidevtools/swagger-parser, which validates against
// the official 3.1 JSON schema and resolves every $ref); each answer's status is documented for
// its operation and its JSON body validates against the documented schema (Ajv, JSON Schema
// 2020-12, the dialect of OpenAPI 3.1); every documented operation was exercised at least once.
// Prints one line per failure and a summary; exit 1 on any failure.
import fs from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";

const [docFile, exchangesFile] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docFile, "utf8"));
const exchanges = JSON.parse(fs.readFileSync(exchangesFile, "utf8"));
let failures = 0;
const fail = (m) => { failures++; console.log("FAIL " + m); };

try {
  await SwaggerParser.validate(structuredClone(doc));
  console.log(`ok   valid OpenAPI ${doc.openapi} (${Object.keys(doc.paths).length} paths)`);
} catch (e) {
  fail("the document is not valid OpenAPI: " + e.message);
}
const api = await SwaggerParser.dereference(structuredClone(doc));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const exercised = new Set();
let checked = 0;
for (const x of exchanges) {
  const op = api.paths[x.path]?.[x.method.toLowerCase()];
  if (!op) { fail(`${x.method} ${x.path}: not a documented operation`); continue; }
  exercised.add(`${x.method.toUpperCase()} ${x.path}`);
  const response = op.responses[String(x.status)];
  if (!response) { fail(`${x.method} ${x.path}: status ${x.status} is not documented`); continue; }
  const media = (x.contentType || "").split(";")[0].trim();
  const content = response.content?.[media];
  if (!content) { fail(`${x.method} ${x.path} ${x.status}: content type ${media} is not documented`); continue; }
  if (media === "application/json") {
    const validate = ajv.compile(content.schema);
    if (!validate(x.body))
      fail(`${x.method} ${x.path} ${x.status}: the body does not match its schema: ` +
           ajv.errorsText(validate.errors) + " in " + JSON.stringify(x.body).slice(0, 300));
  }
  checked++;
}
for (const [path, ops] of Object.entries(api.paths))
  for (const method of Object.keys(ops))
    if (["get", "post", "put", "delete", "patch"].includes(method) && !exercised.has(`${method.toUpperCase()} ${path}`))
      fail(`${method.toUpperCase()} ${path}: documented but not exercised`);
console.log(`${checked} answers checked against the document, ${failures} failures`);
process.exit(failures ? 1 : 0);
