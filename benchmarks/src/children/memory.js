// Memory after many reloads: node --expose-gc memory.js '{"format":"cjs","n":100,"reloads":1000}'.
// Heap (after forced GC) after the first load, then at checkpoints up to `reloads` reloads of one
// leaf module, each reload in its own task. Prints `RESULT <json>`; exits non-zero if a reload did not happen.
const { createRequire } = await import("node:module");
const { writeFileSync } = await import("node:fs");
const { join } = await import("node:path");
const { pathToFileURL } = await import("node:url");
const { generate } = await import("../graph.js");
// autoreload last: the benchmark's own modules above are loaded plain, never instrumented.
process.env.AUTORELOAD_WATCH = "0";
process.env.AUTORELOAD_QUIET = "1";
process.env.AUTORELOAD_CACHE = "0";
if (process.env.BENCH_COMPILER) process.env.AUTORELOAD_COMPILER = process.env.BENCH_COMPILER;
await import("autoreload/register");
const { autoreload } = await import("autoreload");

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
const spec = JSON.parse(process.argv[2]);
const graph = generate({ shape: "tree", n: spec.n, format: spec.format, lang: "js" });
const m0 = spec.format === "cjs" ? createRequire(join(graph.dir, "main.js"))("./m0.js") : await import(pathToFileURL(graph.file(0)).href);
const heap = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, rss: m.rss };
};
if (m0.f() !== graph.expected()) throw new Error("graph did not load");
const points = [{ reloads: 0, ...heap() }];
const checkpoints = new Set([1, 10, 100, 250, 500, 750, spec.reloads]);
for (let k = 1; k <= spec.reloads; k++) {
  const e = graph.nextEdit(graph.slots.leaf);
  writeFileSync(e.file, e.content);
  await autoreload.check({ files: [e.file] });
  // Each reload in a task of its own, as the watcher and the REPL run them: V8 keeps WeakRef
  // targets (Node's source-map cache holds one per compiled module) alive until the task ends.
  await new Promise((done) => setImmediate(done));
  if (m0.f() !== e.expected) {
    console.log(`RESULT ${JSON.stringify({ ok: false, error: `reload ${k} did not happen: f() = ${m0.f()}, expected ${e.expected}` })}`);
    process.exit(1);
  }
  if (checkpoints.has(k)) points.push({ reloads: k, ...heap() });
}
graph.cleanup();
console.log(`RESULT ${JSON.stringify({ ok: true, points })}`);
process.exit(0);
