// In-process patch reload cost against module size: a module of `lines` lines (functions,
// classes, object literals, module state), one function body edited `edits` times, each time
// `autoreload.check({ files })` → the new body live. `AUTORELOAD_PATCH=0` in the environment
// measures the full reload of the same edits instead. Run as a child: node patch-size.js '<json>'.
// Prints one line `RESULT <json>`.
const { createRequire } = await import("node:module");
const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const { pathToFileURL } = await import("node:url");
const { performance } = await import("node:perf_hooks");
process.env.AUTORELOAD_WATCH = "0";
process.env.AUTORELOAD_QUIET = "1";
process.env.AUTORELOAD_CACHE = "0";
if (process.env.BENCH_COMPILER) process.env.AUTORELOAD_COMPILER = process.env.BENCH_COMPILER;
await import("autoreload/register");
const { autoreload } = await import("autoreload");

const spec = JSON.parse(process.argv[2]);
const { lines, edits = 15, format = "cjs" } = spec;
const dir = mkdtempSync(join(tmpdir(), "autoreload-bench-patch-"));
const ext = format === "esm" ? ".mjs" : ".js";
const file = join(dir, `big${ext}`);

/** A module of about `lines` lines; `probe()` returns `v`. */
function source(v) {
  const out = [`let calls = 0;`, `const cache = new Map();`, `export function probe() { calls++; return "v${v}"; }`];
  for (let k = 0; out.length < lines; k++) {
    out.push(
      `export function f${k}(a, b = ${k}) {`,
      `  const xs = [];`,
      `  for (let i = 0; i < a; i++) xs.push(i * b);`,
      `  cache.set(${k}, xs.length);`,
      `  return xs.reduce((s, x) => s + x, 0);`,
      `}`,
      `export const api${k} = { get() { return cache.get(${k}); }, get label() { return "api${k}"; } };`,
      `export class C${k} { constructor(x) { this.x = x; } m() { return this.x + ${k}; } }`,
    );
  }
  const text = out.join("\n") + "\n";
  return format === "esm" ? text : text.replace(/^export (function|const|class) (\w+)/gm, "$1 $2").concat(`module.exports = { probe };\n`);
}

writeFileSync(file, source(0));
let m;
if (format === "esm") m = await import(pathToFileURL(file).href);
else m = createRequire(join(dir, "x.js"))(file);
if (m.probe() !== "v0") throw new Error("module did not load");
const samples = [];
const kinds = new Set();
for (let v = 1; v <= edits; v++) {
  writeFileSync(file, source(v));
  const a = performance.now();
  const outcomes = await autoreload.check({ files: [file] });
  const value = m.probe();
  const ms = performance.now() - a;
  if (value !== `v${v}`) {
    console.log(`RESULT ${JSON.stringify({ ok: false, error: `edit ${v} not live: ${value}; ${JSON.stringify(outcomes).slice(0, 300)}` })}`);
    process.exit(1);
  }
  const o = outcomes.find((x) => x.kind === "reloaded");
  kinds.add(o?.how ?? "none");
  samples.push(ms);
}
rmSync(dir, { recursive: true, force: true });
console.log(`RESULT ${JSON.stringify({ ok: true, lines: source(0).split("\n").length, samples, how: [...kinds] })}`);
process.exit(0);
