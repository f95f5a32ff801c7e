// Unit tests of the platform-neutral core, in memory: modules are hand-written in the exact
// shapes of docs/abi.md and evaluated in a `node:vm` realm that loaded dist/core.global.js.
import test from "ava";
import { readFileSync } from "node:fs";
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
  const v3 = r.reload("m", `${prologue("m")}
mul = _ar$m.fn("mul", mul, 0);
function mul(a, b) { if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target); return a * b; }
module.exports.mul = mul;`);
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
  const { C } = r.load("c", classModule("c", `area() { return 1; } square() { return 2; } get g() { return "g1"; } m() { return "m"; } [Symbol.toPrimitive]() { return 1; }`));
  const old = new C();
  const v2 = r.reload("c", classModule("c", `area() { return 10; } power() { return 3; } g() { return "g2"; } get m() { return "getter"; } [Symbol.toPrimitive]() { return 2; }`));
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
  const { C } = r.load("c", classModule("c", "", { ctor: "globalThis.ctor1 = (globalThis.ctor1 ?? 0) + 1; this.v = 1;", field: "f=globalThis.field1 = (globalThis.field1 ?? 0) + 1" }));
  r.context.Base = C;
  const sub = r.load("s", `${prologue("s")}
let S = _ar$m.cls("S", { S: class extends Base {
  constructor() { if (_ar$G.$0 !== undefined) return Reflect.construct(_ar$G.$0, arguments, new.target); super(); this.s = true; }
  area() { return "sub:" + super.area(); }
} }.S, 0);
module.exports.S = S;`);
  r.run("globalThis.ctor1 = 0; globalThis.field1 = 0;");
  r.reload("c", classModule("c", `area() { return "base2"; }`, { ctor: "globalThis.ctor2 = (globalThis.ctor2 ?? 0) + 1; this.v = 2;", field: "f=globalThis.field2 = (globalThis.field2 ?? 0) + 1" }));
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
