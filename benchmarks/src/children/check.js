// In-process reload latency: `autoreload.check()` called → new code observable, against the time
// to transform + evaluate the same file alone. Run as a child: node check.js '<json spec>'.
// Prints one line `RESULT <json>`; exits non-zero if a new value never appeared.
const { Module, createRequire } = await import("node:module");
const { writeFileSync } = await import("node:fs");
const { join } = await import("node:path");
const { pathToFileURL } = await import("node:url");
const { performance } = await import("node:perf_hooks");
const { generate } = await import("../graph.js");
const { editPlan } = await import("../latency.js");
// autoreload last: the benchmark's own modules above are loaded plain, never instrumented.
process.env.AUTORELOAD_WATCH = "0";
process.env.AUTORELOAD_QUIET = "1";
process.env.AUTORELOAD_CACHE = "0"; // the in-process load compiles every module (nothing left in the temp dir)
if (process.env.BENCH_COMPILER) process.env.AUTORELOAD_COMPILER = process.env.BENCH_COMPILER;
await import("autoreload/register");
const { autoreload } = await import("autoreload");

const spec = JSON.parse(process.argv[2]);
const graph = generate({ shape: spec.shape, n: spec.n, format: spec.format, lang: spec.lang });
const t0 = performance.now();
let m0;
if (spec.format === "cjs") m0 = createRequire(join(graph.dir, "main.js"))(`./m0${spec.lang === "ts" ? "" : ".js"}`);
else m0 = await import(pathToFileURL(graph.file(0)).href);
const loadMs = performance.now() - t0;
if (m0.f() !== graph.expected()) throw new Error(`graph did not load: f() = ${m0.f()}, expected ${graph.expected()}`);

const copy = join(graph.dir, `alone${graph.ext}`);
const evaluateAlone = async (source, k) => {
  // The same compiler the controller uses on a reload, then evaluation of that one file: a fresh
  // Module (CommonJS), or `import()` of a copy under the same ESM hooks (its imports are loaded already).
  const a = performance.now();
  const code = autoreload.compiler.compile({
    filename: copy,
    source,
    format: spec.format === "cjs" ? "commonjs" : "module",
    moduleId: `${copy}#${k}`,
    reload: true,
  });
  const compile = performance.now() - a;
  if (spec.format === "cjs") {
    const mod = new Module(copy, null);
    mod.filename = copy;
    mod.paths = Module._nodeModulePaths(graph.dir);
    mod._compile(code, copy);
    return { total: performance.now() - a, compile };
  }
  const file = join(graph.dir, `alone${k}${graph.ext}`);
  writeFileSync(file, source);
  const b = performance.now();
  await import(pathToFileURL(file).href);
  return { total: performance.now() - b, compile };
};

const samples = [];
let k = 0;
for (const [mode, step] of ["all", "file"].flatMap((m) => editPlan(graph, spec.edits, true).map((s) => [m, s]))) {
  const e = graph.nextEdit(step.module);
  writeFileSync(e.file, e.content);
  const a = performance.now();
  const outcomes = await (mode === "all" ? autoreload.check() : autoreload.check({ files: [e.file] }));
  const value = m0.f();
  const ms = performance.now() - a;
  if (value !== e.expected) {
    console.log(
      `RESULT ${JSON.stringify({ ok: false, error: `check() did not make the new code live: f() = ${value}, expected ${e.expected}; outcomes ${JSON.stringify(outcomes).slice(0, 400)}` })}`,
    );
    process.exit(1);
  }
  const reloadMs = outcomes.find((o) => o.kind === "reloaded")?.ms;
  const alone = await evaluateAlone(e.content, k);
  samples.push({ position: step.position, mode, ms, reloadMs, aloneMs: alone.total, compileMs: alone.compile });
  k++;
}
// What check() of every module pays whatever changed: one stat per loaded file.
const { statSync } = await import("node:fs");
const loaded = [...autoreload.modules.files()];
const statAllMs = [];
for (let r = 0; r < 5; r++) {
  const a = performance.now();
  for (const f of loaded) statSync(f);
  statAllMs.push(performance.now() - a);
}
graph.cleanup();
console.log(`RESULT ${JSON.stringify({ ok: true, loadMs, samples, statAllMs })}`);
// Watchers and timers never keep the process alive; exit explicitly anyway.
process.exit(0);
