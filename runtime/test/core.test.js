// Unit tests of the platform-neutral core, in memory: modules are hand-written in the exact
// shapes of docs/abi.md and evaluated in a `node:vm` realm that loaded dist/core.global.js.
import test from "ava";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { ABI_VERSION } from "../dist/abi.js";

const coreGlobal = readFileSync(new URL("../dist/core.global.js", import.meta.url), "utf8");

/** A fresh realm with the runtime installed; `load(id, body)` evaluates a CommonJS-shaped module. */
function realm() {
  const context = vm.createContext({});
  vm.runInContext(coreGlobal, context);
  const runtime = vm.runInContext("globalThis.__autoreload", context);
  const load = (id, body) => {
    const module = { exports: {} };
    const wrapper = vm.runInContext(`(function (module, exports) {\n${body}\n})`, context);
    wrapper(module, module.exports);
    return module.exports;
  };
  /** A reload as the loaders do it: beginReload, evaluate, commit — or rollback on a throw. */
  const reload = (id, body) => {
    const record = runtime.record(id);
    record.beginReload();
    try {
      const exports = load(id, body);
      record.commit(exports);
      return exports;
    } catch (error) {
      record.rollback();
      throw error;
    }
  };
  return { context, runtime, load, reload, run: (code) => vm.runInContext(code, context) };
}

const prologue = (id) => `function _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter(${JSON.stringify(id)}, _ar$G, ${ABI_VERSION});`;
const fnModule = (id, body) => `${prologue(id)}
add = _ar$m.fn("add", add, 0);
function add(a, b) {
  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
  ${body}
}
module.exports.add = add;`;

test("function handle: old references call the new body; identity is stable over 5 reloads", (t) => {
  const r = realm();
  const v1 = r.load("m", fnModule("m", "return a + b;"));
  const held = v1.add;
  const map = new Map([[held, "key"]]);
  t.is(held(2, 3), 5);
  for (let k = 1; k <= 5; k++) {
    const vk = r.reload("m", fnModule("m", `return a * b + ${k};`));
    t.is(vk.add, held);
    t.is(held(2, 3), 6 + k);
    t.is(map.get(vk.add), "key");
  }
});

test("function length follows the new version; name stays", (t) => {
  const r = realm();
  const { add } = r.load("m", fnModule("m", "return a + b;"));
  const src = `${prologue("m")}
add = _ar$m.fn("add", add, 0);
function add(a, b, c) {
  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
  return a + b + c;
}
module.exports.add = add;`;
  r.reload("m", src);
  t.is(add.length, 3);
  t.is(add.name, "add");
  t.is(add(1, 2, 3), 6);
  t.deepEqual(Object.getOwnPropertyDescriptor(add, "length"), { value: 3, writable: false, enumerable: false, configurable: true });
});

test("removed function keeps its last body; added function is registered", (t) => {
  const r = realm();
  const { add } = r.load("m", fnModule("m", "return a + b;"));
  r.reload("m", fnModule("m", "return a - b;"));
  const v3 = r.reload(
    "m",
    `${prologue("m")}
mul = _ar$m.fn("mul", mul, 0);
function mul(a, b) { if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target); return a * b; }
module.exports.mul = mul;`,
  );
  t.is(add(5, 2), 3, "removed: last implementation keeps running");
  t.is(v3.mul(5, 2), 10);
});

test("top-level throw rolls every cell back (atomic)", (t) => {
  const r = realm();
  const { add } = r.load("m", fnModule("m", "return a + b;"));
  const broken = `${fnModule("m", "return 'broken';")}\nthrow new Error("boom");`;
  t.throws(() => r.reload("m", broken), { message: "boom" });
  t.is(add(1, 1), 2);
  const fixed = r.reload("m", fnModule("m", "return a * 10 + b;"));
  t.is(fixed.add, add);
  t.is(add(1, 1), 11);
});

test("token slots live on a holder of the token's own (its prototype, given when it enters); its own keys never change; a rolled-back first reload leaves a fresh empty holder", (t) => {
  const r = realm();
  const withToken = (body) => `${fnModule("m", body)}\nmodule.exports.token = _ar$G;`;
  const { add, token } = r.load("m", withToken("return a + b;"));
  const keys = Reflect.ownKeys(token);
  const functionPrototype = r.run("Function.prototype");
  const first = Reflect.getPrototypeOf(token);
  t.not(first, functionPrototype, "a holder of its own from the first evaluation");
  t.is(Reflect.getPrototypeOf(first), functionPrototype);
  t.deepEqual(Reflect.ownKeys(first), []);
  t.throws(() => r.reload("m", `${withToken("return 0;")}\nthrow new Error("boom");`), { message: "boom" });
  const afterRollback = Reflect.getPrototypeOf(token);
  t.not(afterRollback, first, "a fresh holder after the rollback");
  t.is(Reflect.getPrototypeOf(afterRollback), functionPrototype);
  t.deepEqual(Reflect.ownKeys(afterRollback), [], "nothing left of the failed first reload");
  t.is(add(1, 2), 3);
  const v2 = r.reload("m", withToken("return a * b;"));
  const holder = Reflect.getPrototypeOf(token);
  t.is(Reflect.getPrototypeOf(holder), functionPrototype);
  t.deepEqual(Reflect.ownKeys(holder), ["$0"]);
  t.is(typeof holder.$0, "function");
  t.not(holder.$0, add, "the new implementation, not the handle");
  t.not(v2.token, token);
  t.is(add(2, 3), 6);
  t.throws(() => r.reload("m", `${withToken("return 0;")}\nthrow new Error("boom");`), { message: "boom" });
  t.not(Reflect.getPrototypeOf(token), holder, "a fresh holder after the rollback too");
  t.is(add(2, 3), 6);
  r.reload("m", withToken("return a - b;"));
  t.is(add(2, 3), -1);
  t.deepEqual(Reflect.ownKeys(token), keys);
});

test("module top-level code sees its new functions while it is being re-evaluated", (t) => {
  const r = realm();
  r.load("m", fnModule("m", "return 1;"));
  const v2 = r.reload("m", `${fnModule("m", "return 2;")}\nmodule.exports.atLoad = add();`);
  t.is(v2.atLoad, 2);
});

test("constructor function: new through an old reference runs the new body; prototype is shared", (t) => {
  const r = realm();
  const src = (body) => `${prologue("f")}
Foo = _ar$m.fn("Foo", Foo, 0);
function Foo(x) {
  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
  ${body}
}
Foo.prototype.bar = function () { return this.x; };
module.exports.Foo = Foo;`;
  const { Foo } = r.load("f", src("this.x = x;"));
  const old = new Foo(1);
  r.reload("f", src("this.x = x * 100;"));
  const fresh = new Foo(2);
  t.is(fresh.x, 200);
  t.true(fresh instanceof Foo);
  t.true(old instanceof Foo);
  t.is(old.bar(), 1);
});

test("async and generator handles forward to the new body; a call already running finishes old", async (t) => {
  const r = realm();
  const src = (v) => `${prologue("a")}
run = _ar$m.fn("run", run, 0);
gen = _ar$m.fn("gen", gen, 1);
async function run(gate) {
  if (_ar$G.$0 !== undefined) return Reflect.apply(_ar$G.$0, this, arguments);
  await gate;
  return "${v}";
}
function* gen() {
  if (_ar$G.$1 !== undefined) return yield* Reflect.apply(_ar$G.$1, this, arguments);
  yield "${v}";
}
module.exports.run = run; module.exports.gen = gen;`;
  const { run, gen } = r.load("a", src("v1"));
  let open;
  const inflight = run(new Promise((resolve) => (open = resolve)));
  r.reload("a", src("v2"));
  open();
  t.is(await inflight, "v1");
  t.is(await run(undefined), "v2");
  t.deepEqual([...gen()], ["v2"]);
});

const classModule = (id, members, { ctor = "", field = "" } = {}) => `${prologue(id)}
let C = _ar$m.cls("C", { C: class {
  ${field ? `${field.slice(0, field.indexOf("="))} = _ar$G.$0 !== undefined ? undefined : ${field.slice(field.indexOf("=") + 1)};` : ""}
  constructor(...args) {
    if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target);
    ${ctor}
  }
  static make() { return new C(); }
  ${members}
} }.C, 0);
module.exports.C = C;`;

test("class: existing instances get new/changed/removed methods, getters and symbol members", (t) => {
  const r = realm();
  const { C } = r.load(
    "c",
    classModule("c", `area() { return 1; } square() { return 2; } get g() { return "g1"; } m() { return "m"; } [Symbol.toPrimitive]() { return 1; }`),
  );
  const old = new C();
  const v2 = r.reload(
    "c",
    classModule("c", `area() { return 10; } power() { return 3; } g() { return "g2"; } get m() { return "getter"; } [Symbol.toPrimitive]() { return 2; }`),
  );
  t.is(v2.C, C);
  t.is(old.area(), 10);
  t.is(old.power(), 3);
  t.is(old.square, undefined);
  t.is(old.g(), "g2");
  t.is(old.m, "getter");
  t.is(+old, 2);
  t.true(old instanceof C);
  t.is(Object.getPrototypeOf(old), C.prototype);
  t.is(C.name, "C");
});

test("class: new C() through the old reference, its own name and a subclass runs the new constructor once", (t) => {
  const r = realm();
  const { C } = r.load(
    "c",
    classModule("c", "", { ctor: "globalThis.ctor1 = (globalThis.ctor1 ?? 0) + 1; this.v = 1;", field: "f=globalThis.field1 = (globalThis.field1 ?? 0) + 1" }),
  );
  r.context.Base = C;
  const sub = r.load(
    "s",
    `${prologue("s")}
let S = _ar$m.cls("S", { S: class extends Base {
  constructor() { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); super(); this.s = true; }
  area() { return "sub:" + super.area(); }
} }.S, 0);
module.exports.S = S;`,
  );
  r.run("globalThis.ctor1 = 0; globalThis.field1 = 0;");
  r.reload(
    "c",
    classModule("c", `area() { return "base2"; }`, {
      ctor: "globalThis.ctor2 = (globalThis.ctor2 ?? 0) + 1; this.v = 2;",
      field: "f=globalThis.field2 = (globalThis.field2 ?? 0) + 1",
    }),
  );
  const a = new C();
  const b = C.make();
  const s = new sub.S();
  t.is(a.v, 2);
  t.is(b.v, 2);
  t.is(s.v, 2);
  t.true(s.s);
  t.true(s instanceof C && s instanceof sub.S && a instanceof C && b instanceof C);
  t.is(s.area(), "sub:base2");
  t.is(r.run("globalThis.ctor1"), 0, "stale constructor never runs");
  t.is(r.run("globalThis.field1"), 0, "stale field initializers never run");
  t.is(r.run("globalThis.ctor2"), 3);
  t.is(r.run("globalThis.field2"), 3);
});

test("class: changed extends clause is applied; statics updated", (t) => {
  const r = realm();
  r.run("globalThis.A = class A { who() { return 'A'; } }; globalThis.B = class B { who() { return 'B'; } static sb() { return 'sb'; } };");
  const src = (base, statics) => `${prologue("x")}
let X = _ar$m.cls("X", { X: class extends ${base} {
  constructor() { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); super(); }
  ${statics}
} }.X, 0);
module.exports.X = X;`;
  const { X } = r.load("x", src("A", "static s() { return 1; } static get g() { return 'g1'; }"));
  const old = new X();
  t.is(old.who(), "A");
  r.reload("x", src("B", "static s() { return 2; }"));
  t.is(old.who(), "B");
  t.is(new X().who(), "B");
  t.is(X.s(), 2);
  t.is(X.g, undefined);
  t.is(X.sb(), "sb");
});

test("class: a failed reload restores the class exactly", (t) => {
  const r = realm();
  const { C } = r.load("c", classModule("c", "m() { return 1; }"));
  const before = Reflect.ownKeys(C.prototype);
  t.throws(() => r.reload("c", `${classModule("c", "m() { return 2; } extra() {}")}\nthrow new Error("x");`));
  t.is(new C().m(), 1);
  t.deepEqual(Reflect.ownKeys(C.prototype), before);
});

test("hot: dispose hands data to the next generation; decline is reported", (t) => {
  const r = realm();
  const src = `${prologue("h")}
const hot = _ar$m.hot;
module.exports.count = (hot.data.count ?? 0) + 1;
hot.dispose((data) => { data.count = module.exports.count; });`;
  t.is(r.load("h", src).count, 1);
  t.is(r.reload("h", src).count, 2);
  t.is(r.reload("h", src).count, 3);
  r.reload("h", `${src}\nhot.decline("has a socket");`);
  t.is(r.runtime.record("h").declined, "has a socket");
});

test("live bindings: older generations' setters receive the new value on commit", (t) => {
  const r = realm();
  const src = (v) => `${prologue("l")}
let CONFIG = { port: ${v} };
_ar$m.live("CONFIG", () => CONFIG, (v) => { CONFIG = v; });
module.exports.read = () => CONFIG;`;
  const v1 = r.load("l", src(1));
  r.reload("l", src(2));
  t.is(v1.read().port, 2);
});

test("ABI mismatch is a clear error", (t) => {
  const r = realm();
  t.throws(() => r.run(`globalThis.__autoreload.enter("z", function _ar$G() {}, 99)`), { message: new RegExp(`ABI 99.*ABI ${ABI_VERSION}\\.`) });
});

/** Runs `source` in a child Node with `flags`; returns its stdout and stderr together. */
const child = (flags, source, args = []) =>
  execFileSync(process.execPath, [...flags, "-e", source, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const distDir = fileURLToPath(new URL("../dist", import.meta.url));

test("class: after a reload V8 still inlines methods and statics through the stable class (members stay constant, constructor stays fast)", (t) => {
  // V8 inlines a call whose target it can prove: a constant field of a fast prototype. A sync by
  // defineProperty left the fields mutable, and redefining an unchanged `length` put the
  // constructor in dictionary mode, so after a reload nothing was inlined: a method call on an
  // instance went from 0.6 to 5 ns.
  const script = String.raw`
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const src = (k) => "(function (module) {\n" +
  "function _ar$G() {}\n" +
  "const _ar$m = globalThis.__autoreload.enter('inline', _ar$G, " + globalThis.__autoreload.abi + ");\n" +
  "let C = _ar$m.cls('C', { C: class {\n" +
  "  constructor(x) { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); this.x = x; }\n" +
  "  inc(d) { return this.x + d + " + k + "; }\n" +
  "  static make(d) { return d + " + k + "; }\n" +
  "} }.C, 0);\n" +
  "module.exports = { C };\n})";
const load = (k) => { const m = { exports: {} }; vm.runInThisContext(src(k))(m); return m.exports; };
const { C } = load(1);
const p = new C(1);
const keys = [Reflect.ownKeys(C).map(String), Reflect.ownKeys(C.prototype).map(String)];
function callMethod(o) { return o.inc(1); }
function callStatic() { return C.make(1); }
%PrepareFunctionForOptimization(callMethod); %PrepareFunctionForOptimization(callStatic);
callMethod(p); callStatic();
const record = globalThis.__autoreload.record("inline");
record.beginReload(); record.commit(load(2));
callMethod(p); callStatic(); // each call site has seen two different targets now
%OptimizeFunctionOnNextCall(callMethod); %OptimizeFunctionOnNextCall(callStatic);
console.log("RESULT " + JSON.stringify({ method: callMethod(p), static: callStatic(),
  fast: [%HasFastProperties(C), %HasFastProperties(C.prototype)],
  sameKeys: JSON.stringify(keys) === JSON.stringify([Reflect.ownKeys(C).map(String), Reflect.ownKeys(C.prototype).map(String)]) }));
`;
  const out = child(["--allow-natives-syntax", "--no-lazy-feedback-allocation", "--trace-turbo-inlining"], script, [`${distDir}/core.global.js`]);
  const result = JSON.parse(out.split("RESULT ")[1]);
  t.deepEqual(result, { method: 4, static: 3, fast: [true, true], sameKeys: true });
  t.regex(out, /Inlining .*<SharedFunctionInfo inc>.* into .*<SharedFunctionInfo callMethod>/);
  t.regex(out, /Inlining .*<SharedFunctionInfo make>.* into .*<SharedFunctionInfo callStatic>/);
});

test("function handle: after several reloads (and a rollback) V8 still inlines the newest implementation through the handle", (t) => {
  // The handle forwards with Reflect.apply(_ar$G.$0, …): V8 inlines the target while `$0` is a
  // constant field of a fast token. Writing a second value made it mutable for good (~17 ns a
  // call instead of ~0.3), and slots written as `token[slot] = …` turned the token of a module
  // with more than ~12 cells into a dictionary (~140 ns a call); on V8 12 and 13 (Node 22, 24)
  // re-laying the slots out on the token itself left it a dictionary (~15 ns a call). The slots
  // live on a holder object between the token and Function.prototype, a fresh one after every
  // commit or rollback; the token's own properties are never touched.
  const script = String.raw`
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const src = (k, fail) => "(function (module) {\n" +
  "function _ar$G() {}\n" +
  "const _ar$m = globalThis.__autoreload.enter('fninline', _ar$G, " + globalThis.__autoreload.abi + ");\n" +
  "add = _ar$m.fn('add', add, 0);\n" +
  "function add(a, b) {\n" +
  "  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);\n" +
  "  return a + b + " + k + ";\n" +
  "}\n" +
  // 30 more cells: V8 turns an object into a dictionary past ~12 fields added by computed-key stores
  Array.from({ length: 30 }, (_, i) => "g" + i + " = _ar$m.fn('g" + i + "', g" + i + ", " + (i + 1) + ");\n" +
    "function g" + i + "() { if (_ar$G.$" + (i + 1) + " !== undefined) return Reflect.apply(_ar$G.$" + (i + 1) + ", this, arguments); return " + k + "; }\n").join("") +
  "module.exports = { add, token: _ar$G };\n" + (fail ? "throw new Error('fails');\n" : "") + "})";
const load = (k, fail) => { const m = { exports: {} }; vm.runInThisContext(src(k, fail))(m); return m.exports; };
const { add, token } = load(1);
const ownKeys = () => JSON.stringify(Reflect.ownKeys(token).map(String));
const keys = ownKeys();
function callFn() { return add(1, 1); }
%PrepareFunctionForOptimization(callFn);
callFn();
const record = globalThis.__autoreload.record("fninline");
for (let k = 2; k <= 5; k++) {
  record.beginReload();
  try { record.commit(load(k, k === 5)); } catch { record.rollback(); }
  callFn();
}
%OptimizeFunctionOnNextCall(callFn);
console.log("RESULT " + JSON.stringify({ value: callFn(), fast: [%HasFastProperties(token), %HasFastProperties(Object.getPrototypeOf(token)), %HasFastProperties(add)], sameKeys: ownKeys() === keys }));
`;
  const out = child(["--allow-natives-syntax", "--no-lazy-feedback-allocation", "--trace-turbo-inlining"], script, [`${distDir}/core.global.js`]);
  t.deepEqual(JSON.parse(out.split("RESULT ")[1]), { value: 6, fast: [true, true, true], sameKeys: true }, "generation 4 runs (5 failed and was rolled back)");
  // the handle, and the implementation it forwards to (another `add`)
  t.is(out.match(/Inlining .*<SharedFunctionInfo add>.* into .*<SharedFunctionInfo callFn>/g)?.length, 2);
});

test("function handle: the tokens of 2,000 modules reloaded twice all stay fast", (t) => {
  // When the slots were laid out on the tokens themselves, each after a marker of its own, markers
  // on the map all functions share (at most ~1,500 transitions) made 465 of 2,000 tokens
  // dictionaries on Node 20, and every token a dictionary on Node 22 and 24. Now the token and
  // the holder of its slots (its prototype) must both stay fast.
  const script = String.raw`
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const runtime = globalThis.__autoreload;
const src = (id, k) => "(function (module) {\n" +
  "function _ar$G() {}\n" +
  "const _ar$m = globalThis.__autoreload.enter('" + id + "', _ar$G, " + runtime.abi + ");\n" +
  "f = _ar$m.fn('f', f, 0);\n" +
  "function f(a) { if (_ar$G.$0 !== undefined) return Reflect.apply(_ar$G.$0, this, arguments); return a + " + k + "; }\n" +
  "module.exports = { f, token: _ar$G };\n})";
const load = (id, k) => { const m = { exports: {} }; vm.runInThisContext(src(id, k))(m); return m.exports; };
const modules = Array.from({ length: 2000 }, (_, i) => load("m" + i, 1));
for (let k = 2; k <= 3; k++) {
  modules.forEach((_, i) => { const record = runtime.record("m" + i); record.beginReload(); record.commit(load("m" + i, k)); });
}
// V8 makes a new prototype a dictionary; a load IC that looks through it makes it fast again with
// its fields constant (once the handle has a feedback vector: after a few calls)
modules.forEach((m) => { for (let i = 0; i < 20; i++) m.f(1); });
console.log("RESULT " + JSON.stringify({
  dictionary: modules.filter((m) => !%HasFastProperties(m.token)).length,
  holders: modules.filter((m) => !%HasFastProperties(Object.getPrototypeOf(m.token))).length,
  value: modules[1999].f(1),
}));
`;
  const out = child(["--allow-natives-syntax"], script, [`${distDir}/core.global.js`]);
  t.deepEqual(JSON.parse(out.split("RESULT ")[1]), { dictionary: 0, holders: 0, value: 4 });
});

test("CommonJS superreload: old generations are collectable; parent.children does not grow; the newest source map stays", (t) => {
  // Node's Module constructor appends to parent.children: every reload's Module (its exports, its
  // source map) was kept for good. Node finds a CommonJS source map through a WeakRef to the Module
  // that registered it, so the newest evaluation's Module must stay.
  const script = String.raw`
import { mkdtempSync, writeFileSync, rmSync, realpathSync } from "node:fs";
import { createRequire, findSourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
const dist = process.argv[1];
const { installGlobal } = await import(dist + "/core/global.js");
const { superreloadCommonJS } = await import(dist + "/node/cjs/superreload.js");
const runtime = installGlobal();
process.setSourceMapsEnabled(true);
const dir = realpathSync(mkdtempSync(join(tmpdir(), "autoreload-collect-")));
const file = join(dir, "child.js");
const map = Buffer.from(JSON.stringify({ version: 3, sources: ["child.src.js"], names: [], mappings: "AAAA" })).toString("base64");
const code = (k) => [
  '"use strict";',
  "function _ar$G() {}",
  "const _ar$m = globalThis.__autoreload.enter(__filename, _ar$G, " + runtime.abi + ");",
  'add = _ar$m.fn("add", add, 0);',
  "function add(a, b) {",
  "  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);",
  "  return a + b + " + k + ";",
  "}",
  'let C = _ar$m.cls("C", { C: class {',
  "  constructor(x) { if (_ar$G.$1 !== undefined) return Reflect.construct(_ar$G.$1, arguments, new.target); this.x = x; }",
  "  get() { return this.x + " + k + "; }",
  "} }.C, 1);",
  "globalThis.__generations.push({ k: " + k + ", module: new WeakRef(module) });",
  "module.exports = { add, C, payload: new Array(1000).fill(" + k + ") };",
  "//# sourceMappingURL=data:application/json;base64," + map,
  "",
].join("\n");
globalThis.__generations = [];
writeFileSync(join(dir, "parent.js"), 'module.exports = require("./child.js");\n');
writeFileSync(file, code(1));
const req = createRequire(join(dir, "main.js"));
const lib = req("./parent.js");
const parent = req.cache[join(dir, "parent.js")];
const children = parent.children.length;
const instance = new lib.C(1);
Object.assign(globalThis.__generations[0], { add: new WeakRef(lib.add), cls: new WeakRef(lib.C) });
const RELOADS = 20;
for (let k = 2; k <= RELOADS; k++) {
  const result = superreloadCommonJS(runtime, file, code(k));
  if (!result.ok) throw result.error;
  const cells = runtime.record(file).cells;
  Object.assign(globalThis.__generations.at(-1), { add: new WeakRef(cells.get("add").impl), cls: new WeakRef(cells.get("C").impl) });
}
// V8 keeps WeakRef targets alive until the current task ends: collect in a later task.
const collect = async () => { await new Promise((resolve) => setImmediate(resolve)); for (let i = 0; i < 4; i++) globalThis.gc(); };
await collect();
const committedMap = findSourceMap(file) !== undefined;
// A failed reload that compiled registered its source map last: its Module is kept too.
const failed = superreloadCommonJS(runtime, file, code(RELOADS + 1) + "\nthrow new Error('no');");
await collect();
const alive = (what) => globalThis.__generations.filter((g) => g[what] !== undefined && g[what].deref() !== undefined).map((g) => g.k);
console.log("RESULT " + JSON.stringify({
  works: [lib.add(1, 1), instance.get(), failed.ok],
  children: [children, parent.children.length],
  modules: alive("module"), add: alive("add"), cls: alive("cls"),
  sourceMap: [committedMap, findSourceMap(file) !== undefined],
}));
rmSync(dir, { recursive: true, force: true });
`;
  const out = child(["--expose-gc", "--input-type=module"], script, [distDir]);
  t.deepEqual(JSON.parse(out.split("RESULT ")[1]), {
    works: [22, 21, false],
    children: [1, 1],
    // generation 1 is in require.cache; 20 is the newest committed, 21 the failed one after it
    modules: [1, 20, 21],
    // the handles (generation 1) and the newest implementations (20); the failed one was rolled back
    add: [1, 20],
    cls: [1, 20],
    sourceMap: [true, true],
  });
});

test("class: after a base class reload every new instance shares one map (reload generations over the allocator, ABI 3)", (t) => {
  // The stable class is a base class; `new C()` forwards with Reflect.construct(K, arguments, C).
  // Were K a base class too, V8 would copy a new map for every instance (JSFunction::GetDerivedMap
  // with a base new.target: ~1 µs a `new`, each instance a map of its own). K over `_ar$m.alloc`
  // allocates with Object.create(new.target.prototype): one map per prototype.
  const script = String.raw`
const fs = require("fs"), vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const abi = globalThis.__autoreload.abi;
const base = (k, alloc) => "(function (module) {\n" +
  "function _ar$G() {}\n" +
  "const _ar$m = globalThis.__autoreload.enter('maps', _ar$G, " + abi + ");\n" +
  "let C = _ar$m.cls('C', { C: class " + (alloc ? "extends _ar$m.alloc " : "") + "{\n" +
  "  #p = _ar$G.$0 !== undefined ? undefined : " + k + ";\n" +
  "  f = _ar$G.$0 !== undefined ? undefined : " + k + ";\n" +
  "  constructor(x) { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); " + (alloc ? "super(); " : "") + "this.x = x; }\n" +
  "  p() { return this.#p; }\n" +
  "} }.C, 0);\n" +
  "module.exports = { C };\n})";
const sub = "(function (module, C) {\n" +
  "function _ar$G() {}\n" +
  "const _ar$m = globalThis.__autoreload.enter('maps-sub', _ar$G, " + abi + ");\n" +
  "let S = _ar$m.cls('S', { S: class extends C {\n" +
  "  constructor() { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); super(7); this.s = 1; }\n" +
  "} }.S, 0);\n" +
  "module.exports = { S };\n})";
const load = (src, ...args) => { const m = { exports: {} }; vm.runInThisContext(src)(m, ...args); return m.exports; };
const { C } = load(base(1, false));
const { S } = load(sub, C);
const record = globalThis.__autoreload.record("maps");
const sameMaps = (xs) => xs.every((x) => %HaveSameMap(x, xs[0]));
const before = Array.from({ length: 20 }, (_, i) => new C(i));
const result = { before: sameMaps(before) };
const reload = (alloc) => { record.beginReload(); record.commit(load(base(2, alloc))); };
const afterReload = () => {
  const cs = Array.from({ length: 20 }, (_, i) => new C(i));
  const ss = Array.from({ length: 20 }, () => new S());
  return { sameMap: [sameMaps(cs), sameMaps(ss)], fast: cs.every((c) => %HasFastProperties(c)),
    values: [cs[3].x, cs[3].f, cs[3].p(), ss[0].x, ss[0].s, ss[0].p()],
    chain: [cs[0] instanceof C, Object.getPrototypeOf(cs[0]) === C.prototype, ss[0] instanceof S && ss[0] instanceof C,
      Object.getPrototypeOf(C) === Function.prototype, Object.getPrototypeOf(C.prototype) === Object.prototype] };
};
reload(true);
result.allocator = afterReload();
// The emitted form before ABI 3 (K a base class too), for contrast: a map per instance.
reload(false);
result.base = afterReload().sameMap;
console.log("RESULT " + JSON.stringify(result));
`;
  const out = child(["--allow-natives-syntax"], script, [`${distDir}/core.global.js`]);
  const result = JSON.parse(out.split("RESULT ")[1]);
  t.deepEqual(result.before, true);
  t.deepEqual(result.allocator, { sameMap: [true, true], fast: true, values: [3, 2, 2, 7, 1, 2], chain: [true, true, true, true, true] });
  t.log(`reload generation as a base class (ABI 2's form): same map for all instances: ${JSON.stringify(result.base)} (V8 ${process.versions.v8})`);
});

test("class: reload generations over the allocator (ABI 3): base ↔ derived, a class added by a reload, prototypes of the module's realm", (t) => {
  const r = realm();
  r.run("globalThis.B = class B { who() { return 'B'; } }");
  // `heritage`: "" (the first generation, a base class), "alloc" (a reload generation of a base class), or a class name
  const cls = (
    name,
    index,
    heritage,
    k,
  ) => `let ${name} = _ar$m.cls("${name}", { ${name}: class ${heritage === "" ? "" : heritage === "alloc" ? "extends _ar$m.alloc " : `extends ${heritage} `}{
  v = _ar$G.$${index} !== undefined ? undefined : ${k};
  constructor() { if (_ar$G.$${index} !== undefined) return Reflect.construct(_ar$G.$${index}, arguments, new.target); ${heritage === "" ? "" : "super();"} }
  m() { return "${name}${k}:" + (typeof super.who === "function" ? super.who() : String(super.constructor === Object)); }
  static make() { return new this(); }
} }.${name}, ${index});`;
  const src = (a, n, k) =>
    `${prologue("g")}\n${cls("A", 0, a, k)}\n${n === undefined ? "" : cls("N", 1, n, k)}\nmodule.exports.A = A;${n === undefined ? "" : " module.exports.N = N;"}`;
  const observe = (C) => {
    const o = new C(),
      made = C.make();
    return [
      o.m(),
      o.v,
      o instanceof C,
      made instanceof C,
      Object.getPrototypeOf(o) === C.prototype,
      Object.getPrototypeOf(C) === r.run("Function.prototype"),
      Object.getPrototypeOf(C.prototype) === r.run("Object.prototype"),
      o instanceof r.run("Object"),
    ];
  };
  const { A } = r.load("g", src("", undefined, 1));
  t.deepEqual(observe(A), ["A1:true", 1, true, true, true, true, true, true]);
  const v2 = r.reload("g", src("alloc", "alloc", 2));
  t.deepEqual(observe(A), ["A2:true", 2, true, true, true, true, true, true]);
  const N = v2.N; // added by a reload: its own stable class, over the allocator
  t.deepEqual(observe(N), ["N2:true", 2, true, true, true, false, true, true]);
  r.reload("g", src("alloc", "alloc", 3));
  t.deepEqual(observe(N), ["N3:true", 3, true, true, true, false, true, true]);
  r.reload("g", src("B", "B", 4)); // both get `extends B`
  t.deepEqual(observe(A).slice(0, 5), ["A4:B", 4, true, true, true]);
  t.deepEqual(observe(N).slice(0, 5), ["N4:B", 4, true, true, true]);
  t.true(new A() instanceof r.run("B") && new N() instanceof r.run("B"));
  r.reload("g", src("alloc", "alloc", 5)); // and lose it again
  t.deepEqual(observe(A), ["A5:true", 5, true, true, true, true, true, true]);
  t.deepEqual(observe(N), ["N5:true", 5, true, true, true, false, true, true]);
  t.false(new A() instanceof r.run("B"));
  // a failed reload puts the parents back
  t.throws(() => r.reload("g", `${src("B", "B", 6)}\nthrow new Error("no");`), { message: "no" });
  t.deepEqual(observe(A), ["A5:true", 5, true, true, true, true, true, true]);
  t.deepEqual(observe(N), ["N5:true", 5, true, true, true, false, true, true]);
});
