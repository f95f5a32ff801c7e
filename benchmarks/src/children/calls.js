// Call overhead of instrumented code: node calls.js '{"variant":"plain"|"instrumented","compiler":"babel"}'.
// The callee module is CommonJS; the loops live here (an ES module, never instrumented).
// Prints `RESULT <json>` with ns/op per case (before any reload, and after one reload): the best of
// `rounds` rounds, each calibrated to ≥ 40 ms.
const spec = JSON.parse(process.argv[2]);
const instrumented = spec.variant === "instrumented";
if (instrumented) {
  process.env.AUTORELOAD_WATCH = "0";
  process.env.AUTORELOAD_QUIET = "1";
  process.env.AUTORELOAD_CACHE = "0";
  if (spec.compiler) process.env.AUTORELOAD_COMPILER = spec.compiler;
  await import("autoreload/register");
}
const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
const { createRequire } = await import("node:module");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");

// Generation 2 changes every body (`+ 0`, the same results): a patch reload points every handle
// at a new function, so "after one reload" measures calls that forward.
const callee = (tag, changed = false) => {
  const z = changed ? " + 0" : "";
  return `"use strict";
// ${tag}
let K = 3; // a module \`let\` nothing assigns: with the module's evaluator in scope, reads of it are real loads
function add(a, b) { return a + b${z}; }
function readLet(x) { return x * K${z}; }
class Point {
  constructor(x) { this.x = x${z}; }
  get() { return this.x${z}; }
  inc(d) { return this.x + d${z}; }
}
function cb0(x) { return x + 1${z}; }
function cb1(x) { return x ^ 3${z}; }
function cb2(x) { return x - 2${z}; }
function cb3(x) { return x | 1${z}; }
const cb4 = (x) => x + 4${z};
const cb5 = (x) => x & 255${z};
const cb6 = (x) => x * 2${z};
const cb7 = (x) => x >> 1${z};
const callbacks = [cb0, cb1, cb2, cb3, cb4, cb5, cb6, cb7];
module.exports = { add, readLet, Point, callbacks };
`;
};

const dir = mkdtempSync(join(tmpdir(), "autoreload-bench-calls-"));
const file = join(dir, "callee.js");
writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}');
writeFileSync(file, callee("generation 1"));
const lib = createRequire(file)("./callee.js");
const { add, readLet, Point, callbacks } = lib;

const maxN = spec.iterations ?? 4_000_000;
let N = maxN;
// One loop function per case, each called with the same types only; N is set per case (calibrated).
const cases = {
  "function call": () => {
    let s = 0;
    for (let i = 0; i < N; i++) s = (s + add(i, 1)) | 0;
    return s;
  },
  "function reading a never-assigned module let": () => {
    let s = 0;
    for (let i = 0; i < N; i++) s = (s + readLet(i)) | 0;
    return s;
  },
  "method call on an instance": (() => {
    const p = new Point(3);
    return () => {
      let s = 0;
      for (let i = 0; i < N; i++) s = (s + p.inc(i)) | 0;
      return s;
    };
  })(),
  "callbacks through an array (megamorphic)": () => {
    let s = 0;
    for (let i = 0; i < N; i++) s = (s + callbacks[i & 7](i)) | 0;
    return s;
  },
  "constructor call": () => {
    let s = 0;
    for (let i = 0; i < N; i++) s = (s + new Point(i).x) | 0;
    return s;
  },
};

function measure(rounds) {
  const out = {};
  for (const [name, fn] of Object.entries(cases)) {
    // Calibrate: each round ≥ ~40 ms or maxN iterations (a slow case, e.g. 2 µs a call, stays quick).
    N = 10_000;
    for (;;) {
      const t = process.hrtime.bigint();
      sink ^= fn();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (ms >= 40 || N >= maxN) break;
      N = Math.min(maxN, N * (ms < 4 ? 8 : 2));
    }
    fn(); // warm-up: optimised code
    const times = [];
    for (let r = 0; r < rounds; r++) {
      const t = process.hrtime.bigint();
      sink ^= fn();
      times.push(Number(process.hrtime.bigint() - t) / N);
    }
    // The best round, as Python's timeit reports: on a shared machine noise only ever adds time,
    // and a sub-nanosecond call is otherwise lost in it.
    out[name] = Math.min(...times);
  }
  return out;
}
let sink = 0;
const rounds = spec.rounds ?? 7;
const before = measure(rounds);
let after;
if (instrumented) {
  const { autoreload } = await import("autoreload");
  writeFileSync(file, callee("generation 2: reloaded", true));
  const outcomes = await autoreload.check({ files: [file] });
  if (!outcomes.some((o) => o.kind === "reloaded")) {
    console.log(`RESULT ${JSON.stringify({ ok: false, error: `the callee did not reload: ${JSON.stringify(outcomes).slice(0, 300)}` })}`);
    process.exit(1);
  }
  // The same objects, now forwarding to generation 2.
  if (lib.add !== add || lib.add(2, 3) !== 5) throw new Error("reload broke the callee");
  after = measure(rounds);
}
rmSync(dir, { recursive: true, force: true });
console.log(`RESULT ${JSON.stringify({ ok: true, before, after, sink })}`);
process.exit(0);
