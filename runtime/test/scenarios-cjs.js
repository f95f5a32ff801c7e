// Scenarios of docs/scenarios.md that the CommonJS loader must meet, each run per variant
import { toCommonJS } from "@autoreload/harness";
// (native CommonJS JS, TypeScript compiled to CommonJS). Sources are written in ESM syntax and
// converted for the JS variant. Every scenario asserts through the probe protocol (`s.ask`).

const fn = (name, body, params = "x") => `export function ${name}(${params}) { ${body} }`;

/** @type {Array<{ id: string, title: string, only?: string, run: (t: any, s: any, v: any) => Promise<void> }>} */
export const scenarios = [
  {
    id: "F1",
    title: "old reference (variable and Map key) calls the new body; identity stable over 5 reloads",
    files: { lib: fn("f", "return x + 1;") },
    async run(t, s) {
      t.is(await s.ask("g.f = m.f; g.map = new Map([[m.f, 'k']]); return g.f(1);"), 2);
      for (let k = 1; k <= 5; k++) {
        await s.edit("lib", fn("f", `return x + 1 + ${k * 10};`));
        t.deepEqual(await s.ask("return [g.f(1), g.f === m.f, g.map.get(m.f), m.f.name];"), [2 + k * 10, true, "k", "f"]);
      }
    },
  },
  {
    id: "F2",
    title: "callback registered with an EventEmitter and setInterval runs the new body; off() still removes it",
    files: { lib: `export function onX(log) { log.push("x1"); }\nexport function onTick(log) { log.push("t1"); }` },
    async run(t, s) {
      await s.ask(`const E = require("node:events"); g.e = new E(); g.log = []; g.ticks = []; g.e.on("x", m.onX);
        g.timer = setInterval(m.onTick, 1, g.ticks); g.timer.unref();`);
      const nextTick = `g.ticks.length = 0; await new Promise((r) => { const c = () => (g.ticks.length ? r() : setImmediate(c)); c(); }); return g.ticks[0];`;
      t.is(await s.ask(nextTick), "t1");
      await s.edit("lib", `export function onX(log) { log.push("x2"); }\nexport function onTick(log) { log.push("t2"); }`);
      t.deepEqual(await s.ask(`g.e.emit("x", g.log); return g.log;`), ["x2"]);
      t.is(await s.ask(nextTick), "t2");
      t.is(await s.ask(`g.e.off("x", m.onX); return g.e.listenerCount("x");`), 0);
    },
  },
  {
    id: "F3",
    title: "signature change: added params, defaults, rest; length follows",
    files: { lib: fn("f", "return a;", "a") },
    async run(t, s) {
      await s.ask("g.f = m.f;");
      await s.edit("lib", fn("f", "return a + b + rest.length;", "a, b = 2, ...rest"));
      t.deepEqual(await s.ask("return [g.f.length, g.f(1), g.f(1, 1, 9, 9)];"), [1, 3, 4]);
      await s.edit("lib", fn("f", "return a + b + c;", "a, b, c"));
      t.deepEqual(await s.ask("return [g.f.length, g.f(1, 2, 3)];"), [3, 6]);
    },
  },
  {
    id: "F4",
    title: "async, generator, async generator edited; in-flight async call finishes with the old code",
    files: {
      lib: `export async function slow(gate) { await gate; return "v1"; }
export function* gen() { yield "v1"; }
export async function* agen() { yield "v1"; }`,
    },
    async run(t, s) {
      await s.ask("g.p = m.slow(new Promise((r) => (g.open = r)));");
      await s.edit(
        "lib",
        `export async function slow(gate) { await gate; return "v2"; }
export function* gen() { yield "v2"; }
export async function* agen() { yield "v2"; }`,
      );
      t.deepEqual(
        await s.ask(`g.open(); const out = []; for await (const x of m.agen()) out.push(x);
          return [await g.p, await m.slow(), [...m.gen()], out, Object.getPrototypeOf(m.slow) === Object.getPrototypeOf(async function () {}),
            Object.getPrototypeOf(m.gen) === Object.getPrototypeOf(function* () {})];`),
        ["v1", "v2", ["v2"], ["v2"], true, true],
      );
    },
  },
  {
    id: "F5",
    title: "arrow const edited; name is f before and after",
    files: { lib: "export const f = (x) => x * 2;" },
    async run(t, s) {
      t.deepEqual(await s.ask("g.f = m.f; return [g.f(2), g.f.name, 'prototype' in g.f];"), [4, "f", false]);
      await s.edit("lib", "export const f = (x) => x * 3;");
      t.deepEqual(await s.ask("return [g.f(2), g.f.name, g.f === m.f];"), [6, "f", true]);
    },
  },
  {
    id: "F6",
    title: "default exports: anonymous and named `export default function`, `module.exports = function`",
    files: {
      lib: `export const nothing = 0;`,
      anon: `export default function () { return "a1"; }`,
      named: `export default function named() { return "n1"; }`,
      "whole.cjs": `module.exports = function () { return "w1"; };`,
    },
    async run(t, s, v) {
      t.deepEqual(
        await s.ask(`g.a = require("./anon").default; g.n = require("./named").default; g.w = require("./whole.cjs");
          return [g.a(), g.a.name, g.n(), g.n.name, g.w(), g.w.name];`),
        ["a1", v.convert === toCommonJS ? "" : "default", "n1", "named", "w1", ""], // native CJS `module.exports.default = function () {}` names nothing
      );
      await s.edit("anon", `export default function () { return "a2"; }`);
      await s.edit("named", `export default function named() { return "n2"; }`);
      await s.edit("whole.cjs", `module.exports = function () { return "w2"; };`);
      t.deepEqual(await s.ask(`return [g.a(), g.a === require("./anon").default, g.n(), g.w(), g.w === require("./whole.cjs"), g.a.name];`), [
        "a2",
        true,
        "n2",
        "w2",
        true,
        v.convert === toCommonJS ? "" : "default",
      ]);
    },
  },
  {
    id: "F7",
    title: "removed function: old reference keeps its last body, no crash",
    files: { lib: `${fn("a", "return 'a1';")}\n${fn("b", "return 'b1';")}` },
    async run(t, s) {
      await s.ask("g.b = m.b;");
      await s.edit("lib", fn("a", "return 'a2';"));
      t.deepEqual(await s.ask("return [m.a(), g.b(), typeof m.b];"), ["a2", "b1", "undefined"]);
    },
  },
  {
    id: "F8",
    title: "added function appears on the exports object",
    files: { lib: fn("a", "return 'a1';") },
    async run(t, s) {
      await s.ask("g.m = m;");
      await s.edit("lib", `${fn("a", "return 'a1';")}\n${fn("c", "return 'c' + a();")}`);
      t.deepEqual(await s.ask("return [g.m === m, m.c()];"), [true, "ca1"]);
    },
  },
  {
    id: "F9",
    title: "recursion and mutual recursion after editing one of two functions",
    files: {
      lib: `export function even(n) { return n === 0 ? "even1" : odd(n - 1); }
export function odd(n) { return n === 0 ? "odd1" : even(n - 1); }
export function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.odd(3), m.fact(5)];"), ["even1", 120]);
      await s.edit(
        "lib",
        `export function even(n) { return n === 0 ? "even2" : odd(n - 1); }
export function odd(n) { return n === 0 ? "odd1" : even(n - 1); }
export function fact(n) { return n <= 1 ? 2 : n * fact(n - 1); }`,
      );
      t.deepEqual(await s.ask("return [m.odd(3), m.even(3), m.fact(5)];"), ["even2", "odd1", 240]);
    },
  },
  {
    id: "F10",
    title: "constructor function: old instances see the new prototype method",
    files: { lib: `export function Foo(x) { this.x = x; }\nFoo.prototype.bar = function () { return "bar1:" + this.x; };` },
    async run(t, s) {
      await s.ask("g.Foo = m.Foo; g.o = new m.Foo(1);");
      await s.edit("lib", `export function Foo(x) { this.x = x * 10; }\nFoo.prototype.bar = function () { return "bar2:" + this.x; };`);
      t.deepEqual(await s.ask("const n = new g.Foo(2); return [g.o.bar(), n.bar(), n instanceof g.Foo, g.o instanceof m.Foo];"), [
        "bar2:1",
        "bar2:20",
        true,
        true,
      ]);
    },
  },
  {
    id: "F11",
    title: "own properties of a function (cache, displayName) are kept",
    files: { lib: `export function f() { return f.cache.size; }\nf.cache = new Map([[1, 1]]);\nf.displayName = "F1";` },
    async run(t, s) {
      t.deepEqual(await s.ask("g.f = m.f; return [g.f(), g.f.displayName];"), [1, "F1"]);
      await s.edit("lib", `export function f() { return f.cache.size + 100; }\nf.cache = new Map([[1, 1], [2, 2]]);\nf.displayName = "F2";`);
      t.deepEqual(await s.ask("return [g.f(), g.f.displayName, g.f.cache instanceof Map];"), [102, "F2", true]);
    },
  },
  {
    id: "F12",
    title: "aliases: const alias and export-as follow edits; rebinding the alias leaves f alone",
    files: { lib: `export function f() { return "f1"; }\nexport const g2 = f;\nexport { f as h };` },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.g2(), m.h(), m.g2 === m.f];"), ["f1", "f1", true]);
      await s.edit("lib", `export function f() { return "f2"; }\nexport const g2 = f;\nexport { f as h };`);
      t.deepEqual(await s.ask("return [m.g2(), m.h()];"), ["f2", "f2"]);
      await s.edit("lib", `export function f() { return "f2"; }\nexport function k() { return "k"; }\nexport const g2 = k;\nexport { f as h };`);
      t.deepEqual(await s.ask("return [m.g2(), m.f(), m.h()];"), ["k", "f2", "f2"]);
    },
  },
  {
    id: "F13",
    title: "wrapper made at load time (memoize(f)) uses the new body of f",
    files: {
      lib: `function memo(fn) { const c = new Map(); return (x) => (c.has(x) ? c.get(x) : (c.set(x, fn(x)), c.get(x))); }\nexport function f(x) { return x + 1; }\nexport const w = memo(f);`,
    },
    async run(t, s) {
      t.is(await s.ask("g.w = m.w; return g.w(1);"), 2);
      await s.edit(
        "lib",
        `function memo(fn) { const c = new Map(); return (x) => (c.has(x) ? c.get(x) : (c.set(x, fn(x)), c.get(x))); }\nexport function f(x) { return x + 2; }\nexport const w = memo(f);`,
      );
      t.deepEqual(await s.ask("return [g.w(5), m.w(5)];"), [7, 7]);
    },
  },
  {
    id: "C1",
    title: "method body edited; instance made before the reload runs it",
    files: { lib: "export class C { area() { return 1; } }" },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      await s.edit("lib", "export class C { area() { return 2; } }");
      t.is(await s.ask("return g.o.area();"), 2);
    },
  },
  {
    id: "C2",
    title: "remove `square`, add `power`: old and new instances agree",
    files: { lib: "export class C { square() { return 1; } }" },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      await s.edit("lib", "export class C { power() { return 3; } }");
      t.deepEqual(await s.ask("const n = new m.C(); return [g.o.power(), 'square' in g.o, n.power(), 'square' in n];"), [3, false, 3, false]);
    },
  },
  {
    id: "C3",
    title: "getter/setter edited; method turned into a getter and back",
    files: { lib: `export class C { get v() { return 1; } set v(x) { this._v = x; } m() { return "m"; } }` },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      await s.edit("lib", `export class C { get v() { return 2; } set v(x) { this._v = x * 10; } get m() { return "getter"; } }`);
      t.deepEqual(await s.ask("g.o.v = 3; return [g.o.v, g.o._v, g.o.m];"), [2, 30, "getter"]);
      await s.edit("lib", `export class C { get v() { return 2; } set v(x) { this._v = x * 10; } m() { return "method"; } }`);
      t.is(await s.ask("return g.o.m();"), "method");
    },
  },
  {
    id: "C4",
    title: "class identity from two importers across 5 reloads; instanceof old and new",
    files: { lib: "export class C { v() { return 0; } }", other: `import { C } from "./lib";\nexport function getC() { return C; }` },
    async run(t, s) {
      await s.ask("g.C = m.C; g.o = new m.C();");
      for (let k = 1; k <= 5; k++) await s.edit("lib", `export class C { v() { return ${k}; } }`);
      t.deepEqual(
        await s.ask(`const other = require("./other"); const n = new m.C();
          return [m.C === g.C, other.getC() === g.C, g.o instanceof m.C, n instanceof g.C, Object.getPrototypeOf(g.o) === m.C.prototype, g.o.v()];`),
        [true, true, true, true, true, 5],
      );
    },
  },
  {
    id: "C5",
    title: "constructor edited: new through old reference, static create(), new this() run the new constructor once",
    files: {
      lib: `export class C {
  constructor() { this.a = 1; globalThis.ctorRuns = (globalThis.ctorRuns || 0) + 1; }
  static create() { return new C(); }
  static make() { return new this(); }
}`,
    },
    async run(t, s) {
      await s.ask("g.C = m.C;");
      await s.edit(
        "lib",
        `export class C {
  b = 2;
  constructor() { this.a = 10; globalThis.ctorRuns = (globalThis.ctorRuns || 0) + 1; }
  static create() { return new C(); }
  static make() { return new this(); }
}`,
      );
      t.deepEqual(
        await s.ask(`globalThis.ctorRuns = 0; const xs = [new g.C(), g.C.create(), g.C.make()];
          return [xs.map((x) => [x.a, x.b, x instanceof g.C]), globalThis.ctorRuns];`),
        [
          [
            [10, 2, true],
            [10, 2, true],
            [10, 2, true],
          ],
          3,
        ],
      );
    },
  },
  {
    id: "C6",
    title: "static method, getter, field edited; static instance = new C() singleton still works",
    files: {
      lib: `export class C { static count = 1; static get label() { return "L1"; } static hello() { return "h1"; } static instance = new C(); area() { return "a1"; } }`,
    },
    async run(t, s) {
      await s.ask("g.C = m.C;");
      await s.edit(
        "lib",
        `export class C { static count = 2; static get label() { return "L2"; } static hello() { return "h2"; } static instance = new C(); area() { return "a2"; } }`,
      );
      t.deepEqual(await s.ask("return [g.C.count, g.C.label, g.C.hello(), g.C.instance instanceof g.C, g.C.instance.area()];"), [2, "L2", "h2", true, "a2"]);
    },
  },
  {
    id: "C7",
    title: "subclass in another module: base edited, subclass edited, base constructor edited",
    files: {
      lib: `export { Base } from "./base";\nexport { Sub } from "./sub";`,
      base: `export class Base { constructor() { this.baseCtor = 1; } m() { return "base1"; } }`,
      sub: `import { Base } from "./base";\nexport class Sub extends Base { m() { return "sub+" + super.m(); } }`,
    },
    async run(t, s) {
      t.is(await s.ask("g.s = new m.Sub(); return g.s.m();"), "sub+base1");
      await s.edit("base", `export class Base { constructor() { this.baseCtor = 1; } m() { return "base2"; } }`);
      t.is(await s.ask("return g.s.m();"), "sub+base2");
      await s.edit("sub", `import { Base } from "./base";\nexport class Sub extends Base { m() { return "SUB+" + super.m(); } }`);
      t.is(await s.ask("return g.s.m();"), "SUB+base2");
      await s.edit("base", `export class Base { constructor() { this.baseCtor = 2; } m() { return "base2"; } }`);
      t.deepEqual(await s.ask("const n = new m.Sub(); return [n.baseCtor, n.m(), n instanceof m.Base];"), [2, "SUB+base2", true]);
    },
  },
  {
    id: "C8",
    title: "extends clause changed from A to B",
    files: { lib: `export class A { who() { return "A"; } }\nexport class B { who() { return "B"; } }\nexport class X extends A {}` },
    async run(t, s) {
      t.is(await s.ask("g.x = new m.X(); return g.x.who();"), "A");
      await s.edit("lib", `export class A { who() { return "A"; } }\nexport class B { who() { return "B"; } }\nexport class X extends B {}`);
      t.deepEqual(await s.ask("return [g.x.who(), new m.X().who(), g.x instanceof m.B];"), ["B", "B", true]);
    },
  },
  {
    id: "C9",
    title: "overridden method removed from the subclass falls through to the base",
    files: { lib: `export class Base { m() { return "base"; } }\nexport class Sub extends Base { m() { return "sub"; } }` },
    async run(t, s) {
      t.is(await s.ask("g.s = new m.Sub(); return g.s.m();"), "sub");
      await s.edit("lib", `export class Base { m() { return "base"; } }\nexport class Sub extends Base { }`);
      t.is(await s.ask("return g.s.m();"), "base");
    },
  },
  {
    id: "C10",
    title: "symbol-keyed members edited",
    files: { lib: `export class C { *[Symbol.iterator]() { yield 1; } [Symbol.toPrimitive]() { return 1; } }` },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      await s.edit("lib", `export class C { *[Symbol.iterator]() { yield 2; yield 3; } [Symbol.toPrimitive]() { return 2; } }`);
      t.deepEqual(await s.ask("return [[...g.o], +g.o];"), [[2, 3], 2]);
    },
  },
  {
    id: "C13",
    title: "class expression and anonymous default-exported class",
    files: { lib: `export const C = class { v() { return 1; } };`, def: `export default class { v() { return "d1"; } }` },
    async run(t, s, v) {
      t.deepEqual(await s.ask(`g.o = new m.C(); g.D = require("./def").default; g.d = new g.D(); return [m.C.name, g.D.name];`), [
        "C",
        v.convert === toCommonJS ? "" : "default",
      ]);
      await s.edit("lib", `export const C = class { v() { return 2; } };`);
      await s.edit("def", `export default class { v() { return "d2"; } }`);
      t.deepEqual(await s.ask(`return [g.o.v(), g.d.v(), require("./def").default === g.D];`), [2, "d2", true]);
    },
  },
  {
    // Reload generations of a base class are emitted over the runtime's allocator (docs/abi.md,
    // "Classes"): everything a base class does must look the same through the stable class.
    id: "C5-base",
    title:
      "base class reloaded (emitted over the allocator): instanceof, fields, #private, new.target, statics, super in a subclass elsewhere, returned objects, rollback",
    files: {
      lib: `export class Base {
  #secret = 1;
  x = 1;
  static count = 0;
  constructor(a) { this.a = a; this.nt = new.target.name; }
  secret() { return this.#secret; }
  hello() { return "b1"; }
  static make(a) { return new Base(a); }
}
export class Boxed { constructor(v) { if (v === "obj") return { boxed: 1 }; this.v = v; } }
export class Prim { constructor() { this.p = 1; return 5; } }`,
      sub: `import { Base } from "./lib";
export class Sub extends Base {
  constructor() { super(2); this.sub = true; }
  hello() { return "sub+" + super.hello(); }
}`,
    },
    async run(t, s) {
      const v2 = (k) => `export class Base {
  #secret = ${k};
  x = ${k};
  y = this.x + 1;
  static count = ${k * 100};
  constructor(a) { this.a = a * ${k}; this.nt = new.target.name; }
  secret() { return this.#secret + ":" + this.#hidden(); }
  #hidden() { return "h" + this.#secret; }
  hello() { return "b${k}"; }
  toString() { return "B:" + super.toString(); }
  static make(a) { return new this(a); }
}
export class Boxed { constructor(v) { if (v === "obj") return { boxed: ${k} }; this.v = v * ${k}; } }
export class Prim { constructor() { this.p = ${k}; return 5; } }`;
      await s.ask(`g.Base = m.Base; g.old = new m.Base(1); g.Sub = require("./sub").Sub; g.oldSub = new g.Sub();`);
      const probe = `const B = g.Base, b = new B(3), made = B.make(4), sub = new g.Sub(), boxed = new m.Boxed("obj"), v = new m.Boxed(5), prim = new m.Prim();
        return [
          [b instanceof B, Object.getPrototypeOf(b) === B.prototype, b.constructor === B, b.a, b.x, b.y, b.nt, b.secret(), b.hello(), String(b)],
          [made instanceof B, made.a, made.nt],
          [sub instanceof g.Sub, sub instanceof B, sub.a, sub.x, sub.nt, sub.sub, sub.hello(), sub.secret()],
          [boxed.boxed, boxed instanceof m.Boxed, v.v, v instanceof m.Boxed, prim.p, prim instanceof m.Prim],
          [B.count, m.Base === B, Object.getPrototypeOf(B) === Function.prototype, Object.getPrototypeOf(B.prototype) === Object.prototype, Object.getPrototypeOf(g.Sub) === B],
          [g.old.hello(), g.old.x, g.oldSub.hello()],
          // the newest generations: Base and Boxed over the allocator, Prim (may return a primitive) a base class
          ["Base", "Boxed", "Prim"].map((key) => { const cell = [...globalThis.__autoreload.records.values()].map((r) => r.cells.get(key)).find((c) => c !== undefined && c.handle === m[key]); return Object.getPrototypeOf(cell.impl) === Function.prototype; }),
        ];`;
      await s.edit("lib", v2(2));
      const expected = (k) => [
        [true, true, true, 3 * k, k, k + 1, "Base", `${k}:h${k}`, `b${k}`, "B:[object Object]"],
        [true, 4 * k, "Base"],
        [true, true, 2 * k, k, "Sub", true, `sub+b${k}`, `${k}:h${k}`],
        [k, false, 5 * k, true, k, true],
        [k * 100, true, true, true, true],
        [`b${k}`, 1, `sub+b${k}`],
        [false, false, true],
      ];
      t.deepEqual(await s.ask(probe), expected(2));
      // a failed reload changes nothing: the generation of the edit before keeps running
      const report = await s.editFails("lib", `${v2(3)}\nthrow new Error("base boom");`);
      t.regex(report, /base boom/);
      t.deepEqual(await s.ask(probe), expected(2));
      await s.edit("lib", v2(4));
      t.deepEqual(await s.ask(probe), expected(4));
    },
  },
  {
    id: "V2",
    title: "CommonJS exports object keeps its identity; new, changed and removed keys",
    files: { "lib.cjs": `exports.a = 1;\nexports.old = true;\nexports.f = function () { return "f1"; };` },
    probe: "./lib.cjs",
    async run(t, s) {
      await s.ask("g.m = m; g.f = m.f;");
      await s.edit("lib.cjs", `exports.a = 2;\nexports.n = 3;\nexports.f = function () { return "f2"; };`);
      t.deepEqual(await s.ask("return [g.m === m, m.a, m.n, 'old' in m, g.f(), g.f === m.f];"), [true, 2, 3, false, "f2", true]);
    },
  },
  {
    id: "V5",
    title: "a value whose inspection throws (Proxy, throwing getter) does not stop the reload",
    files: {
      lib: `export const weird = new Proxy({}, { get() { throw new Error("no get"); }, ownKeys() { throw new Error("no keys"); } });
export const boom = { get x() { throw new Error("x"); } };
export function f() { return 1; }`,
    },
    async run(t, s) {
      await s.edit(
        "lib",
        `export const weird = new Proxy({}, { get() { throw new Error("no get"); }, ownKeys() { throw new Error("no keys"); } });
export const boom = { get x() { throw new Error("x"); } };
export function f() { return 2; }`,
      );
      t.is(await s.ask("return m.f();"), 2);
    },
  },
  {
    id: "E1",
    title: "syntax error: old code runs, one error with file:line:col and a code frame, not retried; fixing reloads",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      await s.ask("g.f = m.f;");
      const broken = `export function f(x) {\n  return 1 +;\n}\n`;
      const report = await s.editFails("lib", broken);
      t.regex(report, new RegExp(`at \\./${s.file("lib").replace(".", "\\.")}:2:\\d+`));
      t.regex(report, /> 2 \|\s+return 1 \+;/);
      t.is(await s.ask("return g.f();"), 1);
      s.write("lib", broken); // same content again: not retried
      await s.edit("lib", fn("f", "return 3;"));
      t.is(s.failures("lib"), 1);
      t.is(await s.ask("return g.f();"), 3);
    },
  },
  {
    id: "E2",
    title: "top-level throw after some declarations: no cell changes (atomic)",
    files: { lib: `export function f() { return 1; }\nexport class C { m() { return 1; } }` },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      const report = await s.editFails("lib", `export function f() { return 2; }\nexport class C { m() { return 2; } }\nthrow new Error("top-level boom");`);
      t.regex(report, /top-level boom/);
      t.regex(report, new RegExp(`at \\./${s.file("lib").replace(".", "\\.")}:3:`));
      t.deepEqual(await s.ask("return [m.f(), g.o.m(), new m.C().m()];"), [1, 1, 1]);
    },
  },
  {
    id: "E3",
    title: "a new import of a module that does not exist is reported; old code keeps running",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      const report = await s.editFails("lib", `import { x } from "./missing";\nexport function f() { return x; }`);
      t.regex(report, /Cannot find module '\.\/missing'/);
      t.is(await s.ask("return m.f();"), 1);
    },
  },
  {
    id: "E4",
    title: "file deleted, then restored: no crash, the restore reloads",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      s.p.remove(s.file("lib"));
      await s.child.waitFor(/was deleted; its last version keeps running/);
      t.is(await s.ask("return m.f();"), 1);
      await s.edit("lib", fn("f", "return 2;"));
      t.is(await s.ask("return m.f();"), 2);
    },
  },
  {
    id: "E5",
    title: "ten saves by write-temp-then-rename each reload",
    files: { lib: fn("f", "return 0;") },
    async run(t, s) {
      for (let k = 1; k <= 10; k++) {
        await s.edit("lib", fn("f", `return ${k};`), "atomic");
        t.is(await s.ask("return m.f();"), k);
      }
    },
  },
  {
    id: "E6",
    title: "burst of 20 writes within 50 ms: the final content is live, few reloads",
    files: { lib: fn("f", "return 0;") },
    async run(t, s) {
      const start = Date.now();
      for (let k = 1; k <= 20; k++) s.write("lib", fn("f", `return ${k};`));
      t.log(`the burst took ${Date.now() - start} ms`);
      // Until the final content is live: after each answer that is not 20 yet, wait for one more reload.
      for (;;) {
        const seen = s.reloads("lib");
        if ((await s.ask("return m.f();")) === 20) break;
        await s.child.waitForCount(s.reloadLine("lib"), seen + 1);
      }
      t.log(`20 writes → ${s.reloads("lib")} reload(s)`);
      t.true(s.reloads("lib") <= 20);
    },
  },
  {
    id: "E7",
    title: "truncated write seen mid-way (empty file, then full content) ends with the full content live",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      s.write("lib", "");
      await s.child.waitFor(/is empty \(mid-save\?\); waiting for content/);
      t.is(await s.ask("return m.f();"), 1);
      await s.edit("lib", fn("f", "return 2;"));
      t.is(await s.ask("return m.f();"), 2);
    },
  },
  {
    id: "E8",
    title: "stack trace after 3 reloads points at the original line",
    files: { lib: `export function thrower() {\n  throw new Error("here");\n}` },
    async run(t, s) {
      const line = async () => (await s.ask("try { m.thrower(); } catch (e) { return e.stack.split('\\n')[1]; }")).match(/lib\.[jt]s:(\d+):\d+/)?.[1];
      t.is(await line(), "2");
      for (let k = 1; k <= 3; k++) {
        await s.edit("lib", `${"// pad\n".repeat(k * 2)}export function thrower() {\n  const k = ${k};\n  throw new Error("here " + k);\n}`);
      }
      t.is(await line(), String(3 * 2 + 3));
    },
  },
  {
    id: "E9",
    title: "identical content touched: no reload",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      s.write("lib", fn("f", "return 1;"));
      await s.edit("lib", fn("f", "return 2;"));
      t.is(s.reloads("lib"), 1);
      t.is(await s.ask("return m.f();"), 2);
    },
  },
  {
    id: "G1",
    title: "cycle A ↔ B: edit A, then B",
    files: {
      lib: `export { a } from "./a";`,
      a: `import * as B from "./b";\nexport function a(n) { return n <= 0 ? "a1" : B.b(n - 1); }`,
      b: `import * as A from "./a";\nexport function b(n) { return n <= 0 ? "b1" : A.a(n - 1); }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.a(0), m.a(1), m.a(2)];"), ["a1", "b1", "a1"]);
      await s.edit("a", `import * as B from "./b";\nexport function a(n) { return n <= 0 ? "a2" : B.b(n - 1); }`);
      t.deepEqual(await s.ask("return [m.a(0), m.a(1), m.a(2)];"), ["a2", "b1", "a2"]);
      await s.edit("b", `import * as A from "./a";\nexport function b(n) { return n <= 0 ? "b2" : A.a(n - 1); }`);
      t.deepEqual(await s.ask("return [m.a(0), m.a(1), m.a(2)];"), ["a2", "b2", "a2"]);
    },
  },
  {
    id: "G5",
    title: "only the changed module re-evaluates (a full reload); a patch re-evaluates nothing",
    files: {
      lib: `import "./d1";\nimport "./d2";\nglobalThis.evals = globalThis.evals || {};\nglobalThis.evals.lib = (globalThis.evals.lib || 0) + 1;\nexport function f() { return 1; }`,
      d1: `globalThis.evals = globalThis.evals || {};\nglobalThis.evals.d1 = (globalThis.evals.d1 || 0) + 1;\nexport function d() { return 1; }`,
      d2: `globalThis.evals = globalThis.evals || {};\nglobalThis.evals.d2 = (globalThis.evals.d2 || 0) + 1;\nexport function d() { return 1; }`,
    },
    async run(t, s) {
      // A changed top-level statement: a full reload of d1, which runs d1's top level again and nothing else.
      const full = await s.edit(
        "d1",
        `globalThis.evals = globalThis.evals || {};\nglobalThis.evals.d1 = 1 + (globalThis.evals.d1 || 0);\nexport function d() { return 2; }`,
      );
      t.regex(full, /: full reload — /);
      t.deepEqual(await s.ask("return globalThis.evals;"), { lib: 1, d1: 2, d2: 1 });
      // Only a function body changed: a patch, no module's top level runs.
      const patch = await s.edit(
        "d1",
        `globalThis.evals = globalThis.evals || {};\nglobalThis.evals.d1 = 1 + (globalThis.evals.d1 || 0);\nexport function d() { return 3; }`,
      );
      t.regex(patch, /: patched 1 function$/);
      t.deepEqual(await s.ask("return globalThis.evals;"), { lib: 1, d1: 2, d2: 1 });
    },
  },

  {
    id: "V6",
    title: "module state carried across reloads with module.hot.dispose / data",
    files: {
      lib: `export const count = (module.hot.data.count ?? 0) + 1;
module.hot.dispose((data) => { data.count = count; });
export function read() { return count; }`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.read();"), 1);
      // The initializer of count changes (it runs code): full reloads, which run dispose and hand data on.
      t.regex(
        await s.edit(
          "lib",
          `export const count = Number(module.hot.data.count ?? 0) + 1;
module.hot.dispose((data) => { data.count = count; });
export function read() { return count * 1; }`,
        ),
        /: full reload — /,
      );
      await s.edit(
        "lib",
        `export const count = (module.hot.data.count ?? 0) + 1;
module.hot.dispose((data) => { data.count = count; });
export function read() { return count * 1 + 0; }`,
      );
      t.deepEqual(await s.ask("return [m.read(), m.count];"), [3, 3]);
      // A patch runs no dispose handler and keeps the state as it is.
      t.regex(
        await s.edit(
          "lib",
          `export const count = (module.hot.data.count ?? 0) + 1;
module.hot.dispose((data) => { data.count = count; });
export function read() { return count * 10; }`,
        ),
        /: patched 1 function$/,
      );
      t.deepEqual(await s.ask("return [m.read(), m.count];"), [30, 3]);
    },
  },
  {
    id: "M1",
    title: "mode off: edits have no effect until `now` or a mode change",
    env: { AUTORELOAD_MODE: "off" },
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      s.write("lib", fn("f", "return 2;"));
      t.deepEqual(await s.ask("const o = await ar().check(); return [o.length, m.f()];"), [0, 1]);
      t.deepEqual(await s.ask("const o = await ar().check({ now: true }); return [o.map((x) => x.kind), m.f()];"), [["reloaded"], 2]);
      s.write("lib", fn("f", "return 3;"));
      t.deepEqual(await s.ask("ar().mode('all'); await ar().check(); return m.f();"), 3);
    },
  },
  {
    id: "M2",
    title: "mode explicit: only aimport-ed modules reload; `aimport a, -b` mixed list",
    env: { AUTORELOAD_MODE: "explicit", AUTORELOAD_WATCH: "0" },
    files: {
      lib: `import * as A from "./a";\nimport * as B from "./b";\nimport * as C from "./c";\nexport { A as a, B as b, C as c };`,
      a: fn("v", "return 1;"),
      b: fn("v", "return 1;"),
      c: fn("v", "return 1;"),
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`return ar().aimport("./${s.file("a")}, -./${s.file("b")}");`), { marked: [`./${s.file("a")}`], skipped: [`./${s.file("b")}`] });
      for (const name of ["a", "b", "c"]) s.write(name, fn("v", "return 2;"));
      t.deepEqual(await s.ask("await ar().check(); return [m.a.v(), m.b.v(), m.c.v()];"), [2, 1, 1]);
    },
  },
  {
    id: "M3",
    title: "mode all with `aimport -b`: b skipped, others reload; re-enabled b reloads",
    env: { AUTORELOAD_WATCH: "0" },
    files: { lib: `import * as A from "./a";\nimport * as B from "./b";\nexport { A as a, B as b };`, a: fn("v", "return 1;"), b: fn("v", "return 1;") },
    async run(t, s) {
      await s.ask(`ar().aimport("-./${s.file("b")}");`);
      s.write("a", fn("v", "return 2;"));
      s.write("b", fn("v", "return 2;"));
      t.deepEqual(await s.ask("await ar().check(); return [m.a.v(), m.b.v()];"), [2, 1]);
      t.deepEqual(await s.ask(`ar().aimport("./${s.file("b")}"); await ar().check(); return [m.a.v(), m.b.v()];`), [2, 2]);
    },
  },
  {
    id: "M4",
    title: "numeric and word modes are equivalent; an unknown mode is a clear error",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      t.deepEqual(
        await s.ask(`const r = []; for (const [n, w] of [[0, "off"], [1, "explicit"], [2, "all"], [3, "complete"]]) r.push(ar().mode(n) === ar().mode(w) && ar().mode() === w);
          let error = ""; try { ar().mode("sometimes"); } catch (e) { error = e.message; } ar().mode("all"); return [r, error];`),
        [[true, true, true, true], '[autoreload] unknown mode "sometimes": use off (0), explicit (1), all (2) or complete (3); "now" checks once.'],
      );
    },
  },
  {
    id: "M5",
    title: "flags: quiet hides reload lines, hide-errors hides errors; both still reload",
    env: { AUTORELOAD_QUIET: "1", AUTORELOAD_HIDE_ERRORS: "1", AUTORELOAD_WATCH: "0" },
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      s.write("lib", fn("f", "return 2;"));
      t.deepEqual(await s.ask("const o = await ar().check(); return [o.map((x) => x.kind), m.f()];"), [["reloaded"], 2]);
      s.write("lib", "export function f( {");
      t.deepEqual(await s.ask("const o = await ar().check(); return [o.map((x) => x.kind), m.f()];"), [["failed"], 2]);
      t.deepEqual(await s.ask("ar().setFlags({ print: true, hideErrors: false }); return ar().flags();"), { print: true, hideErrors: false, verbose: false });
      t.false(
        s.child.lines.some((l) => l.startsWith("[autoreload]")),
        s.child.output,
      );
      s.write("lib", fn("f", "return 3;"));
      t.is(await s.ask("await ar().check(); return m.f();"), 3);
      await s.child.waitForCount(s.reloadLine("lib"), 1); // with print back on, the reload line is printed (stderr)
      t.is(s.reloads("lib"), 1);
    },
  },
  {
    id: "M7",
    title: "modules under node_modules are neither instrumented nor watched",
    files: {
      lib: `import { dep } from "dep";\nexport { dep };`,
      "node_modules/dep/package.json": JSON.stringify({ name: "dep", main: "index.js" }),
      "node_modules/dep/index.js": "exports.dep = function dep() { return 1; };",
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.dep(), m.dep.toString().includes('_ar$G')];"), [1, false]);
      s.write("node_modules/dep/index.js", "exports.dep = function dep() { return 2; };");
      t.deepEqual(await s.ask("const o = await ar().check({ now: true }); return [o.length, m.dep()];"), [0, 1]);
    },
  },
];
