// Reload generations of classes (option `reload: true`, docs/abi.md "Classes"): a base class is
// emitted over the runtime's allocator (`class extends _ar$m.alloc`, `super()` after the check),
// and behaves through the stable class as the base class it was. Every route of the plugin:
// SWC's CommonJS output in one pass (direct), two passes, a CommonJS source, ES module output.
import test from "ava";
import vm from "node:vm";
import { createRuntime } from "autoreload/core";
import { transformWith } from "../dist/transform.js";

const swcOptions = (filename, module) => ({
  filename, swcrc: false, configFile: false, isModule: "unknown",
  jsc: { parser: /\.ts$/.test(filename) ? { syntax: "typescript" } : { syntax: "ecmascript" }, target: "es2022", keepClassNames: true, transform: { useDefineForClassFields: true } },
  ...(module ? { module: { type: "commonjs", ignoreDynamic: true } } : {}),
});
const compile = (code, filename, reload, route = "auto", module = true) =>
  transformWith(code, { filename, swcOptions: swcOptions(filename, module), autoreload: { moduleId: filename, runtimeImport: false, reload } }, route).code;

const esm = (k) => `export class Base {
  #s = ${k};
  x = ${k};
  constructor(a) { this.a = a; this.nt = new.target.name; }
  get s() { return this.#s; }
  hello() { return "b${k}"; }
  toString() { return "B" + super.toString(); }
  static make(a) { return new Base(a); }
}
export class Sub extends Base { hello() { return "sub+" + super.hello(); } }
export class Boxed { constructor() { return { boxed: ${k} }; } }
export class Prim { constructor() { this.p = ${k}; return ${k}; } }`;
const cjs = (k) => esm(k).replace(/export class (\w+)/g, "class $1") + "\nmodule.exports = { Base, Sub, Boxed, Prim };";
const ts = (k) => esm(k).replace("constructor(a) {", "constructor(public a: number) {").replace("this.a = a; ", "");

function realm() {
  const context = vm.createContext({});
  const runtime = createRuntime(); // the main realm's runtime in another realm: generations take the module's realm
  context.__autoreload = runtime;
  const load = (id, code) => {
    const module = vm.runInContext("({ exports: {} })", context);
    vm.runInContext(`(function (exports, require, module, __filename) {${code}\n})`, context)(module.exports, () => ({}), module, id);
    return module.exports;
  };
  const reload = (id, code) => {
    const record = runtime.record(id);
    record.beginReload();
    try {
      const exports = load(id, code);
      record.commit(exports);
      return exports;
    } catch (error) {
      record.rollback();
      throw error;
    }
  };
  return { load, reload, run: (code) => vm.runInContext(code, context), runtime };
}

const PROBE = `(m) => {
  const b = new m.Base(3), s = new m.Sub(4), made = m.Base.make(5);
  return [
    [b instanceof m.Base, Object.getPrototypeOf(b) === m.Base.prototype, b.a, b.x, b.s, b.nt, b.hello(), String(b)],
    [s instanceof m.Sub && s instanceof m.Base, s.a, s.x, s.s, s.nt, s.hello()],
    [made.a, made.nt, new m.Boxed().boxed, new m.Prim().p, new m.Prim() instanceof m.Prim],
    [Object.getPrototypeOf(m.Base) === Function.prototype, Object.getPrototypeOf(m.Base.prototype) === Object.prototype, Object.getPrototypeOf(m.Sub) === m.Base],
  ];
}`;
const expected = (k) => [
  [true, true, 3, k, k, "Base", `b${k}`, "B[object Object]"],
  [true, 4, k, k, "Sub", `sub+b${k}`],
  [5, "Base", k, k, true],
  [true, true, true],
];

const routes = {
  "ES module → CommonJS, direct route": { source: esm, filename: "/app/lib.js", route: "direct" },
  "ES module → CommonJS, two passes": { source: esm, filename: "/app/lib.js", route: "two-pass" },
  "CommonJS source": { source: cjs, filename: "/app/lib.cjs", route: "auto" },
  "TypeScript, parameter properties": { source: ts, filename: "/app/lib.ts", route: "auto" },
};

for (const [name, { source, filename, route }] of Object.entries(routes)) {
  test(`base classes reload over the allocator: ${name}`, (t) => {
    const r = realm();
    const first = compile(source(1), filename, false, route);
    t.false(first.includes("_ar$m.alloc"), "the first generation is the class as written");
    const m = r.load(filename, first);
    const old = new m.Base(1);
    t.deepEqual(r.run(PROBE)(m), expected(1));
    const second = compile(source(2), filename, true, route);
    t.regex(second, /Base: class extends _ar\$m\.alloc \{/);
    t.regex(second, /Boxed: class extends _ar\$m\.alloc \{/);
    t.regex(second, /Sub: class extends Base \{/);
    t.regex(second, /Prim: class \{/, "a constructor that may return a primitive keeps its class a base class");
    t.regex(second, /Reflect\.construct\(_ar\$G\.\$0, arguments, new\.target\);\s*super\(\);/);
    const m2 = r.reload(filename, second);
    t.is(m2.Base, m.Base);
    t.deepEqual(r.run(PROBE)(m), expected(2));
    t.is(old.hello(), "b2");
    // a failed reload leaves generation 2 in place; generation 4 then reloads over it
    t.throws(() => r.reload(filename, `${compile(source(3), filename, true, route)}\nthrow new Error("boom");`), { message: "boom" });
    t.deepEqual(r.run(PROBE)(m), expected(2));
    r.reload(filename, compile(source(4), filename, true, route));
    t.deepEqual(r.run(PROBE)(m), expected(4));
  });
}

test("ES module output (no module conversion) of a reload generation", (t) => {
  const out = compile(esm(2), "/app/lib.mjs", true, "auto", false);
  t.regex(out, /export let Base = _ar\$m\.cls\("Base", \{ Base: class extends _ar\$m\.alloc \{/);
  t.regex(out, /constructor\(a\)\s*\{ if \(_ar\$G\.\$0 !== undefined\) return Reflect\.construct\(_ar\$G\.\$0, arguments, new\.target\); super\(\);/);
  t.regex(out, /Boxed: class extends _ar\$m\.alloc \{\s*constructor\(\)\s*\{ if \(_ar\$G\.\$2 !== undefined\) return Reflect\.construct\(_ar\$G\.\$2, arguments, new\.target\); super\(\);/);
});

test("which constructors keep a reload generation a base class (may return a primitive)", (t) => {
  const over = (ctor) => compile(`export class C { ${ctor} }`, "/app/c.mjs", true, "auto", false).includes("extends _ar$m.alloc");
  t.true(over(""), "no constructor: `constructor() { <check> super(); }`");
  t.true(over("constructor() { this.a = 1; }"));
  t.true(over("constructor() { if (a) return; this.a = 1; }"));
  t.true(over("constructor() { return { a: 1 }; }"));
  t.true(over("constructor() { return [1]; }"));
  t.true(over("constructor() { return this; }"));
  t.true(over("constructor() { return new Proxy(this, {}); }"));
  t.true(over("constructor() { return new a.b.C; }"));
  t.true(over("constructor() { this.f = () => { return 1; }; this.g = function () { return 2; }; this.h = { m() { return 3; } }; }"), "returns of nested functions are theirs");
  t.false(over("constructor() { return 1; }"));
  t.false(over("constructor() { if (a) { return x; } }"));
  t.false(over("constructor() { for (;;) { return this.x; } }"));
  t.false(over("constructor() { return new C() + 1; }"));
  t.false(over("constructor() { return {}.x; }"));
  t.false(compile(`export class C extends B {}`, "/app/c.mjs", true, "auto", false).includes("_ar$m.alloc"), "a derived class stays as it is");
});
