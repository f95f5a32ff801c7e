// File written → new code observable in a running child process (watcher included), measured the
// same way for every tool (docs/benchmarks.md, "Method"): hrtime just before writing the module in
// place (same size), stop when the child's `V=<expected>` line is parsed. Also the restart baseline.
import { writeFileSync } from "node:fs";
import { Child, bin, cliPath, msSince, nowNs, sleep, summarize } from "./util.js";
import { mainSource } from "./graph.js";

const resolveUrl = (spec) => import.meta.resolve(spec);

/**
 * The tools. `format` is the graph format the tool runs; `style` the main module it needs (as its
 * docs require); `command(entry)` the command line.
 */
export const TOOLS = {
  // The edit changes one function body: a patch reload. The `-full` variants run the same edits
  // with `--no-patch` (every reload runs the module's top level again), side by side.
  "autoreload-babel": { label: "autoreload (Babel)", ours: true, format: "cjs", style: "plain", command: (e) => [process.execPath, [cliPath, "--quiet", e]] },
  "autoreload-swc": {
    label: "autoreload (SWC)",
    ours: true,
    format: "cjs",
    style: "plain",
    command: (e) => [process.execPath, [cliPath, "--quiet", "--compiler", "swc", e]],
  },
  "autoreload-babel-esm": {
    label: "autoreload (Babel, ESM)",
    ours: true,
    format: "esm",
    style: "plain",
    command: (e) => [process.execPath, [cliPath, "--quiet", e]],
  },
  "autoreload-swc-esm": {
    label: "autoreload (SWC, ESM)",
    ours: true,
    format: "esm",
    style: "plain",
    command: (e) => [process.execPath, [cliPath, "--quiet", "--compiler", "swc", e]],
  },
  "autoreload-swc-full": {
    label: "autoreload (SWC), full reload",
    ours: true,
    full: true,
    format: "cjs",
    style: "plain",
    command: (e) => [process.execPath, [cliPath, "--quiet", "--no-patch", "--compiler", "swc", e]],
  },
  "autoreload-swc-esm-full": {
    label: "autoreload (SWC, ESM), full reload",
    ours: true,
    full: true,
    format: "esm",
    style: "plain",
    command: (e) => [process.execPath, [cliPath, "--quiet", "--no-patch", "--compiler", "swc", e]],
  },
  "restart-cjs": { label: "restart (node, CJS)", restart: true, format: "cjs", style: "plain", command: (e) => [process.execPath, [e]] },
  "restart-esm": { label: "restart (node, ESM)", restart: true, format: "esm", style: "plain", command: (e) => [process.execPath, [e]] },
  bun: { label: "bun --hot", peer: "bun", format: "esm", style: "plain", command: (e) => [bin("bun"), ["--hot", e]] },
  "vite-node": { label: "vite-node --watch", peer: "vite-node", format: "esm", style: "accept", command: (e) => [bin("vite-node"), ["--watch", e]] },
  dynohot: {
    label: "dynohot",
    peer: "dynohot",
    format: "esm",
    style: "accept",
    command: (e) => [process.execPath, ["--import", resolveUrl("dynohot/register"), e]],
  },
  "hot-hook": {
    label: "hot-hook",
    peer: "hot-hook",
    format: "esm",
    style: "boundary",
    command: (e) => [process.execPath, ["--import", resolveUrl("hot-hook/register"), e]],
  },
  deno: { label: "deno run --hmr", peer: "deno", format: "esm", style: "plain", command: (e) => [bin("deno"), ["run", "--hmr", "--no-prompt", e]] },
};

export const PEERS = ["bun", "vite-node", "dynohot", "hot-hook", "deno"];

const entryName = (graph, style) => `main-${style}${graph.ext}`;

function ensureEntry(graph, style) {
  const name = entryName(graph, style);
  graph.writeEntry(name, mainSource(graph, style));
  return name;
}

const parseLine = (text) =>
  Object.fromEntries(
    text
      .split(" ")
      .map((kv) => kv.split("="))
      .filter((p) => p.length === 2),
  );

/** Edit plan: `edits` edits per position, or `edits` in all cycling root/middle/leaf. */
export function editPlan(graph, edits, perPosition) {
  const positions = ["leaf", "middle", "root"];
  const plan = [];
  if (perPosition) for (const p of positions) for (let k = 0; k < edits; k++) plan.push(p);
  else for (let k = 0; k < edits; k++) plan.push(positions[k % 3]);
  return plan.map((p) => ({ position: p, module: graph.slots[p] }));
}

function summarizeByPosition(samples) {
  const out = { all: summarize(samples.map((s) => s.ms)) };
  for (const p of ["leaf", "middle", "root"]) {
    const xs = samples.filter((s) => s.position === p).map((s) => s.ms);
    if (xs.length > 0) out[p] = summarize(xs);
  }
  return out;
}

/**
 * Runs one tool on one graph. Never throws for a tool's failure: returns `{ ok: false, error }`
 * with what it printed. A timed-out edit ends the case ("stopped picking up edits after k").
 */
export async function measureWatch(toolName, graph, { edits, perPosition, settleMs, startSettleMs = settleMs, startTimeoutMs, editTimeoutMs, env = {} }) {
  const tool = TOOLS[toolName];
  const entry = ensureEntry(graph, tool.style);
  const [cmd, args] = tool.command(entry);
  const t0 = nowNs();
  const child = new Child(cmd, args, { cwd: graph.dir, env });
  const result = {
    tool: toolName,
    label: tool.label,
    shape: graph.shape,
    n: graph.n,
    format: graph.format,
    lang: graph.lang,
    command: `${cmd.replace(/.*\//, "")} ${args.map((a) => a.replace(/^.*\/node_modules\//, "")).join(" ")}`,
  };
  let first;
  try {
    first = await child.waitFor(`V=${graph.expected()} `, { timeoutMs: startTimeoutMs });
  } catch (error) {
    await child.stop();
    return {
      ...result,
      ok: false,
      error: error.timeout ? `did not start within ${(startTimeoutMs / 1000).toFixed(0)} s` : error.message,
      output: error.output,
    };
  }
  result.startupMs = msSince(t0, first.at);
  const boot = parseLine(first.text);
  await sleep(startSettleMs); // a watcher arms after the first response: the first edit waits for it
  const samples = [];
  let last = first;
  for (const step of editPlan(graph, edits, perPosition)) {
    const e = graph.nextEdit(step.module);
    const t = nowNs();
    writeFileSync(e.file, e.content);
    try {
      last = await child.waitFor(new RegExp(`^V=${e.expected} `), { from: last.index + 1, timeoutMs: editTimeoutMs });
    } catch (error) {
      result.ok = false;
      result.error = error.timeout
        ? `stopped picking up edits after ${samples.length} (edit ${samples.length + 1}, ${step.position}, not live within ${editTimeoutMs / 1000} s)`
        : `${error.message} after ${samples.length} edits`;
      result.output = error.output;
      break;
    }
    samples.push({ position: step.position, ms: msSince(t, last.at) });
    await sleep(settleMs);
  }
  await child.stop();
  const end = parseLine(last.text);
  result.samples = samples.map((s) => +s.ms.toFixed(3));
  result.positions = samples.map((s) => s.position[0]);
  result.stats = summarizeByPosition(samples);
  result.stateKept = samples.length === 0 ? null : end.boot === boot.boot;
  result.samePid = samples.length === 0 ? null : end.pid === boot.pid;
  result.mainEvals = Number(end.mainEvals);
  if (result.ok === undefined) result.ok = true;
  return result;
}

/**
 * The restart baseline: hrtime, write the module, spawn Node on the graph, stop at the first
 * `V=<expected>` line (spawn + load + first response; `node --watch` without its debounce).
 */
export async function measureRestart(toolName, graph, { edits, perPosition, startTimeoutMs }) {
  const tool = TOOLS[toolName];
  const entry = ensureEntry(graph, tool.style);
  const [cmd, args] = tool.command(entry);
  const result = { tool: toolName, label: tool.label, shape: graph.shape, n: graph.n, format: graph.format, lang: graph.lang, command: `node ${entry}` };
  const samples = [];
  for (const step of editPlan(graph, edits, perPosition)) {
    const e = graph.nextEdit(step.module);
    const t = nowNs();
    writeFileSync(e.file, e.content);
    const child = new Child(cmd, args, { cwd: graph.dir });
    try {
      const line = await child.waitFor(new RegExp(`^V=${e.expected} `), { timeoutMs: startTimeoutMs });
      samples.push({ position: step.position, ms: msSince(t, line.at) });
    } catch (error) {
      await child.stop();
      return { ...result, ok: false, error: error.message, output: error.output };
    }
    await child.stop();
  }
  return {
    ...result,
    ok: true,
    samples: samples.map((s) => +s.ms.toFixed(3)),
    positions: samples.map((s) => s.position[0]),
    stats: summarizeByPosition(samples),
    stateKept: false,
    samePid: false,
    startupMs: summarize(samples.map((s) => s.ms)).p50,
  };
}

/** Start-up alone: spawn → the first response (`V=<expected>`), then stop. */
export async function measureStart(toolName, graph, { env = {}, startTimeoutMs }) {
  const tool = TOOLS[toolName];
  const [cmd, args] = tool.command(ensureEntry(graph, tool.style));
  const t0 = nowNs();
  const child = new Child(cmd, args, { cwd: graph.dir, env });
  try {
    const first = await child.waitFor(`V=${graph.expected()} `, { timeoutMs: startTimeoutMs });
    return { ok: true, ms: msSince(t0, first.at) };
  } catch (error) {
    return { ok: false, error: error.timeout ? `did not start within ${(startTimeoutMs / 1000).toFixed(0)} s` : error.message };
  } finally {
    await child.stop();
  }
}

/** Cheap probe: does this tool reload an edit at all here? Returns undefined or the reason it does not. */
export async function probeTool(toolName, graph, timeoutMs = 8000) {
  const r = await measureWatch(toolName, graph, { edits: 1, perPosition: false, settleMs: 100, startTimeoutMs: timeoutMs, editTimeoutMs: timeoutMs });
  if (r.ok) return undefined;
  const lines = (r.output ?? "").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("V=") && !/^\s+at /.test(l) && !/^Node\.js v/.test(l));
  const out =
    lines
      .filter((l) => /error/i.test(l))
      .slice(-2)
      .join(" | ") || lines.slice(-2).join(" | ");
  return `${r.error}${out ? `: ${out.slice(0, 300)}` : ""}`;
}
