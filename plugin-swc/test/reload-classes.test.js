// Reload generations of classes (option `reload: true`, docs/abi.md "Classes"): a base class is
// emitted over the runtime's allocator (`class extends _ar$m.alloc`, `super()` after the check),
// and behaves through the stable class as the base class it was. Every route of the plugin:
// SWC's CommonJS output in one pass (direct), two passes, a CommonJS source, ES module output.
import test from "ava";
import { createRuntime } from "autoreload/core";
import { allocatorConstructors, CLASS_PROBE, classProbeExpected, classSources, vmRealm } from "@autoreload/harness/reload-realm";
import { transformWith } from "../dist/transform.js";

const swcOptions = (filename, module) => ({
  filename,
  swcrc: false,
  configFile: false,
  isModule: "unknown",
  jsc: {
    parser: /\.ts$/.test(filename) ? { syntax: "typescript" } : { syntax: "ecmascript" },
    target: "es2022",
    keepClassNames: true,
    transform: { useDefineForClassFields: true },
  },
  ...(module ? { module: { type: "commonjs", ignoreDynamic: true } } : {}),
});
const compile = (code, filename, reload, route = "auto", module = true) =>
  transformWith(code, { filename, swcOptions: swcOptions(filename, module), autoreload: { moduleId: filename, runtimeImport: false, reload } }, route).code;

const { esm, cjs, ts } = classSources;

const realm = () => vmRealm(createRuntime()); // the main realm's runtime in another realm: generations take the module's realm
const expected = (k) => classProbeExpected(k);

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
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(1));
    const second = compile(source(2), filename, true, route);
    t.regex(second, /Base: class extends _ar\$m\.alloc \{/);
    t.regex(second, /Boxed: class extends _ar\$m\.alloc \{/);
    t.regex(second, /Sub: class extends Base \{/);
    t.regex(second, /Prim: class \{/, "a constructor that may return a primitive keeps its class a base class");
    t.regex(second, /Reflect\.construct\(_ar\$G\.\$0, arguments, new\.target\);\s*super\(\);/);
    const m2 = r.reload(filename, second);
    t.is(m2.Base, m.Base);
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(2));
    t.is(old.hello(), "b2");
    // a failed reload leaves generation 2 in place; generation 4 then reloads over it
    t.throws(() => r.reload(filename, `${compile(source(3), filename, true, route)}\nthrow new Error("boom");`), { message: "boom" });
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(2));
    r.reload(filename, compile(source(4), filename, true, route));
    t.deepEqual(r.run(CLASS_PROBE)(m), expected(4));
  });
}

test("ES module output (no module conversion) of a reload generation", (t) => {
  const out = compile(esm(2), "/app/lib.mjs", true, "auto", false);
  t.regex(out, /export let Base = _ar\$m\.cls\("Base", \{ Base: class extends _ar\$m\.alloc \{/);
  t.regex(out, /constructor\(a\)\s*\{ if \(_ar\$G\.\$0 !== undefined\) return Reflect\.construct\(_ar\$G\.\$0, arguments, new\.target\); super\(\);/);
  t.regex(
    out,
    /Boxed: class extends _ar\$m\.alloc \{\s*constructor\(\)\s*\{ if \(_ar\$G\.\$2 !== undefined\) return Reflect\.construct\(_ar\$G\.\$2, arguments, new\.target\); super\(\);/,
  );
});

test("which constructors keep a reload generation a base class (may return a primitive)", (t) => {
  const over = (ctor) => compile(`export class C { ${ctor} }`, "/app/c.mjs", true, "auto", false).includes("extends _ar$m.alloc");
  for (const [ctor, why] of allocatorConstructors.over) t.true(over(ctor), why ?? ctor);
  for (const [ctor, why] of allocatorConstructors.base) t.false(over(ctor), why ?? ctor);
  t.false(compile(`export class C extends B {}`, "/app/c.mjs", true, "auto", false).includes("_ar$m.alloc"), "a derived class stays as it is");
});
