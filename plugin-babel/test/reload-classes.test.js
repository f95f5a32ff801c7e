// Reload generations of classes (option `reload: true`, docs/abi.md "Classes"): a base class is
// emitted over the runtime's allocator (`class extends _ar$m.alloc`, `super()` after the check),
// and behaves through the stable class as the base class it was. As the runtime compiles: ES
// modules to CommonJS, CommonJS sources, TypeScript (parameter properties), decorators.
import test from "ava";
import vm from "node:vm";
import { createRequire } from "node:module";
import { transformSync } from "@babel/core";
import { createRuntime } from "autoreload/core";
import plugin from "../dist/index.js";

const require = createRequire(import.meta.url);
const presetTypeScript = require.resolve("@babel/preset-typescript");
const decorators = require.resolve("@babel/plugin-proposal-decorators");
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");

const compile = (code, filename, reload, { commonjs = true, decorate } = {}) =>
  transformSync(code, {
    filename, babelrc: false, configFile: false, sourceType: "unambiguous",
    presets: /\.ts$/.test(filename) ? [[presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]] : [],
    plugins: [[plugin, { moduleId: filename, runtimeImport: false, reload }], ...(decorate ? [[decorators, { version: decorate }]] : []), ...(commonjs ? [modulesCommonJS] : [])],
  }).code;

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
const decorated = (k) => `function tag(value, context) { context.addInitializer(function () { this.tagged = ${k}; }); }
function logged(value, context) { return function (...args) { return "@" + value.apply(this, args); }; }
${esm(k).replace("export class Base {", "@tag export class Base {").replace("  hello() {", "  @logged hello() {")}`;
const legacy = (k) => `function tag(target) { target.tagged = ${k}; }
function logged(target, key, descriptor) { const f = descriptor.value; descriptor.value = function (...args) { return "@" + f.apply(this, args); }; }
${esm(k).replace("export class Base {", "@tag export class Base {").replace("  hello() {", "  @logged hello() {")}`;

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
  return { load, reload, run: (code) => vm.runInContext(code, context) };
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
const expected = (k, at = "", name = "Base") => [
  [true, true, 3, k, k, name, `${at}b${k}`, "B[object Object]"],
  [true, 4, k, k, "Sub", `sub+${at}b${k}`],
  [5, name, k, k, true],
  [true, true, true],
];

const routes = {
  "ES module → CommonJS": { source: esm, filename: "/app/lib.js" },
  "CommonJS source": { source: cjs, filename: "/app/lib.cjs", options: { commonjs: false } },
  "TypeScript, parameter properties": { source: ts, filename: "/app/lib.ts" },
  "standard decorators (2023-11)": { source: decorated, filename: "/app/lib.js", options: { decorate: "2023-11" }, at: "@", tagged: true },
  // (legacy decorators name the class `_class2`, before any reload as after)
  "legacy decorators": { source: legacy, filename: "/app/lib.ts", options: { decorate: "legacy" }, at: "@", tagged: true, name: "_class2" },
};

for (const [name, { source, filename, options, at, tagged, name: className }] of Object.entries(routes)) {
  test(`base classes reload over the allocator: ${name}`, (t) => {
    const r = realm();
    const first = compile(source(1), filename, false, options);
    t.false(first.includes("_ar$m.alloc"), "the first generation is the class as written");
    const m = r.load(filename, first);
    const old = new m.Base(1);
    t.deepEqual(r.run(PROBE)(m), expected(1, at, className));
    const second = compile(source(2), filename, true, options);
    t.regex(second, /extends _ar\$m\.alloc/);
    t.regex(second, /Reflect\.construct\(_ar\$G\.\$\d+, arguments, new\.target\);\s*super\(\);/);
    t.regex(second, /Prim: class \{/, "a constructor that may return a primitive keeps its class a base class");
    const m2 = r.reload(filename, second);
    t.is(m2.Base, m.Base);
    t.deepEqual(r.run(PROBE)(m), expected(2, at, className));
    t.is(old.hello(), `${at ?? ""}b2`);
    if (tagged) t.is(m.Base.tagged, 2, "the class decorator ran on the new generation; its static is synced");
    // a failed reload leaves generation 2 in place; generation 4 then reloads over it
    t.throws(() => r.reload(filename, `${compile(source(3), filename, true, options)}\nthrow new Error("boom");`), { message: "boom" });
    t.deepEqual(r.run(PROBE)(m), expected(2, at, className));
    r.reload(filename, compile(source(4), filename, true, options));
    t.deepEqual(r.run(PROBE)(m), expected(4, at, className));
  });
}

test("reload generation shapes (ES module output)", (t) => {
  const out = compile(esm(2), "/app/lib.mjs", true, { commonjs: false });
  t.snapshot(out);
  t.regex(out, /export let Base = _ar\$m\.cls\("Base", \{\s*Base: class extends _ar\$m\.alloc \{/);
  t.regex(out, /Sub: class extends Base \{/);
});

test("which constructors keep a reload generation a base class (may return a primitive)", (t) => {
  const over = (ctor) => compile(`export class C { ${ctor} }`, "/app/c.mjs", true, { commonjs: false }).includes("extends _ar$m.alloc");
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
  t.false(compile(`export class C extends B {}`, "/app/c.mjs", true, { commonjs: false }).includes("_ar$m.alloc"), "a derived class stays as it is");
});

test("option reload must be a boolean", (t) => {
  t.throws(() => compile("class C {}", "/app/c.js", "yes"), { message: /"reload" must be true or false/ });
});
