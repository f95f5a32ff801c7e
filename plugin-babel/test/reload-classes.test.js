// Reload generations of classes (option `reload: true`, docs/abi.md "Classes"): a base class is
// emitted over the runtime's allocator (`class extends _ar$m.alloc`, `super()` after the check),
// and behaves through the stable class as the base class it was. As the runtime compiles: ES
// modules to CommonJS, CommonJS sources, TypeScript (parameter properties), decorators.
import test from "ava";
import { createRequire } from "node:module";
import { transformSync } from "@babel/core";
import { createRuntime } from "autoreload/core";
import { allocatorConstructors, CLASS_PROBE, classProbeExpected, classSources, vmRealm } from "@autoreload/harness/reload-realm";
import plugin from "../dist/index.js";

const require = createRequire(import.meta.url);
const presetTypeScript = require.resolve("@babel/preset-typescript");
const decorators = require.resolve("@babel/plugin-proposal-decorators");
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");

const compile = (code, filename, reload, { commonjs = true, decorate } = {}) =>
  transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    presets: /\.ts$/.test(filename) ? [[presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]] : [],
    plugins: [
      [plugin, { moduleId: filename, runtimeImport: false, reload }],
      ...(decorate ? [[decorators, { version: decorate }]] : []),
      ...(commonjs ? [modulesCommonJS] : []),
    ],
  }).code;

const { esm, cjs, ts } = classSources;
const decorated = (k) => `function tag(value, context) { context.addInitializer(function () { this.tagged = ${k}; }); }
function logged(value, context) { return function (...args) { return "@" + value.apply(this, args); }; }
${esm(k).replace("export class Base {", "@tag export class Base {").replace("  hello() {", "  @logged hello() {")}`;
const legacy = (k) => `function tag(target) { target.tagged = ${k}; }
function logged(target, key, descriptor) { const f = descriptor.value; descriptor.value = function (...args) { return "@" + f.apply(this, args); }; }
${esm(k).replace("export class Base {", "@tag export class Base {").replace("  hello() {", "  @logged hello() {")}`;

const realm = () => vmRealm(createRuntime()); // the main realm's runtime in another realm: generations take the module's realm
const expected = classProbeExpected;

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
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(1, at, className));
    const second = compile(source(2), filename, true, options);
    t.regex(second, /extends _ar\$m\.alloc/);
    t.regex(second, /Reflect\.construct\(_ar\$G\.\$\d+, arguments, new\.target\);\s*super\(\);/);
    t.regex(second, /Prim: class \{/, "a constructor that may return a primitive keeps its class a base class");
    const m2 = r.reload(filename, second);
    t.is(m2.Base, m.Base);
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(2, at, className));
    t.is(old.hello(), `${at ?? ""}b2`);
    if (tagged) t.is(m.Base.tagged, 2, "the class decorator ran on the new generation; its static is synced");
    // a failed reload leaves generation 2 in place; generation 4 then reloads over it
    t.throws(() => r.reload(filename, `${compile(source(3), filename, true, options)}\nthrow new Error("boom");`), { message: "boom" });
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(2, at, className));
    r.reload(filename, compile(source(4), filename, true, options));
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(4, at, className));
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
  for (const [ctor, why] of allocatorConstructors.over) t.true(over(ctor), why ?? ctor);
  for (const [ctor, why] of allocatorConstructors.base) t.false(over(ctor), why ?? ctor);
  t.false(compile(`export class C extends B {}`, "/app/c.mjs", true, { commonjs: false }).includes("_ar$m.alloc"), "a derived class stays as it is");
});

test("option reload must be a boolean", (t) => {
  t.throws(() => compile("class C {}", "/app/c.js", "yes"), { message: /"reload" must be true or false/ });
});
