// deskwire framework file, kept current by `deskwire update`; put page code in your own files.
// Turns the protocol's JSON Schema (on stdin, from `python -m <package>.bridge.schema`)
// into src/bridge/protocol.ts, or into the file named by the first argument.
// Run through `python3 tasks.py types`; never edit protocol.ts by hand.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const schema = JSON.parse(readFileSync(0, "utf8"));
const output = process.argv[2] ?? new URL("../src/bridge/protocol.ts", import.meta.url);
const source = await compile(schema, "Protocol", {
  bannerComment:
    "/* GENERATED from the Python models (protocol.py, app.py) by `python3 tasks.py types`.\n" +
    " * Do not edit: change the models and regenerate; a test fails when this file is stale. */",
  additionalProperties: false,
  strictIndexSignatures: true,
  unreachableDefinitions: false,
  format: true,
});
// A model with no fields (params of a call that needs none) would be `{}`,
// which TypeScript reads as "anything but null": say "no properties" instead.
const typed = source.replace(/^export interface (\w+) \{\}$/gm, "export type $1 = Record<string, never>;");
// Written only when it changes: a dev server watching it reloads the page for
// a real change only (dev mode regenerates it after each Python edit).
const path = output instanceof URL ? fileURLToPath(output) : output;
if (!existsSync(path) || readFileSync(path, "utf8") !== typed) {
  writeFileSync(path, typed);
  console.error(`protocol.ts: updated from the Python models (${path})`);
}
