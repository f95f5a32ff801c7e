#!/usr/bin/env node
// npm run bench [-- --quick | --full] [--sizes 100,1000] [--peers bun,deno | --no-peers] [--settle-ms 500]
// Reload latency vs module-graph size (in process and file write → live), restart and peer
// baselines, call overhead, transform overhead, start-up and memory, in one run. Writes
// benchmarks/results/latest.json and docs/benchmarks.md (a --quick run writes results/quick.*).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { generate } from "./graph.js";
import { PEERS, TOOLS, measureRestart, measureStart, measureWatch, probeTool } from "./latency.js";
import { chartSvg, markdown, tables, toConsole } from "./report.js";
import { benchRoot, createProgress, fmtMs, killAll, median, repoRoot, runToEnd, summarize } from "./util.js";

const { values: opt } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    full: { type: "boolean", default: false },
    sizes: { type: "string" },
    peers: { type: "string" },
    "no-peers": { type: "boolean", default: false },
    "settle-ms": { type: "string" },
    "report-only": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opt.help) {
  process.stdout.write(`npm run bench [-- options]
  --quick            smoke run: tiny graphs, few edits (< 60 s); writes results/quick.{json,md,svg}
  --full             adds 50,000-module graphs
  --sizes a,b,…      graph sizes (tree) instead of the default 100,500,1000,10000
  --peers a,b,…      only these peers (${PEERS.join(", ")}); --no-peers for none
  --report-only      re-render the tables, docs/benchmarks.md and the chart from the last results
  --settle-ms N      pause after start-up and between edits for the peers (default 500; a peer that misses an edit is retried once with 1000)
`);
  process.exit(0);
}

const quick = opt.quick;
if (opt["report-only"]) {
  // Re-renders docs/benchmarks.md and the chart from results/latest.json (or quick.json) without measuring.
  const base = quick ? "quick" : "latest";
  const resultsDir = join(benchRoot, "results");
  const results = JSON.parse(readFileSync(join(resultsDir, `${base}.json`), "utf8"));
  const svgPath = join(resultsDir, `${base}-latency.svg`);
  writeFileSync(svgPath, await chartSvg(results));
  const mdPath = quick ? join(resultsDir, "quick.md") : join(repoRoot, "docs", "benchmarks.md");
  writeFileSync(mdPath, markdown(results, relative(join(mdPath, ".."), svgPath)));
  for (const t of tables(results)) process.stdout.write(`${toConsole(t)}\n`);
  process.exit(0);
}
// The default keeps the sizes the targets name (100, 500, 10,000); --full adds 1,000 and 50,000.
const sizes = opt.sizes ? opt.sizes.split(",").map(Number) : quick ? [20, 60] : opt.full ? [100, 500, 1000, 10000, 50000] : [100, 500, 10000];
const peers = opt["no-peers"] ? [] : opt.peers ? opt.peers.split(",") : PEERS;
for (const p of peers) if (!PEERS.includes(p)) throw new Error(`unknown peer ${p}; known: ${PEERS.join(", ")}`);
const full = opt.full;
const cfg = {
  oursEdits: quick ? 3 : 20, // per position (leaf, middle, root): ≥ 20 each
  baselineEdits: quick ? 3 : full ? 21 : 6, // restart and peers, in all, cycling leaf, middle, root
  oursSettleMs: 50, // our watcher reacts on the leading edge; a pause only keeps edits apart
  // …but watchers arm after the first response (ours: chokidar, per directory): before the first
  // edit every tool gets at least this long (1.25 s at 10,000 modules).
  startSettleMs: (n) => 250 + n / 10,
  peerSettleMs: Number(opt["settle-ms"] ?? 300),
  // Peers on every size in --full; the default runs them where the targets compare (500, 10,000).
  peerSizes: quick ? sizes.slice(0, 1) : full || opt.sizes ? sizes : sizes.filter((n) => n === 500 || n >= 10000),
  // Babel's ES-module variant cold-starts 10,000 modules in ~24 s: beyond 1,000 in --full only.
  skipOurs: (tool, n) => !quick && !full && !opt.sizes && tool === "autoreload-babel-esm" && n > 1000,
  // In process: Babel's cold load of 10,000 modules takes over a minute; the default checks Babel up
  // to 1,000 and SWC up to 10,000 (--full: both at every size up to 10,000).
  checkCases: (quick ? [60] : sizes.filter((n) => n <= 10000)).flatMap((n) =>
    ["babel", "swc"].filter((c) => quick || full || c === "swc" || n <= 1000).map((c) => [n, c]),
  ),
  checkEdits: quick ? 3 : 20,
  patchLines: quick ? [20] : [20, 200, 2000],
  patchEdits: quick ? 4 : 21,
  callProcesses: quick ? 1 : 3,
  callIterations: quick ? 20_000_000 : 400_000_000, // an upper bound: each round is calibrated to ≥ 40 ms
  transformBudgetMs: quick ? 30 : 300,
  transformSizes: quick ? [15] : [15, 150, 1500],
  memoryReloads: quick ? 50 : 1000,
  warmStarts: quick ? 1 : 3,
  // A CommonJS chain of 1,000 overflows Node's own require stack (plain node too, at depth ~830 on
  // Node 20), and an ESM chain of 10,000 its ESM loader: chains stay at 100 and 500. Other shapes
  // run with SWC (--full: Babel too): the shape changes the graph, not the compiler's share.
  shapes: quick
    ? []
    : [
        ["chain", 100],
        ["chain", 500],
        ["dag", 1000],
        ["dag", 10000],
      ].filter(([, n]) => n <= Math.max(...sizes)),
  shapeCompilers: full ? ["babel", "swc"] : ["swc"],
};
const startTimeout = (n) => Math.max(20000, n * 10);
const editTimeout = (n) => Math.max(6000, n * 1);

const started = Date.now();
const phases = []; // wall time per part of the run, so that a slow part shows
let phaseStart = started;
function phase(name) {
  const now = Date.now();
  phases.push({ name, s: Math.round((now - phaseStart) / 100) / 10 });
  phaseStart = now;
}
const failures = []; // { what, error, ours }
const fail = (what, error, ours) => failures.push({ what, error: String(error), ours });

// ---- plan (for the progress line) -------------------------------------------------------------
const sizePlanTools = (n) => 4 + 2 + peers.length;
const total = 9 + new Set(cfg.checkCases.map(([n]) => n)).size * 2 + sizes.reduce((s, n) => s + sizePlanTools(n), 0) + cfg.shapes.length;
const progress = createProgress(total);

// ---- helpers ----------------------------------------------------------------------------------
async function child(script, spec, { nodeArgs = [], env = {}, timeoutMs = 600000 } = {}) {
  const r = await runToEnd(process.execPath, [...nodeArgs, join(benchRoot, "src", "children", script), JSON.stringify(spec)], {
    cwd: benchRoot,
    env,
    timeoutMs,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (line === undefined)
    return {
      ok: false,
      error: `${script} exited ${r.code ?? r.signal} without a result: ${(r.stderr || r.stdout).split("\n").slice(-6).join(" | ").slice(0, 800)}`,
    };
  return JSON.parse(line.slice(7));
}

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(repoRoot, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
}

// ---- availability of our variants --------------------------------------------------------------
const meta = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model?.trim() ?? "unknown CPU",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.versions.node,
  platform: `${platform()} ${release()}`,
  args: process.argv.slice(2),
  versions: {
    bun: version("bun"),
    "vite-node": version("vite-node"),
    dynohot: version("dynohot"),
    "hot-hook": version("hot-hook"),
    deno: version("deno"),
    "@swc/core": version("@swc/core"),
    "@babel/core": version("@babel/core"),
  },
  note: "A 2-core machine shared with other work: figures are noisy; compare within a run, not across runs.",
  config: cfg,
  sizes,
};

const available = {}; // tool → true | "n/a (reason)"
{
  const probeGraphs = {
    cjs: generate({ shape: "tree", n: 20, format: "cjs", lang: "js" }),
    esm: generate({ shape: "tree", n: 20, format: "esm", lang: "js" }),
  };
  for (const tool of ["autoreload-babel", "autoreload-swc", "autoreload-babel-esm", "autoreload-swc-esm"]) {
    progress.step(`probe ${tool}`);
    const why = await probeTool(tool, probeGraphs[TOOLS[tool].format], quick ? 6000 : 10000);
    const esm = TOOLS[tool].format === "esm";
    available[tool] = why === undefined ? true : esm ? `n/a (ESM loader not available: ${why})` : `n/a (${why})`;
  }
  for (const g of Object.values(probeGraphs)) g.cleanup();
  if (available["autoreload-babel"] !== true) fail("autoreload (Babel, CommonJS) does not reload at all", available["autoreload-babel"], true);
  progress.note(
    `our variants: ${Object.entries(available)
      .map(([k, v]) => `${k}: ${v === true ? "ok" : v}`)
      .join("; ")}`,
  );
}
phase("probes");
// The full-reload variants run the same CLI with --no-patch: available where their patch sibling is.
available["autoreload-swc-full"] = available["autoreload-swc"];
available["autoreload-swc-esm-full"] = available["autoreload-swc-esm"];
const oursWatch = Object.keys(available).filter((t) => available[t] === true && !TOOLS[t].full);
const compilers = ["babel", "swc"].filter((c) => available[`autoreload-${c}`] === true);

// ---- transform overhead ------------------------------------------------------------------------
progress.step("transform overhead");
const transform = await child("transform.js", { budgetMs: cfg.transformBudgetMs, sizes: cfg.transformSizes });
if (!transform.ok) fail("transform overhead", transform.error, true);
phase("transform overhead");

// ---- call overhead -----------------------------------------------------------------------------
progress.step("call overhead");
const calls = {};
for (const compiler of ["babel", "swc"]) {
  if (!compilers.includes(compiler)) {
    calls[compiler] = { ok: false, na: `n/a (${available[`autoreload-${compiler}`]})` };
    continue;
  }
  const plain = [];
  const before = [];
  const after = [];
  let error;
  for (let p = 0; p < cfg.callProcesses && !error; p++) {
    const a = await child("calls.js", { variant: "plain", iterations: cfg.callIterations });
    const b = await child("calls.js", { variant: "instrumented", compiler, iterations: cfg.callIterations });
    if (!a.ok || !b.ok) error = (a.ok ? b : a).error;
    else {
      plain.push(a.before);
      before.push(b.before);
      after.push(b.after);
    }
  }
  if (error) {
    calls[compiler] = { ok: false, error };
    fail(`call overhead (${compiler})`, error, true);
    continue;
  }
  const med = (xs) => Object.fromEntries(Object.keys(xs[0]).map((k) => [k, median(xs.map((x) => x[k]))]));
  calls[compiler] = { ok: true, plain: med(plain), before: med(before), after: med(after), processes: cfg.callProcesses };
}

phase("call overhead");

// ---- memory ------------------------------------------------------------------------------------
const memory = [];
for (const format of ["cjs", "esm"]) {
  progress.step(`memory (${format})`);
  const tool = format === "cjs" ? "autoreload-babel" : "autoreload-babel-esm";
  if (available[tool] !== true) {
    memory.push({ format, ok: false, na: available[tool] });
    continue;
  }
  const r = await child("memory.js", { format, n: 100, reloads: cfg.memoryReloads }, { nodeArgs: ["--expose-gc"] });
  memory.push({ format, reloads: cfg.memoryReloads, ...r });
  if (!r.ok) fail(`memory (${format})`, r.error, true);
}

phase("memory");

// ---- in process: check() -----------------------------------------------------------------------
const check = [];
for (const n of [...new Set(cfg.checkCases.map(([size]) => size))]) {
  for (const format of ["cjs", "esm"]) {
    progress.step(`check() ${format} ${n}`);
    for (const compiler of cfg.checkCases.filter(([size]) => size === n).map(([, c]) => c)) {
      const tool = `autoreload-${compiler}${format === "esm" ? "-esm" : ""}`;
      if (available[tool] !== true) {
        check.push({ compiler, format, n, ok: false, na: available[tool] });
        continue;
      }
      const r = await child("check.js", { shape: "tree", n, format, lang: "js", edits: cfg.checkEdits }, { env: { BENCH_COMPILER: compiler } });
      if (!r.ok) {
        check.push({ compiler, format, n, ok: false, error: r.error });
        fail(`check() ${compiler} ${format} ${n}`, r.error, true);
        continue;
      }
      const pick = (mode, key = "ms") => summarize(r.samples.filter((s) => s.mode === mode).map((s) => s[key]));
      check.push({
        compiler,
        format,
        n,
        ok: true,
        loadMs: r.loadMs,
        all: pick("all"),
        file: pick("file"),
        alone: summarize(r.samples.map((s) => s.aloneMs)),
        reload: pick("file", "reloadMs"),
        statAll: summarize(r.statAllMs),
        samples: r.samples,
      });
    }
  }
}
phase("check()");

// ---- in process: patch against full reload, by module size ------------------------------------
const patchSize = [];
for (const format of ["cjs", "esm"]) {
  for (const lines of cfg.patchLines) {
    for (const how of ["patch", "full"]) {
      progress.step(`patch size: ${format} ${lines} lines, ${how}`);
      const r = await child(
        "patch-size.js",
        { lines, edits: cfg.patchEdits, format },
        { env: { BENCH_COMPILER: "swc", AUTORELOAD_PATCH: how === "patch" ? "1" : "0" } },
      );
      if (!r.ok) {
        patchSize.push({ format, lines, how, ok: false, error: r.error });
        fail(`patch size ${format} ${lines} ${how}`, r.error, true);
        continue;
      }
      // The first reload of a module pays for loading the patch machinery once: left out.
      patchSize.push({ format, lines: r.lines, how, ok: true, kinds: r.how, stats: summarize(r.samples.slice(1)) });
    }
  }
}
phase("patch against full reload, by module size");

// ---- file write → live: ours, restart, peers ---------------------------------------------------
const latency = [];
// Our runs keep their transform cache in the graph's directory (removed with it): the first start
// on a graph is cold, a later start of the same tool on it is warm.
const cacheEnv = (graph) => ({ AUTORELOAD_CACHE_DIR: join(graph.dir, ".autoreload-cache") });
const nBig = Math.max(...sizes.filter((n) => n <= 10000));
const warm = []; // { tool, label, n, ms }
async function warmStart(tool, graph) {
  progress.note(`start-up with the transform cache warm: ${TOOLS[tool].label}, ${graph.n}`);
  const xs = [];
  for (let k = 0; k < cfg.warmStarts; k++) {
    const r = await measureStart(tool, graph, { env: cacheEnv(graph), startTimeoutMs: startTimeout(graph.n) });
    if (!r.ok) {
      fail(`warm start-up ${TOOLS[tool].label} ${graph.n}`, r.error, true);
      return;
    }
    xs.push(r.ms);
  }
  warm.push({ tool, label: TOOLS[tool].label, n: graph.n, ms: median(xs) });
}
async function runTool(tool, graph, label) {
  progress.step(`${label}: ${TOOLS[tool].label}, ${graph.shape} ${graph.n}`);
  const t = TOOLS[tool];
  if (t.ours && available[tool] !== true) {
    latency.push({ tool, label: t.label, shape: graph.shape, n: graph.n, format: graph.format, ok: false, na: available[tool] });
    return;
  }
  if (label === "write → live" && (t.ours ? cfg.skipOurs(tool, graph.n) : !t.restart && !cfg.peerSizes.includes(graph.n))) {
    latency.push({ tool, label: t.label, shape: graph.shape, n: graph.n, format: graph.format, ok: false, na: "not run (--full)" });
    return;
  }
  let r;
  if (t.restart) {
    r = await measureRestart(tool, graph, { edits: cfg.baselineEdits, perPosition: false, startTimeoutMs: startTimeout(graph.n) });
  } else {
    const settleMs = t.ours ? cfg.oursSettleMs : cfg.peerSettleMs;
    const o = {
      edits: t.ours ? cfg.oursEdits : cfg.baselineEdits,
      perPosition: Boolean(t.ours),
      settleMs,
      startSettleMs: Math.max(settleMs, cfg.startSettleMs(graph.n)),
      startTimeoutMs: startTimeout(graph.n),
      editTimeoutMs: editTimeout(graph.n),
      env: t.ours ? cacheEnv(graph) : {},
    };
    r = await measureWatch(tool, graph, o);
    if (!r.ok && r.startupMs !== undefined && !t.ours && settleMs < 1000) {
      // A peer that missed an edit gets a second chance with the notes' 1 s settle.
      progress.note(`${t.label} at ${graph.n}: ${r.error}; retrying with a 1 s settle`);
      r = { ...(await measureWatch(tool, graph, { ...o, settleMs: 1000 })), retried: r.error };
    }
  }
  r.pathLength = graph.pathLength;
  latency.push(r);
  if (!r.ok) {
    const what = `${t.label}, ${graph.shape} ${graph.n.toLocaleString("en-US")} (${graph.format})`;
    fail(
      what,
      `${r.error}${
        r.output
          ? ` — last output: ${r.output
              .split("\n")
              .filter((l) => !l.startsWith("V="))
              .slice(-3)
              .join(" | ")
              .slice(0, 400)}`
          : ""
      }`,
      Boolean(t.ours || t.restart),
    );
  }
}

for (const n of sizes) {
  const graphs = { cjs: generate({ shape: "tree", n, format: "cjs", lang: "js" }), esm: generate({ shape: "tree", n, format: "esm", lang: "js" }) };
  try {
    // --quick runs the peers on the smallest graph only (a smoke test that they still start).
    for (const tool of [
      "autoreload-babel",
      "autoreload-swc",
      "autoreload-swc-full",
      "autoreload-babel-esm",
      "autoreload-swc-esm",
      "autoreload-swc-esm-full",
      "restart-cjs",
      "restart-esm",
      ...peers,
    ]) {
      await runTool(tool, graphs[TOOLS[tool].format], "write → live");
    }
    if (n === nBig) for (const tool of oursWatch.filter((t) => TOOLS[t].format === "cjs")) await warmStart(tool, graphs.cjs);
  } finally {
    for (const g of Object.values(graphs)) g.cleanup();
  }
}
phase("write → live, tree graphs (ours, restart, peers)");
for (const [shape, n] of cfg.shapes) {
  const g = generate({ shape, n, format: "cjs", lang: "js" });
  try {
    for (const tool of oursWatch.filter((t) => TOOLS[t].format === "cjs" && cfg.shapeCompilers.some((c) => t === `autoreload-${c}`)))
      await runTool(tool, g, "shape");
  } finally {
    g.cleanup();
  }
}
phase("write → live, other shapes");
// TypeScript: the same tree through the CLI (Babel strips types), at 1,000 modules (100 in --quick).
{
  const n = quick ? 20 : 1000;
  const g = generate({ shape: "tree", n, format: "cjs", lang: "ts" });
  try {
    progress.step(`write → live: TypeScript ${n}`);
    for (const tool of oursWatch.filter((t) => TOOLS[t].format === "cjs")) {
      const r = await measureWatch(tool, g, {
        edits: cfg.oursEdits,
        perPosition: true,
        settleMs: cfg.oursSettleMs,
        startSettleMs: cfg.startSettleMs(n),
        startTimeoutMs: startTimeout(n),
        editTimeoutMs: editTimeout(n),
        env: cacheEnv(g),
      });
      r.label = `${r.label}, TypeScript`;
      r.shape = "tree (TS)";
      r.pathLength = g.pathLength;
      latency.push(r);
      if (!r.ok) fail(`${r.label} ${n}`, r.error, true);
    }
  } finally {
    g.cleanup();
  }
}
progress.end();
phase("write → live, TypeScript");

// ---- start-up of the largest graph: cold (the first start on the graph) and warm ---------------
const startup = { n: nBig, rows: [] };
{
  const plain = latency.find((r) => r.tool === "restart-cjs" && r.n === nBig && r.shape === "tree" && r.ok);
  if (plain) startup.rows.push({ label: "plain node (CommonJS)", ms: plain.stats.all.p50 });
  const ratio = (ms) => (plain ? ms / plain.stats.all.p50 : undefined);
  for (const tool of oursWatch.filter((t) => TOOLS[t].format === "cjs")) {
    const r = latency.find((x) => x.tool === tool && x.n === nBig && x.shape === "tree" && x.ok);
    if (r) startup.rows.push({ label: `${r.label}, cold (empty transform cache)`, ms: r.startupMs, ratio: ratio(r.startupMs) });
    const w = warm.find((x) => x.tool === tool);
    if (w) startup.rows.push({ label: `${w.label}, transform cache warm`, ms: w.ms, ratio: ratio(w.ms) });
  }
}

// ---- targets -----------------------------------------------------------------------------------
const targets = [];
const p50Of = (tool, n) => latency.find((r) => r.tool === tool && r.n === n && r.shape === "tree" && r.ok)?.stats.all.p50;
{
  const big = Math.max(...sizes.filter((n) => n <= 10000));
  const small = Math.min(...sizes);
  for (const c of ["swc", "babel"]) {
    const tool = `autoreload-${c}`;
    if (available[tool] !== true) {
      targets.push({ target: `write → live p50 at ${big.toLocaleString("en-US")} modules ≤ 10 ms (${c})`, measured: available[tool], met: null });
      continue;
    }
    const a = p50Of(tool, big);
    const b = p50Of(tool, small);
    targets.push({
      target: `write → live p50 at ${big.toLocaleString("en-US")} modules ≤ 10 ms${c === "babel" ? " (set for SWC; Babel shown for reference)" : ""}`,
      measured: fmtMs(a),
      met: a === undefined ? false : a <= 10,
      value: a,
    });
    targets.push({
      target: `… and ≤ 1.3× the figure at ${small} modules (${c})`,
      measured: a && b ? `${fmtMs(a)} / ${fmtMs(b)} = ${(a / b).toFixed(2)}×` : "—",
      met: a && b ? a / b <= 1.3 : false,
      value: a && b ? a / b : undefined,
    });
  }
  // Patch reloads: file written → the new body live, at the largest default size, and against a
  // full reload of the same edits (the --no-patch variants) at every size.
  for (const [tool, full, limit, what] of [
    ["autoreload-swc", "autoreload-swc-full", 2, "CommonJS"],
    ["autoreload-swc-esm", "autoreload-swc-esm-full", 2.5, "ESM"],
  ]) {
    const a = p50Of(tool, big);
    targets.push({
      target: `patch reload p50 at ${big.toLocaleString("en-US")} modules ≤ ${limit} ms (SWC, ${what})`,
      measured: fmtMs(a),
      met: a === undefined ? false : a <= limit,
      value: a,
    });
    for (const n of sizes.filter((x) => x <= 10000)) {
      const p = p50Of(tool, n);
      const f = p50Of(full, n);
      if (p === undefined || f === undefined) continue;
      targets.push({
        target: `patch not slower than a full reload at ${n.toLocaleString("en-US")} modules (SWC, ${what})`,
        measured: `${fmtMs(p)} patch / ${fmtMs(f)} full = ${(p / f).toFixed(2)}×`,
        met: p <= f * 1.05,
        value: p / f,
      });
    }
  }
  for (const format of ["cjs", "esm"]) {
    const rows = patchSize.filter((r) => r.ok && r.format === format && r.how === "patch");
    const small = rows.find((r) => r.lines < 100);
    const large = rows.find((r) => r.lines >= 1000);
    if (small === undefined || large === undefined) continue;
    const ratio = large.stats.p50 / small.stats.p50;
    targets.push({
      target: `a ${large.lines}-line module patches in < 2× the time of a ${small.lines}-line one (SWC, ${format})`,
      measured: `${fmtMs(large.stats.p50)} / ${fmtMs(small.stats.p50)} = ${ratio.toFixed(2)}×`,
      met: ratio < 2,
      value: ratio,
    });
  }
  for (const c of check.filter((x) => x.ok)) {
    const r = c.all.p50 / c.alone.p50;
    const rf = c.file.p50 / c.alone.p50;
    targets.push({
      target: `check() → live within 2× of transform+evaluate alone (${c.compiler}, ${c.format}, ${c.n.toLocaleString("en-US")})`,
      measured: `check(): ${r.toFixed(2)}×; check({ files }): ${rf.toFixed(2)}×`,
      met: r <= 2,
      value: r,
    });
  }
  for (const n of [500, 10000]) {
    if (!sizes.includes(n)) continue;
    const ours = p50Of("autoreload-swc", n) ?? p50Of("autoreload-babel", n);
    const oursLabel = p50Of("autoreload-swc", n) !== undefined ? "SWC" : "Babel";
    for (const p of peers) {
      const r = latency.find((x) => x.tool === p && x.n === n && x.shape === "tree");
      const theirs = r?.ok ? r.stats.all.p50 : undefined;
      targets.push({
        target: `faster than ${TOOLS[p].label} at ${n.toLocaleString("en-US")} modules`,
        measured:
          theirs === undefined
            ? `${fmtMs(ours)} (${oursLabel}) vs peer failed: ${r?.error ?? "not run"}`
            : `${fmtMs(ours)} (${oursLabel}) vs ${fmtMs(theirs)} = ${(theirs / ours).toFixed(1)}× faster`,
        met: ours === undefined ? false : theirs === undefined ? true : ours < theirs,
        value: theirs === undefined ? undefined : ours / theirs,
      });
    }
  }
  for (const [compiler, c] of Object.entries(calls)) {
    if (!c.ok) continue;
    const r = c.before["function call"] / c.plain["function call"];
    const ra = c.after["function call"] / c.plain["function call"];
    targets.push({
      target: `call overhead ≤ 1.1× monomorphic (${compiler})`,
      measured: `${r.toFixed(2)}× before any reload, ${ra.toFixed(2)}× after one`,
      met: r <= 1.1,
      value: r,
    });
  }
  if (transform.ok) {
    const worst = (key) => Math.max(...transform.rows.filter((r) => r[key]).map((r) => r[key].ratio));
    const all = (key) =>
      transform.rows
        .filter((r) => r[key])
        .map((r) => `${r.lines} lines ${r[key].ratio.toFixed(2)}×`)
        .join(", ");
    const glue = transform.rows[0]?.babelGlue ? ` (Babel without the plugin on its output, the emitted code's cost alone: ${all("babelGlue")})` : "";
    targets.push({ target: "Babel plugin ≤ 1.15× Babel without it", measured: `${all("babel")}${glue}`, met: worst("babel") <= 1.15, value: worst("babel") });
    if (transform.rows[0]?.swcEsm) {
      targets.push({ target: "SWC plugin ≤ 2× plain SWC (ES module out)", measured: all("swcEsm"), met: worst("swcEsm") <= 2, value: worst("swcEsm") });
      targets.push({ target: "SWC plugin ≤ 2× plain SWC (CommonJS out)", measured: all("swcCjs"), met: worst("swcCjs") <= 2, value: worst("swcCjs") });
    } else targets.push({ target: "SWC plugin ≤ 2× plain SWC", measured: `n/a: ${transform.swcError}`, met: null });
  }
  for (const m of memory) {
    if (!m.ok) {
      targets.push({
        target: `memory flat after ${cfg.memoryReloads} reloads (${m.format})`,
        measured: m.na ?? m.error,
        met: m.format === "cjs" ? false : null,
      });
      continue;
    }
    const first = m.points[0].heapUsed;
    const last = m.points[m.points.length - 1].heapUsed;
    const hundredPoint = m.points.find((p) => p.reloads === 100 && p !== m.points[m.points.length - 1]) ?? m.points[1];
    const hundred = hundredPoint.heapUsed;
    const per = (last - hundred) / Math.max(1, m.points[m.points.length - 1].reloads - hundredPoint.reloads);
    targets.push({
      target: `memory flat after ${cfg.memoryReloads} reloads (${m.format}; flat = < 5% growth)`,
      measured: `${(first / 2 ** 20).toFixed(1)} → ${(last / 2 ** 20).toFixed(1)} MiB (${(last / first).toFixed(2)}×, ${(per / 1024).toFixed(2)} KiB per reload)`,
      met: last / first < 1.05,
      value: last / first,
    });
  }
}

// ---- output ------------------------------------------------------------------------------------
meta.durationS = (Date.now() - started) / 1000;
meta.phases = phases;
const results = { meta, available, latency, check, patchSize, calls, transform, startup, memory, targets, failures };
const resultsDir = join(benchRoot, "results");
mkdirSync(resultsDir, { recursive: true });
const base = quick ? "quick" : "latest";
writeFileSync(join(resultsDir, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`);
const svgPath = join(resultsDir, `${base}-latency.svg`);
writeFileSync(svgPath, await chartSvg(results));
const mdPath = quick ? join(resultsDir, "quick.md") : join(repoRoot, "docs", "benchmarks.md");
writeFileSync(mdPath, markdown(results, relative(join(mdPath, ".."), svgPath)));
for (const t of tables(results)) process.stdout.write(`${toConsole(t)}\n`);
process.stdout.write(`\ntime per part: ${phases.map((p) => `${p.name} ${p.s.toFixed(0)} s`).join("; ")}\n`);
process.stdout.write(
  `\nwrote ${relative(repoRoot, join(resultsDir, `${base}.json`))}, ${relative(repoRoot, mdPath)}, ${relative(repoRoot, svgPath)} in ${meta.durationS.toFixed(0)} s\n`,
);

const ourFailures = failures.filter((f) => f.ours);
killAll();
if (ourFailures.length > 0) {
  process.stderr.write(
    `\nbench: ${ourFailures.length} measurement(s) of autoreload or the restart baseline did not happen:\n${ourFailures.map((f) => `  - ${f.what}: ${f.error.slice(0, 500)}`).join("\n")}\n`,
  );
  process.exit(1);
}
const peerFailures = failures.filter((f) => !f.ours);
if (peerFailures.length > 0)
  process.stderr.write(`\nbench: ${peerFailures.length} peer case(s) failed (reported in the tables, not an error of this benchmark).\n`);
process.exit(0);
