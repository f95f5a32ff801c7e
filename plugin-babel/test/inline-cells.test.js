// Inline function cells and the module's evaluator (ABI 4, docs/abi.md "ABI 4: evaluator, facts,
// inline cells"): functions that top-level statements reach through expressions only get a slot
// of their own. Before any reload they behave as written; once their slot is written, the
// function objects other code holds (a listener, a route handler, a getter) run the new body.
import test from "ava";
import { createRequire } from "node:module";
import vm from "node:vm";
import { transformSync } from "@babel/core";
import { decodeFacts } from "@autoreload/abi";
import { createRuntime } from "autoreload/core";
import { vmRealm } from "@autoreload/harness/reload-realm";
import plugin from "../dist/index.js";
import { run } from "./helpers/realm.js";

const require = createRequire(import.meta.url);
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");

/** As the runtime compiles: the plugin, then (for ES modules) the CommonJS transform. */
function compile(code, filename, { withPlugin = true, commonjs = true, options = {} } = {}) {
  return transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    parserOpts: { plugins: /\.tsx?$/.test(filename) ? ["typescript"] : [] },
    plugins: [...(withPlugin ? [[plugin, { runtimeImport: false, moduleId: filename, ...options }]] : []), ...(commonjs ? [modulesCommonJS] : [])],
  });
}

/** The examples of the spec (plugin-side patch reload, section 2), as an ES module and a CommonJS one. */
const ESM_EXAMPLES = `let hits = 0;
export const bus = { handlers: [], on(name, fn) { this.handlers.push(fn); return this; }, emit(...args) { for (const h of this.handlers) h(...args); } };
bus.on("req", (n) => { hits += n; });
export const routes = {};
export const app = { get(path, fn) { routes[path] = fn; } };
app.get("/", async (req, res) => { res.body = "v1:" + req; return res; });
export const timers = [];
function setInterval(fn, ms) { timers.push(fn); return { unref() { return ms; } }; }
setInterval(() => tick(), 1000).unref();
function tick() { return ++hits; }
export const settled = new Promise((resolve) => { resolve("v1"); });
export const api = {
  name: "x",
  get() { return ["get:v1", this === api, arguments.length]; },
  get label() { return "label:v1:" + this.name; },
  set label(v) { this.name = "v1:" + v; },
  async *items(...xs) { yield "v1"; yield xs.length; yield arguments.length; },
};
function wrap(f) { return f; }
export const h = wrap(function inner(a, b) {
  return { v: 1, self: this === undefined ? "undefined" : typeof this, args: [...arguments], nt: new.target === undefined ? "none" : new.target.name };
});
export default { fetch(req) { return "v1:" + req; } };
export const state = () => hits;
`;
const CJS_EXAMPLE = `module.exports = { handler(req) { return "v1:" + req; } };\n`;

/** The slot of the cell whose source text starts with `start` (the facts tell where each cell is). */
function slotOf(source, facts, start) {
  const cells = facts.statements.flatMap((s) => s.cells).filter((c) => source.slice(c.span[0], c.span[1]).startsWith(start));
  if (cells.length !== 1) throw new Error(`${cells.length} cells start with ${start}`);
  return cells[0].slot;
}

test("inline cells: every example is instrumented in place, on a slot of its own, with no registration", (t) => {
  const { code, metadata } = compile(ESM_EXAMPLES, "/app/examples.mjs", { commonjs: false });
  const { facts } = metadata.autoreload;
  const slot = (start) => slotOf(ESM_EXAMPLES, facts, start);
  const apply = (i) => `if (_ar$G.$${i} !== undefined) return Reflect.apply(_ar$G.$${i}, this, arguments);`;
  const fragments = [
    `bus.on("req", (n, ..._ar$r) => {\n  if (_ar$G.$${slot("(n) =>")} !== undefined) return Reflect.apply(_ar$G.$${slot("(n) =>")}, undefined, [n, ..._ar$r]);\n  hits += n;\n});`,
    `app.get("/", async (req, res, ..._ar$r) => {\n  if (_ar$G.$${slot("async (req")} !== undefined) return Reflect.apply(_ar$G.$${slot("async (req")}, undefined, [req, res, ..._ar$r]);`,
    `setInterval((..._ar$r) => _ar$G.$${slot("() => tick")} !== undefined ? Reflect.apply(_ar$G.$${slot("() => tick")}, undefined, [..._ar$r]) : tick(), 1000).unref();`,
    `new Promise((resolve, ..._ar$r) => {\n  if (_ar$G.$${slot("(resolve)")} !== undefined) return Reflect.apply(`,
    `  get() {\n    ${apply(slot("get()"))}`,
    `  get label() {\n    ${apply(slot("get label"))}`,
    `  set label(v) {\n    ${apply(slot("set label"))}`,
    `  async *items(...xs) {\n    if (_ar$G.$${slot("async *items")} !== undefined) return yield* Reflect.apply(_ar$G.$${slot("async *items")}, this, arguments);`,
    `export let h = wrap(function inner(a, b) {\n  if (_ar$G.$${slot("function inner")} !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$${slot("function inner")}, this, arguments) : Reflect.construct(`,
    `let _ar$default = {\n  fetch(req) {\n    ${apply(slot("fetch(req)"))}`,
  ];
  let from = 0;
  for (const fragment of fragments) {
    const at = code.indexOf(fragment, from);
    t.true(at !== -1, `expected, in order:\n${fragment}\n--- in ---\n${code}`);
    if (at !== -1) from = at + fragment.length;
  }
  // Only the declaration cells register: setInterval, tick, wrap (functions), state (a const arrow).
  t.deepEqual([...code.matchAll(/_ar\$m\.fn\("(\w+)"/g)].map((m) => m[1]).sort(), ["setInterval", "state", "tick", "wrap"]);
  t.notRegex(code, /_ar\$m\.fn\("h"/, "h is a value (wrap's result), not a cell");
  const inline = facts.statements.flatMap((s) => s.cells).filter((c) => c.key === undefined);
  t.is(inline.length, 13, "bus.on and emit, the listener, app.get, the route, the timer, the executor, 4 api members, inner, fetch");

  const cjs = compile(CJS_EXAMPLE, "/app/handler.js", { commonjs: false }).code;
  t.regex(cjs, /module\.exports = \{\n {2}handler\(req\) \{\n {4}if \(_ar\$G\.\$0 !== undefined\) return Reflect\.apply\(_ar\$G\.\$0, this, arguments\);/);
  t.notRegex(cjs, /_ar\$m\.fn\(/);
});

const PROBE = `async (m, { attempt, attemptAsync, observe }) => {
  const listener = m.bus.handlers[0], route = m.routes["/"], timer = m.timers[0];
  m.bus.emit(2);
  m.bus.emit(3, 4);
  return [
    attempt(() => m.state()),
    [observe(listener), observe(route), observe(timer), observe(m.h), observe(m.api.items)],
    attempt(() => Object.getOwnPropertyDescriptor(m.api, "label")),
    attempt(() => timer()),
    await attemptAsync(() => route("r", {})),
    await attemptAsync(() => m.settled),
    attempt(() => m.api.get(1, 2)),
    attempt(() => m.api.label),
    attempt(() => { m.api.label = "y"; return m.api.name; }),
    await attemptAsync(async () => { const out = []; for await (const x of m.api.items(1, 2)) out.push(x); return out; }),
    attempt(() => Object.prototype.toString.call(m.api.items())),
    attempt(() => m.h(1, 2)), attempt(() => m.h.call("s", 1)), attempt(() => new m.h(1)), attempt(() => m.h.apply(null, [1, 2, 3])),
    attempt(() => m.default.fetch("q")),
    attempt(() => new m.api.get()), attempt(() => new listener()), attempt(() => new m.api.items()),
    attempt(() => m.state()),
  ];
}`;

test("inline cells: before any reload the module behaves as written", async (t) => {
  const filename = "/app/examples.mjs";
  const written = await run(compile(ESM_EXAMPLES, filename, { withPlugin: false }).code, { kind: "commonjs", filename, probe: PROBE });
  const instrumented = await run(compile(ESM_EXAMPLES, filename).code, { kind: "commonjs", filename, probe: PROBE });
  t.is(written.threw, undefined);
  t.deepEqual(instrumented, written);
  const probe =
    "async (m, { attempt }) => [attempt(() => m.handler('a')), attempt(() => m.handler.call(null, 'b')), attempt(() => new m.handler()), attempt(() => m.handler)]";
  t.deepEqual(
    await run(compile(CJS_EXAMPLE, "/app/handler.js").code, { kind: "commonjs", filename: "/app/handler.js", probe }),
    await run(compile(CJS_EXAMPLE, "/app/handler.js", { withPlugin: false }).code, { kind: "commonjs", filename: "/app/handler.js", probe }),
  );
});

/**
 * A vm realm (the harness's) whose runtime records what each module handed to `enter`: its
 * token, its evaluator and its facts.
 */
function recordingRealm(options) {
  const runtime = createRuntime();
  const entered = new Map();
  const recording = Object.create(runtime);
  recording.enter = (id, token, abi, evaluate, facts) => {
    entered.set(id, { token, evaluate, facts: decodeFacts(facts) });
    return runtime.enter(id, token, abi, evaluate, facts);
  };
  const realm = vmRealm(recording, { compile: (source, id) => compile(source, id, options).code });
  return { ...realm, entered };
}

test("inline cells: writing a slot makes the function objects others hold run the new body", async (t) => {
  const filename = "/app/examples.mjs";
  const r = recordingRealm();
  const m = r.load(filename, ESM_EXAMPLES);
  const { evaluate, facts, token } = r.entered.get(filename);
  const slot = (start) => slotOf(ESM_EXAMPLES, facts, start);
  // What a patch does: the new function, evaluated in the live module scope, into the cell's slot.
  const patch = (start, fn) => evaluate(`_ar$G.$${slot(start)} = ${fn}`);
  const listener = m.bus.handlers[0],
    route = m.routes["/"],
    timer = m.timers[0],
    { h } = m;
  const label = Object.getOwnPropertyDescriptor(m.api, "label");
  const items = async () => {
    const out = [];
    for await (const x of m.api.items(1, 2)) out.push(x);
    return out;
  };

  m.bus.emit(2);
  t.is(m.state(), 2);
  t.deepEqual(await items(), ["v1", 2, 2]);

  patch("(n) =>", "(n) => { hits += 10 * n; }"); // reads and writes the module's `let hits`
  patch("async (req", 'async (req, res) => { await null; res.body = "v2:" + req + ":" + hits; return res; }');
  patch("() => tick", "() => tick() * 100");
  patch("get()", '({ get() { return ["get:v2", this === api, arguments.length]; } }).get');
  patch("get label", 'Object.getOwnPropertyDescriptor({ get label() { return "label:v2:" + this.name; } }, "label").get');
  patch("set label", 'Object.getOwnPropertyDescriptor({ set label(v) { this.name = "v2:" + v; } }, "label").set');
  patch("async *items", '({ async *items(...xs) { yield "v2"; yield* xs; } }).items');
  patch(
    "function inner",
    '(function inner(a, b) { return { v: 2, self: typeof this, args: [...arguments], nt: new.target === undefined ? "none" : new.target.name }; })',
  );
  patch("fetch(req)", '({ fetch(req) { return "v2:" + req; } }).fetch');

  t.is(m.bus.handlers[0], listener, "the same function objects");
  t.is(Object.getOwnPropertyDescriptor(m.api, "label").get, label.get);
  m.bus.emit(3);
  t.is(m.state(), 32, "the listener the bus holds ran the new body, on the module's state");
  t.is(timer(), 3300, "the timer's arrow");
  t.deepEqual({ ...(await route("r", {})) }, { body: "v2:r:33" }, "the async route handler");
  t.deepEqual(m.api.get(1, 2, 3), ["get:v2", true, 3], "a method: this and arguments forwarded");
  t.is(m.api.label, "label:v2:x", "a getter");
  m.api.label = "y";
  t.is(m.api.name, "v2:y", "a setter");
  t.deepEqual(await items(), ["v2", 1, 2], "an async generator method");
  t.deepEqual(h.call("s", 1), { v: 2, self: "string", args: [1], nt: "none" }, "a function expression: this, arguments");
  t.deepEqual(new h(4, 5), { v: 2, self: "object", args: [4, 5], nt: "inner" }, "new through the handle: new.target is the handle");
  t.is(m.default.fetch("q"), "v2:q");
  t.is(h.name, "inner");
  t.is(h.length, 2);
  t.is(listener.length, 1, "the extra rest parameter does not count");

  // Back to the first body when the slot is cleared.
  token[`$${slot("(n) =>")}`] = undefined;
  evaluate(`_ar$G.$${slot("get label")} = undefined`);
  m.bus.emit(1);
  t.is(m.state(), 34);
  t.is(m.api.label, "label:v1:v2:y");

  const c = recordingRealm();
  const handler = c.load("/app/handler.js", CJS_EXAMPLE).handler;
  c.entered.get("/app/handler.js").evaluate('_ar$G.$0 = ({ handler(req) { return "v2:" + req; } }).handler');
  t.is(handler("a"), "v2:a", "module.exports = { handler() {} }");
});

test("inline cells: a method with its own arguments binding, or an arrow with patterns, is left as written", (t) => {
  const code = compile(
    "module.exports = { m() { var arguments = 1; return arguments; }, a: ({ x }) => x, d: (y = 1) => y, s: (...[z]) => z };\n",
    "/app/left.js",
    { commonjs: false },
  ).code;
  t.notRegex(code, /_ar\$G\.\$/);
  t.notRegex(code, /_ar\$G\(\)/, "nothing to instrument: no prologue");
});

test("inline cells: a function called where it stands is not a cell (it never runs again)", (t) => {
  const source = `(() => { start(); })();
(async function main() { await start(); })();
new (function Setup() { this.ok = true; })();
const value = ((x) => x * 2)(21) as number;
on((n) => n);
`;
  const { code, metadata } = compile(source, "/app/iife.ts", { commonjs: false, options: {} });
  const cells = metadata.autoreload.facts.statements.map((s) => s.cells.map((c) => source.slice(c.span[0], c.span[1])));
  t.deepEqual(cells, [[], [], [], [], ["(n) => n"]], "only the argument of on() is a cell");
  t.regex(code, /^\(\(\) => \{\n {2}start\(\);\n\}\)\(\);$/m, "as written");
});

test("inline cells: functions inside blocks, loops, functions and class bodies are not cells", (t) => {
  const source = `if (a) { on(() => 1); }
for (const x of xs) on(() => x);
{ on(function () {}); }
label: on(() => 2);
try { on(() => 3); } catch { on(() => 4); }
switch (k) { case 1: on(() => 5); }
class K { m = () => 6; static { on(() => 7); } n() { return { o() {} }; } }
const w = wrap(class { p() {} });
module.exports = { a };
`;
  const { code, metadata } = compile(source, "/app/nested.js", { commonjs: false });
  t.deepEqual(
    metadata.autoreload.facts.statements.flatMap((s) => s.cells),
    [],
    "no function cells (the class is a class cell)",
  );
  t.regex(code, /let K = _ar\$m\.cls\("K"/);
  t.notRegex(code, /Reflect\.apply|_ar\$r/, "no function got a check");
});

// `hidden` is assigned by the module (`rename`): a `let` nothing assigns would be emitted as a `const` (frozen.test.js).
const EVALUATED = `export let count = 0;
export function bump() { return ++count; }
let hidden = "h";
export const read = () => hidden;
export function rename(v) { hidden = v; }
`;

function checkEvaluator(t, evaluate, m) {
  t.is(evaluate("count = 41"), 41);
  t.is(m.bump(), 42, "the module's function sees the value the evaluator wrote");
  t.is(evaluate("count"), 42, "the evaluator sees what the module's code wrote");
  evaluate('hidden = "changed"');
  t.is(m.read(), "changed", "unexported state too");
  t.is(evaluate("typeof bump + typeof read"), "functionfunction");
  t.is(evaluate("let local = 1; var vlocal = 2; local + vlocal"), 3);
  t.is(evaluate("typeof local + typeof vlocal"), "undefinedundefined", "its own declarations stay local to that call");
}

test("evaluator: sees and writes the module's let state (CommonJS source, ES module compiled to CommonJS)", (t) => {
  const esm = recordingRealm();
  const m = esm.load("/app/state.mjs", EVALUATED);
  checkEvaluator(t, esm.entered.get("/app/state.mjs").evaluate, m);
  t.is(m.count, 42, "the CommonJS transform's export reads the binding");

  const cjs = recordingRealm({ commonjs: false });
  const source = EVALUATED.replace(/^export /gm, "") + "module.exports = { bump, read, rename, get count() { return count; } };\n";
  const c = cjs.load("/app/state.js", source);
  checkEvaluator(t, cjs.entered.get("/app/state.js").evaluate, c);
  t.is(c.count, 42);
});

test("evaluator: sees and writes the module's let state (ES module output, imported by Node)", async (t) => {
  const runtime = createRuntime();
  let entered;
  globalThis.__autoreload = Object.assign(Object.create(runtime), {
    enter(id, token, abi, evaluate, facts) {
      entered = { evaluate, facts };
      return runtime.enter(id, token, abi, evaluate, facts);
    },
  });
  const { code } = compile(EVALUATED, "file:///app/state.mjs", { commonjs: false });
  const m = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  checkEvaluator(t, entered.evaluate, m);
  t.is(m.count, 42, "importers' live binding reads the value the evaluator wrote");
  t.is(decodeFacts(entered.facts)?.statements.length, 5);
});

test("evaluator: in a classic script, at the script's top level", (t) => {
  const code = compile("let n = 1;\nfunction get() { return n; }\n", "/app/s.js", {
    commonjs: false,
    options: { script: true, moduleId: "file:///app/s.js" },
  }).code;
  t.regex(code, /enter\("file:\/\/\/app\/s\.js", _ar\$G_[0-9a-f]{8}, 4, _ar\$c => eval\(_ar\$c\), "/);
  const context = vm.createContext({});
  const runtime = createRuntime();
  let evaluate;
  context.__autoreload = Object.assign(Object.create(runtime), {
    enter: (id, token, abi, ev, facts) => ((evaluate = ev), runtime.enter(id, token, abi, ev, facts)),
  });
  vm.runInContext(code, context);
  evaluate("n = 5");
  t.is(vm.runInContext("get()", context), 5);
});
