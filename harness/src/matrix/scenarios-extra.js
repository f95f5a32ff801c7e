// Scenarios of docs/scenarios.md that runtime/test/scenarios-cjs.js does not define, written
// for every combination (`v.format` cjs|esm, `v.lang` js|ts, `v.name` cjs-js …). Same shape as
// the runtime's scenario files — { id, title, files, probe?, run(t, s, v) } — plus:
//   files(v)     when the sources differ per combination,
//   options(v)   session options (`cliArgs`, `extraFiles`),
//   applies(v)   undefined, or the reason the scenario cannot apply to this combination (n/a),
//   needs        capabilities beyond the combination's own ("esm": the ESM loader).
// The probe (see session.js) gives m, g, require, load(name) and ar() (the running controller).
import { run as runProcess } from "../index.js";
import { runCli } from "./session.js";

/** `module.registerHooks` (Node ≥ 22.15, ≥ 23.5) is what lets `require(esm)` go through loader hooks. */
const registerHooksAvailable = () => {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15);
};
const fn = (name, body, params = "") => `export function ${name}(${params}) { ${body} }`;
const hotOf = (v) => (v.name === "cjs-js" ? "module.hot" : "import.meta.hot");

/** Waits (through the probe) until the controller reports an outcome for `name`, after `act()`. */
async function nextOutcome(s, name, act) {
  await s.ask(
    `const a = await ar(); g.outcome = new Promise((r) => { const on = (o) => { if (o.file.endsWith(${JSON.stringify(`/${s.file(name)}`)})) { a.off("reload", on); r(o); } }; a.on("reload", on); });`,
  );
  act();
  return s.ask("const o = await g.outcome; return { kind: o.kind, reason: o.reason ?? null };");
}

export const scenarios = [
  {
    id: "C11",
    title: "decorated class (TypeScript experimentalDecorators) reloads",
    applies: (v) => (v.lang === "js" ? "decorators are not syntax Node runs in .js files; the TS columns check them (experimentalDecorators)" : undefined),
    options: () => ({ extraFiles: { "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true, target: "ES2022" } }) } }),
    files: {
      lib: `function tag(label: string) { return (target: any) => { target.label = label; }; }
@tag("v1")
export class C { m() { return "m1"; } }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask("g.C = m.C; g.o = new m.C(); return [g.o.m(), m.C.label];"), ["m1", "v1"]);
      await s.edit(
        "lib",
        `function tag(label: string) { return (target: any) => { target.label = label; }; }
@tag("v2")
export class C { m() { return "m2"; } }`,
      );
      t.deepEqual(await s.ask("return [g.o.m(), g.C.label, g.C === m.C, new m.C() instanceof g.C];"), ["m2", "v2", true, true]);
    },
  },
  {
    id: "C12",
    title: "#private field and method: an instance made before the reload works with the edited method (a goal, listed in known-gaps.js)",
    files: { lib: "export class C { #n = 1; #inc() { this.#n++; } bump() { this.#inc(); return this.#n; } }" },
    async run(t, s) {
      t.is(await s.ask("g.o = new m.C(); return g.o.bump();"), 2);
      await s.edit("lib", "export class C { #n = 1; #inc() { this.#n++; } bump() { this.#inc(); return this.#n * 10; } }");
      t.deepEqual(await s.ask("return [g.o.bump(), new m.C().bump()];"), [30, 20]);
    },
  },
  {
    id: "C14",
    title: "arrow-function fields: new instances get the new arrow; old instances keep the arrow they were built with (documented)",
    files: { lib: `export class C { onClick = () => "v1"; m() { return "m1"; } }` },
    async run(t, s) {
      await s.ask("g.o = new m.C();");
      await s.edit("lib", `export class C { onClick = () => "v2"; m() { return "m2"; } }`);
      t.deepEqual(await s.ask("return [new m.C().onClick(), g.o.onClick(), g.o.m()];"), ["v2", "v1", "m2"]);
    },
  },
  {
    id: "V1",
    title: "exported const edited: `import { CONFIG }` and `import * as ns` linked before the reload read the new value",
    applies: (v) =>
      v.name === "cjs-js" ? "native CommonJS has no live bindings: `const { CONFIG } = require()` copies the value (V2 checks the exports object)" : undefined,
    probe: "./consumer",
    files: {
      lib: "export const CONFIG = { port: 1 };",
      consumer: `import { CONFIG } from "./lib";\nimport * as ns from "./lib";\nexport function port() { return CONFIG.port; }\nexport function nsPort() { return ns.CONFIG.port; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`return [m.port(), m.nsPort(), require("./lib").CONFIG.port];`), [1, 1, 1]);
      await s.edit("lib", "export const CONFIG = { port: 2 };");
      t.deepEqual(await s.ask(`return [m.port(), m.nsPort(), require("./lib").CONFIG.port];`), [2, 2, 2]);
    },
  },
  {
    id: "V3",
    title: "enum (TS) / frozen object (JS): a member added by an edit is readable",
    probe: "./consumer",
    files: (v) => ({
      lib: v.lang === "ts" ? `export enum E { A = "a", B = "b" }` : `export const E = Object.freeze({ A: "a", B: "b" });`,
      consumer: `import { E } from "./lib";\nimport * as ns from "./lib";\nexport function c() { return [E.C, ns.E.C]; }`,
    }),
    async run(t, s, v) {
      await s.edit("lib", v.lang === "ts" ? `export enum E { A = "a", B = "b", C = "c" }` : `export const E = Object.freeze({ A: "a", B: "b", C: "c" });`);
      const viaExports = await s.ask(`return require("./lib").E.C;`);
      t.is(viaExports, "c");
      // native CommonJS `const { E } = require()` copied the old object (no live bindings, see V1)
      if (v.name !== "cjs-js") t.deepEqual(await s.ask("return m.c();"), ["c", "c"]);
    },
  },
  {
    id: "V4",
    title: "re-export chain (`export *`, `export { x as y } from`): editing the source updates consumers of the re-exporter",
    probe: "./consumer",
    files: (v) =>
      v.name === "cjs-js"
        ? {
            // what transpilers emit for `export *` / `export { x as y } from`: getters onto the source's exports
            a: `exports.x = 1;\nexports.f = function () { return "f1"; };`,
            "mid.js": `const a = require("./a");\nfor (const k of Object.keys(a)) Object.defineProperty(exports, k, { enumerable: true, get: () => a[k] });\nObject.defineProperty(exports, "y", { enumerable: true, get: () => a.x });`,
            "consumer.js": `const mid = require("./mid");\nexports.read = function () { return [mid.x, mid.y, mid.f()]; };`,
          }
        : {
            a: `export const x = 1;\nexport function f() { return "f1"; }`,
            mid: `export * from "./a";\nexport { x as y } from "./a";`,
            consumer: `import { x, y, f } from "./mid";\nexport function read() { return [x, y, f()]; }`,
          },
    async run(t, s, v) {
      t.deepEqual(await s.ask("return m.read();"), [1, 1, "f1"]);
      await s.edit(
        "a",
        v.name === "cjs-js" ? `exports.x = 2;\nexports.f = function () { return "f2"; };` : `export const x = 2;\nexport function f() { return "f2"; }`,
      );
      t.deepEqual(await s.ask("return m.read();"), [2, 2, "f2"]);
    },
  },
  {
    id: "V6",
    title: "module state carried across reloads with hot.dispose / hot.data",
    files: (v) => ({ lib: hotSource(v, 1) }),
    async run(t, s, v) {
      t.is(await s.ask("return m.get();"), 1);
      await s.edit("lib", hotSource(v, 2));
      t.is(await s.ask("return m.get();"), 2);
      await s.edit("lib", hotSource(v, 3));
      t.deepEqual(await s.ask("return [m.get(), m.version()];"), [3, 3]);
    },
  },
  {
    id: "V7",
    title: "mode complete: a function added by an edit appears on the CommonJS exports object held before",
    applies: (v) =>
      v.format === "esm"
        ? "an ES module namespace cannot gain names (the language forbids it); new exports reach new importers (F8) and the REPL context (M6)"
        : undefined,
    options: () => ({ cliArgs: ["--mode", "complete"] }),
    files: { lib: fn("a", "return 'a1';") },
    async run(t, s) {
      t.is(await s.ask("g.m = m; return (await ar()).mode();"), "complete");
      await s.edit("lib", `${fn("a", "return 'a1';")}\n${fn("added", "return 'new';")}`);
      t.deepEqual(await s.ask("return [g.m === m, typeof g.m.added === 'function' ? g.m.added() : typeof g.m.added];"), [true, "new"]);
    },
  },
  {
    id: "G2",
    title: "ESM ↔ CommonJS across the boundary (CommonJS requiring ESM, ESM importing CommonJS), edit each side",
    needs: ["esm"],
    applies: (v) =>
      v.format === "cjs" && !registerHooksAvailable()
        ? `Node ${process.version}: require() of an ES module bypasses module.register() loader hooks, so the required .mjs cannot be instrumented; needs module.registerHooks (Node ≥ 22.15 / 23.5); the ESM columns check the other direction`
        : undefined,
    files: (v) =>
      v.format === "cjs"
        ? { lib: `import { e } from "./side.mjs";\nexport function via() { return "lib1+" + e(); }`, "side.mjs": `export function e() { return "e1"; }` }
        : {
            lib: `import dep from "./side.cjs";\nimport { c } from "./side.cjs";\nexport function via() { return "lib1+" + dep.c() + "+" + c(); }`,
            "side.cjs": `exports.c = function () { return "c1"; };`,
          },
    async run(t, s, v) {
      const side = v.format === "cjs" ? "side.mjs" : "side.cjs";
      t.is(await s.ask("return m.via();"), v.format === "cjs" ? "lib1+e1" : "lib1+c1+c1");
      await s.edit(side, v.format === "cjs" ? `export function e() { return "e2"; }` : `exports.c = function () { return "c2"; };`);
      t.is(await s.ask("return m.via();"), v.format === "cjs" ? "lib1+e2" : "lib1+c2+c2");
      await s.edit(
        "lib",
        v.format === "cjs"
          ? `import { e } from "./side.mjs";\nexport function via() { return "lib2+" + e(); }`
          : `import dep from "./side.cjs";\nimport { c } from "./side.cjs";\nexport function via() { return "lib2+" + dep.c() + "+" + c(); }`,
      );
      t.is(await s.ask("return m.via();"), v.format === "cjs" ? "lib2+e2" : "lib2+c2+c2");
    },
  },
  {
    id: "G3",
    title: "a module with top-level await, edited",
    applies: (v) => (v.format === "cjs" ? "top-level await is ES-module-only syntax" : undefined),
    files: { lib: `const v = await Promise.resolve("t1");\nexport function f() { return v; }` },
    async run(t, s) {
      t.is(await s.ask("g.f = m.f; return g.f();"), "t1");
      await s.edit("lib", `const v = await new Promise((r) => setTimeout(() => r("t2"), 5));\nexport function f() { return v; }`);
      t.deepEqual(await s.ask("return [g.f(), m.f()];"), ["t2", "t2"]);
    },
  },
  {
    id: "G4",
    title: "dynamic import() of a reloaded module returns the current version",
    files: { lib: `export const VERSION = 1;\n${fn("f", "return 'f1';")}` },
    async run(t, s, v) {
      // CommonJS: import() gives Node's ESM facade, whose named exports are a one-time copy made by
      // Node; the current module is its `default` (the exports object, kept by superreload).
      const read =
        v.format === "cjs"
          ? `const ns = await load("lib"); return [ns.default.VERSION, ns.f(), ns.default.f === ns.f];`
          : `const ns = await load("lib"); return [ns.VERSION, ns.f(), ns.f === m.f];`;
      t.deepEqual(await s.ask(read), [1, "f1", true]);
      await s.edit("lib", `export const VERSION = 2;\n${fn("f", "return 'f2';")}`);
      t.deepEqual(await s.ask(read), [2, "f2", true]);
    },
  },
  {
    id: "M1",
    title: "mode off: edits have no effect until `check({ now: true })` or a mode change",
    options: () => ({ cliArgs: ["--mode", "off"] }),
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      t.deepEqual(await s.ask("g.f = m.f; return [(await ar()).mode(), g.f()];"), ["off", 1]);
      s.write("lib", fn("f", "return 2;"));
      t.deepEqual(await s.ask("const o = await (await ar()).check(); return [g.f(), o.filter((x) => x.kind === 'reloaded').length];"), [1, 0]);
      t.deepEqual(await s.ask("const o = await (await ar()).check({ now: true }); return [g.f(), o.filter((x) => x.kind === 'reloaded').length];"), [2, 1]);
      await s.ask("(await ar()).mode('all');");
      await s.edit("lib", fn("f", "return 3;"));
      t.is(await s.ask("return g.f();"), 3);
    },
  },
  {
    id: "M2",
    title: "mode explicit: only modules marked with aimport reload; `aimport a, -b` mixed list",
    options: () => ({ cliArgs: ["--mode", "explicit"] }),
    files: { lib: fn("f", "return 'lib1';"), a: fn("fa", "return 'a1';"), b: fn("fb", "return 'b1';") },
    async run(t, s) {
      // loaded first: a module is tracked (and so reloadable) once it has been required/imported
      const listed = await s.ask(`require("./a"); require("./b"); return (await ar()).aimport("./${s.file("a")}, -./${s.file("b")}");`);
      t.deepEqual(listed, { marked: [`./${s.file("a")}`], skipped: [`./${s.file("b")}`] });
      await s.edit("a", fn("fa", "return 'a2';"));
      s.write("b", fn("fb", "return 'b2';"));
      s.write("lib", fn("f", "return 'lib2';"));
      t.deepEqual(await s.ask(`await (await ar()).check(); return [require("./a").fa(), require("./b").fb(), m.f()];`), ["a2", "b1", "lib1"]);
      t.deepEqual(await s.ask(`return (await ar()).aimport();`), listed);
    },
  },
  {
    id: "M3",
    title: "mode all with `aimport -b`: b skipped, others reload; re-enabling b reloads it",
    files: { lib: fn("f", "return 'lib1';"), a: fn("fa", "return 'a1';"), b: fn("fb", "return 'b1';") },
    async run(t, s) {
      await s.ask(`require("./a"); require("./b"); (await ar()).aimport("-./${s.file("b")}");`);
      await s.edit("a", fn("fa", "return 'a2';"));
      s.write("b", fn("fb", "return 'b2';"));
      t.deepEqual(await s.ask(`await (await ar()).check(); return [require("./a").fa(), require("./b").fb()];`), ["a2", "b1"]);
      t.deepEqual(await s.ask(`const a = await ar(); a.aimport("./${s.file("b")}"); await a.check(); return require("./b").fb();`), "b2");
    },
  },
  {
    id: "M4",
    title: "numeric and word modes are equivalent; an unknown mode is a clear error (API and CLI)",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      t.deepEqual(await s.ask(`const a = await ar(); return [0, "off", 1, "explicit", "2", "all", 3, "complete"].map((x) => a.mode(x));`), [
        "off",
        "off",
        "explicit",
        "explicit",
        "all",
        "all",
        "complete",
        "complete",
      ]);
      t.regex(
        await s.ask(`try { (await ar()).mode("sometimes"); return "no error"; } catch (e) { return e.message; }`),
        /unknown mode "sometimes".*off \(0\).*explicit \(1\).*all \(2\).*complete \(3\)/,
      );
      const cli = runProcess(s.p.dir, s.v.format === "cjs" ? "main.cjs" : "main.mjs", { cliArgs: ["--mode", "bogus"] });
      const { code } = await cli.exited;
      t.is(code, 2);
      t.regex(cli.output, /unknown mode "bogus"/);
    },
  },
  {
    id: "M5",
    title: "flags: --quiet prints no reload line (still reloads), --hide-errors prints no error",
    files: { lib: fn("f", "return 1;") },
    async run(t, s) {
      const quiet = await s.open({ lib: fn("f", "return 1;") }, { cliArgs: ["--quiet"] });
      t.deepEqual(await nextOutcome(quiet, "lib", () => quiet.write("lib", fn("f", "return 2;"))), { kind: "reloaded", reason: null });
      t.is(await quiet.ask("return m.f();"), 2);
      t.is(quiet.reloads("lib"), 0);
      const hidden = await s.open({ lib: fn("f", "return 1;") }, { cliArgs: ["--hide-errors"] });
      t.is((await nextOutcome(hidden, "lib", () => hidden.write("lib", "export function f( {"))).kind, "failed");
      t.is(await hidden.ask("return m.f();"), 1);
      t.notRegex(hidden.child.output, /failed to reload/);
      // and the default prints both
      await s.edit("lib", fn("f", "return 3;"));
      await s.editFails("lib", "export function f( {");
    },
  },
  {
    id: "M6",
    title: "REPL: a module edited between two REPL lines is new on the second; .autoreload and .aimport commands",
    files: { lib: fn("f", "return 1;") },
    async run(t, s, v) {
      const repl = runCli(s.p.dir, ["--compiler", v.compiler]);
      t.teardown(() => repl.stop());
      const load = v.format === "cjs" ? `const lib = require("./${s.file("lib")}")` : `const lib = await import("./${s.file("lib")}")`;
      repl.send(`${load}; console.log("V=" + lib.f())`);
      await repl.waitFor(/V=1/, { timeoutMs: 20000 });
      s.write("lib", fn("f", "return 2;"));
      repl.send(`console.log("V=" + lib.f())`);
      await repl.waitFor(/V=2/);
      repl.send(".autoreload off");
      await repl.waitFor(/autoreload mode: off/); // the REPL has the new mode before the file changes
      s.write("lib", fn("f", "return 3;"));
      repl.send(`console.log("V=" + lib.f())`);
      await repl.waitFor(/V=2/);
      repl.send(`.aimport`);
      repl.send(".autoreload now");
      repl.send(`console.log("V=" + lib.f())`);
      await repl.waitFor(/V=3/);
      t.pass();
    },
  },
  {
    id: "M7",
    title: "node_modules modules are neither instrumented nor watched by default",
    options: () => ({
      extraFiles: {
        "node_modules/dep/package.json": JSON.stringify({ name: "dep", main: "index.js" }),
        "node_modules/dep/index.js": `exports.dep = function dep() { return "d1"; };`,
      },
    }),
    files: { lib: `import { dep } from "dep";\nexport function f() { return dep(); }` },
    async run(t, s) {
      const file = s.p.path("node_modules/dep/index.js");
      const probe = `const { pathToFileURL } = await import("node:url"); const rt = globalThis.__autoreload;
        return [rt.record(${JSON.stringify(file)}) === undefined && rt.record(pathToFileURL(${JSON.stringify(file)}).href) === undefined, m.f()];`;
      t.deepEqual(await s.ask(probe), [true, "d1"]);
      s.p.write("node_modules/dep/index.js", `exports.dep = function dep() { return "d2"; };`);
      t.deepEqual(await s.ask(`const o = await (await ar()).check({ now: true }); return [o.some((x) => x.file.includes("node_modules")), m.f()];`), [
        false,
        "d1",
      ]);
    },
  },
  {
    id: "T1",
    title:
      "syntax forms behave as uninstrumented (name, length, prototype, own keys, descriptors, this, new.target, arguments, kinds, hoisting, cyclic early calls)",
    files: (v) => transparencyFiles(v),
    async run(t, s, v) {
      t.true(await s.ask("return String(m.decl).includes('_ar$G');"), "lib was not instrumented: the comparison would prove nothing");
      const instrumented = await s.ask("return m.observe();");
      const baseline = await observeUninstrumented(s, v);
      t.deepEqual(instrumented, baseline);
    },
  },
];

function hotSource(v, k) {
  const hot = hotOf(v);
  return `export let count = ((${hot} && ${hot}.data && ${hot}.data.count) || 0) + 1;
if (${hot}) ${hot}.dispose((data) => { data.count = count; });
export function get() { return count; }
export function version() { return ${k}; }`;
}

// T1: one module with every top-level form, and `observe()` describing what a program can see.
const T1_LIB = `"use strict";
export function decl(a, b) { return [this === undefined ? "undefined" : typeof this, arguments.length]; }
export async function asyncFn(x) { return x; }
export function* gen(a) { yield a; }
export async function* agen(a) { yield a; }
export const arrow = (a, b = 1) => a;
export const arrowRest = (a, ...rest) => rest.length;
export const fexpr = function (a) { return arguments.length; };
export const named = function inner(a, b) { return typeof inner; };
export class K { static s() { return "s"; } constructor(a) { this.t = new.target === K; } get g() { return 1; } m() { return "m"; } }
export class Sub extends K { m() { return "sub+" + super.m(); } }
export const Expr = class { x = 1; };
export function Ctor(a) { if (!new.target) return "called"; this.a = a; }
Ctor.prototype.p = function () { return this.a; };
decl.cache = new Map();
const early = hoisted();
function hoisted() { return "hoisted"; }
import { seenFromB } from "./cyc-a";
const describe = (f) => {
  const own = {};
  for (const k of Reflect.ownKeys(f)) {
    const d = Object.getOwnPropertyDescriptor(f, k);
    own[String(k)] = [d.writable, d.enumerable, d.configurable, typeof d.value, typeof d.get];
  }
  const proto = Object.getPrototypeOf(f);
  return { name: f.name, length: f.length, own, proto: proto === Function.prototype ? "Function" : proto && proto[Symbol.toStringTag] || (proto && proto.name) || typeof proto,
    prototypeKeys: f.prototype ? Reflect.ownKeys(f.prototype).map(String) : null };
};
const safe = (fn) => { try { return fn(); } catch (e) { return "threw " + e.constructor.name; } };
export function observe() {
  const out = {};
  for (const [k, f] of Object.entries({ decl, asyncFn, gen, agen, arrow, arrowRest, fexpr, named, K, Sub, Expr, Ctor, hoisted })) out[k] = describe(f);
  out.calls = {
    decl: safe(() => decl(1, 2, 3)), declCall: safe(() => decl.call("s")[0]), async: safe(() => asyncFn(1) instanceof Promise),
    gen: safe(() => [...gen(7)]), agen: safe(() => typeof agen(1)[Symbol.asyncIterator]), arrow: safe(() => [arrow(5), arrow.length, arrowRest(1, 2, 3)]),
    fexpr: safe(() => fexpr(1, 2)), named: safe(() => named()), newK: safe(() => [new K().t, new Sub().t, new Sub().m(), new K().g, K.s()]),
    expr: safe(() => new Expr().x), ctor: safe(() => [Ctor(), new Ctor(4).p(), new Ctor(1) instanceof Ctor]), callK: safe(() => K()),
    bind: safe(() => decl.bind(null, 1)().length), cache: decl.cache instanceof Map, early, cyclic: seenFromB,
  };
  return out;
}`;

function transparencyFiles() {
  return {
    lib: T1_LIB,
    "cyc-a": `import { fromB } from "./cyc-b";\nexport function aFn() { return "a-called-early"; }\nexport const seenFromB = fromB;`,
    "cyc-b": `import { aFn } from "./cyc-a";\nlet v;\ntry { v = aFn(); } catch (e) { v = "threw " + e.constructor.name; }\nexport const fromB = v;`,
  };
}

/**
 * The same files, not instrumented, in plain `node`: JS files as they are; TS (whose sources here
 * carry no types) as the JS they are written in — to CommonJS by Babel's own module transform for
 * cjs-ts (what the TS path of the loader does, minus the plugin).
 */
async function observeUninstrumented(s, v) {
  const { project, run } = await import("../index.js");
  const { toCommonJS } = await import("../index.js");
  const { withExtensions } = await import("./combos.js");
  const files = transparencyFiles(v);
  const out = { "package.json": JSON.stringify({ type: v.format === "cjs" ? "commonjs" : "module" }) };
  let convert;
  if (v.name === "cjs-js") convert = toCommonJS;
  else if (v.format === "esm") convert = withExtensions("js");
  else {
    const { createRequire } = await import("node:module");
    const babel = createRequire(import.meta.url)("@babel/core");
    const cjs = createRequire(createRequire(import.meta.url).resolve("autoreload/package.json"))("@babel/plugin-transform-modules-commonjs");
    convert = (src) => babel.transformSync(src, { babelrc: false, configFile: false, sourceType: "module", plugins: [cjs] }).code;
  }
  for (const [name, src] of Object.entries(files)) out[`${name}.js`] = convert(src);
  out["main.js"] =
    v.format === "cjs"
      ? `console.log("OBSERVED " + JSON.stringify(require("./lib.js").observe()));`
      : `import { observe } from "./lib.js"; console.log("OBSERVED " + JSON.stringify(observe()));`;
  const p = project(out);
  const child = run(p.dir, "main.js", { cli: false });
  try {
    const line = await child.waitFor(/^OBSERVED /, { timeoutMs: 20000 });
    return JSON.parse(line.slice("OBSERVED ".length));
  } finally {
    await child.stop();
    p.cleanup();
  }
}
