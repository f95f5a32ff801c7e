#!/usr/bin/env node
// `npm run conformance [-- options]`: the conformance matrix — every scenario of docs/scenarios.md
// × {babel, swc} × {CommonJS, ESM} × {JS, TS}. Prints the table, writes docs/conformance.md (not
// with --only/--compiler/--quick unless --write), exits 1 on any FAIL.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../src/index.js";
import { runMatrix } from "../src/matrix/run.js";
import { renderFailures, renderMarkdown, renderTable } from "../src/matrix/report.js";
import { createT2 } from "../transparency/t2.js";

const HELP = `Usage: npm run conformance -- [options]

  --quick               the subset npm test runs (no T2)
  --only F1,C4          only these scenario ids
  --compiler babel|swc  only this compiler's columns (also --format cjs|esm, --lang js|ts)
  --jobs N              cases at once (default: the number of cores)
  --no-t2               leave out the real-library suites (T2 shows n/a)
  --write / --no-write  write docs/conformance.md (default: only for a full run)`;

const { values: v } = parseArgs({
  options: {
    quick: { type: "boolean" },
    only: { type: "string" },
    compiler: { type: "string" },
    format: { type: "string" },
    lang: { type: "string" },
    jobs: { type: "string" },
    "no-t2": { type: "boolean" },
    write: { type: "boolean" },
    "no-write": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (v.help) {
  console.log(HELP);
  process.exit(0);
}
for (const [flag, allowed] of [
  ["compiler", ["babel", "swc"]],
  ["format", ["cjs", "esm"]],
  ["lang", ["js", "ts"]],
]) {
  if (v[flag] !== undefined && !allowed.includes(v[flag])) {
    console.error(`conformance: --${flag} must be one of ${allowed.join(", ")}, got "${v[flag]}".`);
    process.exit(2);
  }
}

const started = Date.now();
const only = v.only
  ?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const partial = Boolean(v.quick || only || v.compiler || v.format || v.lang);
let t2;
const tty = process.stderr.isTTY;
const progress = (done, total, cell) => {
  const text = `[conformance] ${done}/${total} ${cell.id} ${cell.combo} ${cell.status}${cell.status === "FAIL" ? `: ${cell.reason}` : ""}`;
  if (tty) process.stderr.write(`\r\x1b[K${text.slice(0, process.stderr.columns - 1)}`);
  else if (cell.status !== "n/a") process.stderr.write(`${text}\n`);
};
let result;
try {
  result = await runMatrix({
    quick: v.quick,
    only,
    compiler: v.compiler,
    format: v.format,
    lang: v.lang,
    jobs: v.jobs ? Number(v.jobs) : undefined,
    onProgress: progress,
    t2: v["no-t2"] || v.quick ? undefined : (combo, caps) => (t2 ??= createT2({ caps })).cell(combo),
  });
} catch (error) {
  console.error(`\n${error.message}`);
  process.exit(2);
}
if (tty) process.stderr.write("\r\x1b[K");
console.log(renderTable(result));
const failures = renderFailures(result);
if (failures) console.log(`\n${failures}`);
const write = v.write || (!partial && !v["no-write"]);
if (write) {
  const md = renderMarkdown(result, {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    command: `npm run conformance${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    durationMs: Date.now() - started,
    transparency: t2?.markdown(),
  });
  const file = join(repoRoot, "docs", "conformance.md");
  writeFileSync(file, `${md}\n`);
  console.log(`\nwrote ${file}`);
}
const count = (status) => result.cells.filter((c) => c.status === status).length;
console.log(`\nconformance totals — pass ${count("pass")}, FAIL ${count("FAIL")}, known ${count("known")}, n/a ${count("n/a")}`);
process.exit(count("FAIL") > 0 ? 1 : 0);
