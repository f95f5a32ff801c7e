// ES module scenarios of docs/scenarios.md: the variants, the ESM probe entry, the adapter
// that runs the CommonJS scenario definitions (scenarios-cjs.js) against ES modules, and the
// scenarios that only make sense for ES modules (live bindings, re-exports, TLA, import()).

/** The ESM counterpart of the harness's `probeMain`: `m` is the probe module's namespace. */
export function esmProbeMain(probeModule) {
  return `import * as m from ${JSON.stringify(probeModule)};
import { createRequire } from "node:module";
import readline from "node:readline";
const require = createRequire(import.meta.url);
const imp = (specifier) => import(specifier);
const ar = () => require("autoreload").autoreload;
const g = {};
readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  const { id, expr } = JSON.parse(line);
  let payload;
  try {
    const value = await (new Function("m", "g", "require", "imp", "ar", "return (async () => { " + expr + " })()"))(m, g, require, imp, ar);
    payload = { value: value === undefined ? null : value };
  } catch (error) {
    payload = { error: String(error && error.stack || error) };
  }
  console.log("RESULT " + id + " " + JSON.stringify(payload));
});
console.log("READY");
`;
}

/**
 * `from "./x"` → `from "./x.js"` for the scenario's own modules `names` (what plain JavaScript
 * ESM writes; TypeScript keeps `./x`). Specifiers of files that do not exist stay as written.
 */
const withJsExtensions = (names) => (source) =>
  source.replace(/((?:from|import)\s*\(?\s*["'])(\.\/)([^"']*?)(["'])/g, (all, a, dot, name, b) =>
    !/\.[a-z]+$/.test(name) && names.includes(name) ? `${a}${dot}${name}.js${b}` : all,
  );

/**
 * ESM variants: `esm-js` runs `autoreload main.mjs` with `.js` files in a "type": "module"
 * package; `esm-ts` runs `node --import autoreload/register main.mjs` with `.ts` files imported
 * without extension (the hooks resolve them as TypeScript's bundler resolution does).
 */
export const ESM_VARIANTS = [
  { name: "esm-js", ext: "js", convert: (s) => s, withNames: withJsExtensions, session: {} },
  { name: "esm-ts", ext: "ts", convert: (s) => s, session: { cli: false, nodeArgs: ["--import", new URL("../dist/register.js", import.meta.url).href] } },
];

/** The variant for one scenario (JavaScript adds `.js` to the specifiers of its modules). */
export const forScenario = (variant, files) => (variant.withNames === undefined ? variant : { ...variant, convert: variant.withNames(Object.keys(files)) });

/** Session options for an ESM variant and a probe module name. */
export function esmSessionOptions(variant, probe = "./lib") {
  const spec = /\.[a-z]+$/.test(probe) ? probe : `${probe}.${variant.ext}`;
  return { type: "module", main: { name: "main.mjs", source: esmProbeMain(spec) }, ...variant.session };
}

/**
 * Probe expressions of the CommonJS scenarios use `require("./x")`; in the ESM probe a relative
 * ES module is reached with `(await imp("./x"))` (its namespace). `.cjs` files and builtins stay
 * `require`d.
 */
export const adaptExpression = (expr) =>
  expr.replace(/\brequire\((["'])(\.{1,2}\/[^"']*?)\1\)/g, (all, q, spec) => (/\.c[jt]s$/.test(spec) ? all : `(await imp(${q}${spec}${q}))`));

/** CommonJS scenarios that do not apply to ES modules (with the ESM scenario that replaces them). */
export const CJS_ONLY = new Set([
  "V2", // CommonJS exports identity → V1/V4 here
  "F8", // a namespace cannot gain names → F8-esm here
  "F7", // nor lose them → F7-esm here
]);

const hasRegisterHooks = (v) => {
  const [major, minor] = v.slice(1).split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15);
};
/** `require()` of an ES module goes through the module hooks only with `module.registerHooks`. */
export const REQUIRE_ESM_HOOKED = hasRegisterHooks(process.version) && process.env.AUTORELOAD_ESM_HOOKS !== "register";

/** @type {Array<{ id: string, title: string, files: Record<string,string>, probe?: string, only?: string, run: (t: any, s: any, v: any) => Promise<void> }>} */
export const scenarios = [
  {
    id: "V1",
    title: "export const CONFIG edited: named import and namespace linked before read the new value",
    files: {
      lib: `export const CONFIG = { port: 1 };\nexport let plain = "p1";`,
      reader: `import { CONFIG, plain } from "./lib";\nexport function read() { return [CONFIG.port, plain]; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`g.reader = await imp("./reader"); g.cfg = m.CONFIG; return g.reader.read();`), [1, "p1"]);
      await s.edit("lib", `export const CONFIG = { port: 2 };\nexport let plain = "p2";`);
      t.deepEqual(await s.ask(`return [...g.reader.read(), m.CONFIG.port, m.plain, g.cfg.port];`), [2, "p2", 2, "p2", 1]);
    },
  },
  {
    id: "V1-write",
    title: "exported let written by the new code after the reload: importers see every write",
    files: { lib: `export let count = 0;\nexport function inc() { count += 1; return count; }` },
    async run(t, s) {
      t.deepEqual(await s.ask(`m.inc(); m.inc(); return m.count;`), 2);
      await s.edit("lib", `export let count = 100;\nexport function inc() { count += 10; return count; }`);
      t.deepEqual(await s.ask(`const before = m.count; m.inc(); return [before, m.count];`), [100, 110]);
    },
  },
  ...["auto", "babel"].map((compiler) => ({
    id: compiler === "auto" ? "V1-default" : "V1-default-babel",
    ...(compiler === "auto" ? {} : { env: { AUTORELOAD_COMPILER: "babel" } }),
    title: `export default { port: 1 } edited (${compiler === "auto" ? "default compiler" : "Babel"}): a default import linked before reads the new value; an anonymous default arrow keeps its name`,
    files: {
      lib: `export default { port: 1 };`,
      fn: `export default (x) => "f1:" + x;`,
      reader: `import config from "./lib";\nimport fn from "./fn";\nexport function read() { return [config.port, fn("a")]; }`,
    },
    async run(t, s) {
      t.deepEqual(
        await s.ask(`g.reader = await imp("./reader"); g.old = m.default; g.fn = (await imp("./fn")).default; return [...g.reader.read(), g.fn.name];`),
        [1, "f1:a", "default"],
      );
      await s.edit("lib", `export default { port: 2 };`);
      await s.edit("fn", `export default (x) => "f2:" + x;`);
      t.deepEqual(
        await s.ask(`const f = (await imp("./fn")).default; return [...g.reader.read(), m.default.port, g.old.port, g.fn("b"), f === g.fn, f.name];`),
        [2, "f2:a", 2, 1, "f2:b", true, "default"],
      );
    },
  })),
  {
    id: "V3",
    title: "enum-like value (TS enum, frozen object) gains a member; importers read it",
    files: { lib: `export const Color = Object.freeze({ Red: "red" });` },
    async run(t, s) {
      await s.ask("g.old = m.Color;");
      await s.edit("lib", `export const Color = Object.freeze({ Red: "red", Green: "green" });`);
      t.deepEqual(await s.ask("return [m.Color.Green, Object.isFrozen(m.Color), g.old.Green ?? null];"), ["green", true, null]);
    },
  },
  {
    id: "V3-enum",
    only: "ts",
    title: "TypeScript `export enum` gains a member; importers linked before read it",
    files: { lib: `export enum E { A = "a" }\nexport function f() { return E.A; }` },
    async run(t, s) {
      await s.edit("lib", `export enum E { A = "a", B = "b" }\nexport function f() { return E.B; }`);
      t.deepEqual(await s.ask("return [m.f(), m.E.B ?? null];"), ["b", "b"]);
    },
  },
  {
    id: "V3-enum-babel",
    only: "ts",
    // The Babel plugin registers the enum before the TypeScript transform runs (docs/abi.md).
    env: { AUTORELOAD_COMPILER: "babel" },
    title: "TypeScript `export enum` with the Babel compiler",
    files: { lib: `export enum E { A = "a" }\nexport function f() { return E.A; }` },
    async run(t, s) {
      await s.edit("lib", `export enum E { A = "a", B = "b" }\nexport function f() { return E.B; }`);
      t.deepEqual(await s.ask("return [m.f(), m.E.B ?? null];"), ["b", "b"]);
    },
  },
  {
    id: "V4",
    title: "re-export chain (export * and export { x as y } from): editing the source updates consumers",
    files: {
      lib: `export * from "./a";\nexport { x as y } from "./a";`,
      a: `export const x = 1;\nexport function f() { return "f1"; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("g.f = m.f; return [m.x, m.y, m.f()];"), [1, 1, "f1"]);
      await s.edit("a", `export const x = 2;\nexport function f() { return "f2"; }`);
      t.deepEqual(await s.ask("return [m.x, m.y, m.f(), g.f === m.f];"), [2, 2, "f2", true]);
    },
  },
  {
    id: "F7-esm",
    title: "removed function: old reference and the namespace keep its last body, no crash",
    files: { lib: `export function a() { return "a1"; }\nexport function b() { return "b1"; }` },
    async run(t, s) {
      await s.ask("g.b = m.b;");
      await s.edit("lib", `export function a() { return "a2"; }`);
      t.deepEqual(await s.ask("return [m.a(), g.b(), m.b()];"), ["a2", "b1", "b1"]);
    },
  },
  {
    id: "F8-esm",
    title: "added function: the module's own code and its exports object reach it; the old namespace does not throw",
    files: { lib: `export function a() { return "a1"; }\nexport function call() { return a(); }` },
    async run(t, s) {
      await s.edit("lib", `export function a() { return "a1"; }\nexport function c() { return "c+" + a(); }\nexport function call() { return c(); }`);
      t.deepEqual(await s.ask("return [m.call(), 'c' in m];"), ["c+a1", false]);
    },
  },
  {
    id: "G2",
    title: "ESM importing CommonJS (default and named), edit the CommonJS side",
    files: {
      lib: `import cjs from "./c.cjs";\nimport { named } from "./c.cjs";\nexport function viaDefault() { return cjs.value + ":" + cjs.fn(); }\nexport function viaNamed() { return named(); }`,
      "c.cjs": `exports.value = "v1";\nexports.fn = function () { return "f1"; };\nexports.named = function () { return "n1"; };`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.viaDefault(), m.viaNamed()];"), ["v1:f1", "n1"]);
      await s.edit("c.cjs", `exports.value = "v2";\nexports.fn = function () { return "f2"; };\nexports.named = function () { return "n2"; };`);
      t.deepEqual(await s.ask("return [m.viaDefault(), m.viaNamed()];"), ["v2:f2", "n2"]);
    },
  },
  {
    id: "G2-require",
    title: "CommonJS require() of an ES module (registerHooks only), edit the ES module",
    files: {
      lib: `import r from "./r.cjs";\nexport function get() { return r.get(); }`,
      "r.cjs": `const esm = require("./e.mjs");\nexports.get = function () { return esm.f(); };`,
      "e.mjs": `export function f() { return "e1"; }`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.get();"), "e1");
      if (!REQUIRE_ESM_HOOKED) {
        t.log(`Node ${process.version} with module.register: require(esm) bypasses the hooks, e.mjs is not instrumented`);
        return;
      }
      await s.edit("e.mjs", `export function f() { return "e2"; }`);
      t.is(await s.ask("return m.get();"), "e2");
    },
  },
  {
    id: "G3",
    title: "module with top-level await, edited",
    files: { lib: `const v = await new Promise((r) => setTimeout(() => r("t1"), 1));\nexport const V = v;\nexport function f() { return v; }` },
    async run(t, s) {
      t.deepEqual(await s.ask("g.f = m.f; return [m.V, m.f()];"), ["t1", "t1"]);
      // Only the callback's body changed: a patch; the promise it fed has settled and stays as it was.
      t.regex(
        await s.edit("lib", `const v = await new Promise((r) => setTimeout(() => r("t2"), 1));\nexport const V = v;\nexport function f() { return v; }`),
        /: patched 1 function$/,
      );
      t.deepEqual(await s.ask("return [m.V, g.f()];"), ["t1", "t1"]);
      // The awaiting statement itself changed: a full reload, whose top level awaits again.
      t.regex(
        await s.edit(
          "lib",
          `const v = String(await new Promise((r) => setTimeout(() => r("t3"), 1)));\nexport const V = v;\nexport function f() { return v; }`,
        ),
        /: full reload — /,
      );
      t.deepEqual(await s.ask("return [m.V, g.f()];"), ["t3", "t3"]);
    },
  },
  {
    id: "G4",
    title: "dynamic import() of a reloaded module returns its current version (from old and new code)",
    files: {
      lib: `export async function load() { const d = await import("./dyn"); return [d.V, d.value()]; }`,
      dyn: `export const V = "D1";\nexport function value() { return "d1"; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return m.load();"), ["D1", "d1"]);
      await s.edit("dyn", `export const V = "D2";\nexport function value() { return "d2"; }`);
      t.deepEqual(await s.ask("const d = await imp('./dyn'); return [...(await m.load()), d.V, d.value()];"), ["D2", "d2", "D2", "d2"]);
      await s.edit("lib", `export async function load() { const d = await import("./dyn"); return [d.V, d.value(), "new"]; }`);
      t.deepEqual(await s.ask("return m.load();"), ["D2", "d2", "new"]);
    },
  },
  {
    id: "E3-esm",
    title: "a new import of a missing module: one error at the import's line, nothing re-evaluated, old code runs",
    files: { lib: `globalThis.evals = (globalThis.evals || 0) + 1;\nexport function f() { return 1; }` },
    async run(t, s) {
      const report = await s.editFails(
        "lib",
        `globalThis.evals = (globalThis.evals || 0) + 1;\n\nimport { x } from "./missing";\nexport function f() { return x; }`,
      );
      t.regex(report, /Cannot find module '\.\/missing'/);
      t.regex(report, new RegExp(`at \\./${s.file("lib").replace(".", "\\.")}:3:`));
      t.deepEqual(await s.ask("return [m.f(), globalThis.evals];"), [1, 1]);
    },
  },
  {
    id: "E8-esm",
    title: "stack trace after 3 reloads points at the original line, from the old reference too",
    files: { lib: `export function thrower() {\n  throw new Error("here");\n}` },
    async run(t, s) {
      const where = "try { g.t(); } catch (e) { return e.stack.split('\\n')[1]; }";
      t.regex(await s.ask(`g.t = m.thrower; ${where}`), new RegExp(`lib\\.${s.file("lib").split(".")[1]}:2:9\\)?$`));
      for (let k = 1; k <= 3; k++)
        await s.edit("lib", `${"// pad\n".repeat(k * 2)}export function thrower() {\n  const k = ${k};\n  throw new Error("here " + k);\n}`);
      const frame = await s.ask(where);
      t.regex(frame, new RegExp(`lib\\.${s.file("lib").split(".")[1]}:9:9\\)?$`));
      t.notRegex(frame, /autoreload=/);
    },
  },
  {
    id: "D1-esm",
    title: "a dependency deleted after its importer reloaded: the next reload fails at the import line, old code runs; restored, it reloads",
    files: {
      lib: `import { d } from "./dep";\nexport function f() { return "f1:" + d(); }`,
      dep: `export function d() { return "d1"; }`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.f();"), "f1:d1");
      await s.edit("lib", `import { d } from "./dep";\nexport function f() { return "f2:" + d(); }`);
      t.is(await s.ask("return m.f();"), "f2:d1");
      s.p.remove(s.file("dep"));
      // A body edit would be a patch (the deleted file's last version keeps running); a changed
      // import makes it a full reload, which loads the dependency again and fails at the import.
      const report = await s.editFails("lib", `import { d as d3 } from "./dep";\nexport function f() { return "f3:" + d3(); }`);
      t.regex(report, /Cannot find module '\.\/dep(\.js)?'/);
      t.regex(report, new RegExp(`at \\./${s.file("lib").replace(".", "\\.")}:1:`));
      t.is(await s.ask("return m.f();"), "f2:d1");
      s.write("dep", `export function d() { return "d1"; }`);
      await s.edit("lib", `import { d } from "./dep";\nexport function f() { return "f4:" + d(); }`);
      t.is(await s.ask("return m.f();"), "f4:d1");
    },
  },
  {
    id: "D2-esm",
    title:
      "the import list changes between reloads (a module never loaded before, one dropped, one back); namespaces kept across reloads still see their module's edits",
    files: {
      lib: `import { a } from "./a";\nexport function f() { return a(); }`,
      a: `export function a() { return "a1"; }`,
      b: `globalThis.bEvals = (globalThis.bEvals || 0) + 1;\nexport function b() { return "b1"; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return [m.f(), globalThis.bEvals ?? 0];"), ["a1", 0]);
      await s.edit("lib", `import { b } from "./b";\nexport function f() { return b(); }`);
      t.deepEqual(await s.ask("return [m.f(), globalThis.bEvals];"), ["b1", 1]);
      await s.edit("lib", `import { a } from "./a";\nimport { b } from "./b";\nexport function f() { return a() + b(); }`);
      t.deepEqual(await s.ask("return [m.f(), globalThis.bEvals];"), ["a1b1", 1]);
      await s.edit("a", `export function a() { return "a2"; }`);
      // b's counting statement changes too: a full reload of b, which runs its top level again.
      await s.edit("b", `globalThis.bEvals = 1 + (globalThis.bEvals || 0);\nexport function b() { return "b2"; }`);
      t.deepEqual(await s.ask("return [m.f(), globalThis.bEvals];"), ["a2b2", 2]);
      await s.edit("lib", `import { a } from "./a";\nimport { b } from "./b";\nexport function f() { return a() + b() + "!"; }`);
      t.deepEqual(await s.ask("return [m.f(), globalThis.bEvals];"), ["a2b2!", 2]);
    },
  },
  {
    id: "D3-esm",
    title: "an imported value its own module keeps changing: a reloaded importer reads it live, reload after reload",
    files: {
      counter: `export let count = 0;\nexport function inc() { count++; }`,
      lib: `import { count, inc } from "./counter";\nexport function bump() { inc(); return count; }\nexport function read() { return "r0:" + count; }`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.bump();"), 1);
      await s.edit(
        "lib",
        `import { count, inc } from "./counter";\nexport function bump() { inc(); return count; }\nexport function read() { return "r1:" + count; }`,
      );
      t.deepEqual(await s.ask("return [m.bump(), m.read()];"), [2, "r1:2"]);
      await s.edit(
        "lib",
        `import { count, inc } from "./counter";\nexport function bump() { inc(); return count; }\nexport function read() { return "r2:" + count; }`,
      );
      t.deepEqual(await s.ask("return [m.bump(), m.read()];"), [3, "r2:3"]);
      await s.edit("counter", `export let count = 100;\nexport function inc() { count += 10; }`);
      t.deepEqual(await s.ask("return [m.bump(), m.read()];"), [110, "r2:110"]);
      await s.edit(
        "lib",
        `import { count, inc } from "./counter";\nexport function bump() { inc(); return count; }\nexport function read() { return "r3:" + count; }`,
      );
      t.deepEqual(await s.ask("return [m.bump(), m.read()];"), [120, "r3:120"]);
    },
  },
  {
    id: "V1-write-forms",
    title:
      "exported values written after the reload by destructuring, for…of, ++, &&=, and under another export name: importers see each; a parameter of the same name is not the export",
    files: { lib: `export let a = 0, b = 0;\nlet c = 0;\nexport { c as renamed };\nexport function run() { return 0; }` },
    async run(t, s) {
      await s.edit(
        "lib",
        `export let a = 0, b = 0;\nlet c = 0;\nexport { c as renamed };\nfunction shadow(a) { a = 50; return a; }\nexport function run() {\n  [a, { b }] = [1, { b: 2 }];\n  for (c of [5, 6]) {}\n  a++;\n  b &&= b * 10;\n  return shadow(0);\n}`,
      );
      t.deepEqual(await s.ask("const r = m.run(); return [r, m.a, m.b, m.renamed];"), [50, 2, 20, 6]);
    },
  },
  {
    id: "E8-write",
    title: "stack trace column on a line where the reload added code (a write of an exported value before the error)",
    files: { lib: `export let count = 0;\nexport function thrower() { const e = (count += 1, new Error("c" + count)); throw e; }` },
    async run(t, s) {
      const where = "try { g.t(); } catch (e) { return e.stack.split('\\n')[1]; }";
      const column = `export function thrower() { const e = (count += 1, new Error("c" + count)); throw e; }`.indexOf("new Error") + 1;
      const at = new RegExp(`lib\\.${s.file("lib").split(".")[1]}:2:${column}\\)?$`);
      t.regex(await s.ask(`g.t = m.thrower; ${where}`), at);
      await s.edit("lib", `export let count = 0;\nexport function thrower() { const e = (count += 1, new Error("d" + count)); throw e; }`);
      t.regex(await s.ask(where), at);
      // A patch: count kept its value (1) and the new body added one more.
      t.is(await s.ask("return m.count;"), 2);
    },
  },
  {
    id: "G5-own-names",
    title: "a module with a hashbang that declares its own require, module and exports, and mentions import.meta in a string: reloads, each keeps its meaning",
    files: {
      lib: `#!/usr/bin/env node\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nconst module = { id: "m1" };\nconst exports = "x1";\nexport function f() { return [typeof require("node:path").join, module.id, exports, "import.meta.url"]; }\nexport function line() { return new Error("here").stack.split("\\n")[1]; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("return m.f();"), ["function", "m1", "x1", "import.meta.url"]);
      await s.edit(
        "lib",
        `#!/usr/bin/env node\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\nconst module = { id: "m2" };\nconst exports = "x2";\nexport function f() { return [typeof require("node:path").join, module.id, exports, "import.meta.url"]; }\nexport function line() { return new Error("here").stack.split("\\n")[1]; }`,
      );
      t.deepEqual(await s.ask("return m.f();"), ["function", "m2", "x2", "import.meta.url"]);
      t.regex(await s.ask("return m.line();"), new RegExp(`lib\\.${s.file("lib").split(".")[1]}:7:`));
    },
  },
  {
    id: "G6-json",
    title: "an import with attributes (JSON module): loads, and the importer reloads again and again with it",
    files: {
      lib: `import data from "./d.json" with { type: "json" };\nexport function f() { return "f1:" + data.v; }`,
      "d.json": `{ "v": 1 }`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.f();"), "f1:1");
      await s.edit("lib", `import data from "./d.json" with { type: "json" };\nexport function f() { return "f2:" + data.v; }`);
      t.is(await s.ask("return m.f();"), "f2:1");
      await s.edit("lib", `import data from "./d.json" with { type: "json" };\nexport function f() { return "f3:" + data.v; }`);
      t.is(await s.ask("return m.f();"), "f3:1");
    },
  },
  {
    id: "hot-esm",
    title: "import.meta.hot.data carries state; import.meta.url has no generation query",
    files: {
      lib: `export let n = import.meta.hot?.data.n ?? 0;\nimport.meta.hot?.dispose((data) => { data.n = n + 1; });\nexport const url = import.meta.url;`,
    },
    async run(t, s) {
      t.is(await s.ask("return m.n;"), 0);
      // url's initializer now calls a function: a full reload, which runs dispose and hands data on.
      await s.edit(
        "lib",
        `export let n = import.meta.hot?.data.n ?? 0;\nimport.meta.hot?.dispose((data) => { data.n = n + 1; });\nexport const url = String(import.meta.url) + "#2";`,
      );
      t.deepEqual(await s.ask("return [m.n, m.url.endsWith('/lib.' + (m.url.includes('.ts') ? 'ts' : 'js') + '#2')];"), [1, true]);
    },
  },
];
