// CommonJS output (`module.type: "commonjs"`): the direct route (one SWC pass that converts the
// modules, the edits on SWC's CommonJS output) emits what the two passes (instrument the ES module,
// then convert it) emit, for every export and import shape; files it cannot vouch for take the two
// passes; source positions map to the original file.
import test from "ava";
import swc from "@swc/core";
import { SourceMap } from "node:module";
import { transformWith } from "../dist/transform.js";
import { TwoPassNeeded } from "../dist/cjs-glue.js";
import { mappingsField } from "../dist/edits.js";
import { run } from "./helpers/realm.js";

const parserFor = (filename) =>
  /\.[cm]?tsx?$/.test(filename)
    ? { syntax: "typescript", tsx: filename.endsWith("x"), decorators: true }
    : { syntax: "ecmascript", jsx: filename.endsWith("x"), decorators: true };

/** The options the runtime's CommonJS loader passes (runtime/src/node/compile/swc.ts), and SWC's defaults. */
const variants = {
  runtime: (filename) => ({
    swcOptions: {
      filename,
      sourceMaps: "inline",
      isModule: "unknown",
      swcrc: false,
      configFile: false,
      jsc: {
        parser: parserFor(filename),
        target: "es2022",
        keepClassNames: true,
        transform: { react: { runtime: "automatic" }, useDefineForClassFields: true },
      },
      module: { type: "commonjs", ignoreDynamic: true },
    },
    autoreload: { moduleId: filename, runtimeImport: false },
  }),
  defaults: (filename) => ({
    swcOptions: { filename, sourceMaps: true, jsc: { parser: parserFor(filename), target: "es2022" }, module: { type: "commonjs" } },
    autoreload: {},
  }),
};

const transform = (code, filename, variant, route, autoreload) => {
  const options = variants[variant](filename);
  return transformWith(code, { filename, swcOptions: options.swcOptions, autoreload: autoreload ?? options.autoreload }, route);
};

/**
 * Output as SWC reprints it, without comments, whitespace or source-map comment; SWC's helpers
 * (hoisted function declarations) sorted to the end, since the two routes place the prologue on
 * either side of them; `_ar$default` (two passes) is SWC's `_default` in the direct route.
 */
function normalize(code) {
  const printed = swc.transformSync(code.replace(/\n\/\/# sourceMappingURL=.*$/, ""), {
    swcrc: false,
    configFile: false,
    isModule: "unknown",
    jsc: { parser: { syntax: "ecmascript" }, target: "esnext" },
  }).code;
  const helpers = [];
  const rest = printed.replace(/^function (_(?!ar\$|default)[\w$]*)\([^\n]*\{\n(?:[^\n]*\n)*?\}\n/gm, (m) => {
    helpers.push(m);
    return "";
  });
  return (rest + helpers.sort().join(""))
    .replace(/_ar\$default\d*/g, "_default")
    .replace(/^\s*\/\/.*\n/gm, "")
    .replace(/(^|\s)\/\/ .*$/gm, "$1")
    .replace(/\/\*[^*]*?\*\/ ?/g, "")
    .replace(/\s+/g, "");
}

/** Files the direct route takes: each export and import shape SWC's CommonJS transform writes. */
const direct = {
  "exports.ts": [
    'import { readFileSync } from "node:fs";',
    'import type { Stats } from "node:fs";',
    "export const LIMIT: number = 10;",
    "export function compute(a: number, b = 2): number { return readFileSync(String(a)).length * b; }",
    'export const format = (s: Stats, prefix = ">"): string => `${prefix} ${s.size}`;',
    "const double = (x: number) => x * 2;",
    "export class Store<T> { private items = new Map<number, T>(); static created = 0; constructor(private label: string) { Store.created++; } get size() { return this.items.size + double(0); } }",
  ].join("\n"),
  "one-export.ts": "export const X = 1;",
  "export-fn.ts": "export async function* f() { yield 1; }",
  "default-fn.ts": "export default function () { return arguments.length; }",
  "default-fn-named.ts": "export default function g() { return 1; }",
  "default-class.ts": "export default class { static s = 1; x = 2; m() {} }",
  "default-class-named.ts": "export default class Foo { static i = new Foo(); static make() { return new Foo(); } }",
  "default-class-derived.ts": "class B {}\nexport default class extends B { x = 2; }",
  "default-value.ts": "export default { port: 1 };",
  "default-arrow.ts": "export default (a) => a;",
  "default-arrow-params.ts": "export default ({ a }, b = 2) => a + b;",
  "default-fn-expression.ts": "export default (function named() { return 1; });",
  "default-class-expression.ts": "export default (class Named { static x = 1; });",
  "default-identifier.ts": "const x = { a: 1 };\nexport default x;",
  "default-let.ts": "let x = 1;\nexport function bump() { x++; }\nexport default x;",
  "default-function-name.ts": "function f() {}\nexport default f;",
  "default-namespace.ts": 'import * as ns from "./q";\nexport default ns;',
  "default-call.ts": 'import { make } from "./q";\nexport default make(1);',
  "export-list.ts": "let x = 1;\nfunction inc() { x++; }\nexport { x as y, inc };",
  "export-string-names.ts": 'let x = 1;\nconst f = () => x;\nexport { x as "a-b", f as "c d" };',
  "export-as-default.ts": "const v = 1;\nexport { v as default };",
  "reexports.ts":
    'export { a, b as c } from "./x";\nexport * from "./y";\nexport * as ns from "./w";\nimport d, * as z from "./z";\nexport { d, z };\nexport function use() { return [d, z.q]; }',
  "imports.ts":
    'import "./side";\nimport a from "a";\nimport * as b from "b";\nimport { c } from "c";\nexport let n = 0;\nexport const k = () => [a, b, c, n];\nn = 1;',
  "let-var-const.ts":
    "export let count = 0;\nexport function inc() { count += 1; }\nexport const fixed = 2;\nexport var v = 3;\nexport const c = 1;\nexport function bad() { c = 2; }",
  "enums.ts": 'export enum E { A = "a" }\nexport namespace N { export const q = 1; }\nenum F { B }\nexport { F };',
  "classes.ts":
    'import { Base } from "./b";\nexport class A extends Base { static self = A; x = 1; }\nexport const B = class Named { static n = new Named(); };\nclass Priv { #p = 1; }\nexport abstract class Abs { abstract m(): void; }',
  "decorators.ts": 'import { d } from "./d";\n@d export class C { m() {} }\n@d class D {}\nexport { D as default };',
  "decorated-default.ts": 'import { d } from "./d";\n@d export default class { m() {} }',
  "dynamic-import.ts": 'import x from "x";\nexport async function f() { return import("./y"); }\nexport const lazy = () => import("./z");',
  "hot.ts": 'import x from "./x";\nexport function f() { return x; }\nif (module.hot) module.hot.accept();',
  "this-top.ts": "export const t = this;\nexport function f() { return this; }",
  "type-only.ts": 'import type { T } from "./y";\nfunction f(a: T) {}\nf(1);',
  "hashbang.ts": '#!/usr/bin/env node\nimport x from "y";\nexport function f() { return x; }',
  "use-strict.ts": '"use strict";\nimport x from "y";\nexport function f() { return x; }',
  "underscored.ts": 'import { x } from "./a";\nexport function _private() { return x; }\nexport const _v = 1;',
  "component.tsx": 'import React from "react";\nexport function App() { return <div>hi</div>; }\nexport const B = (p: { x: number }) => <b>{p.x}</b>;',
  "binds-undefined.ts": 'import x from "./x";\nexport function f(a, undefined) { return x; }',
  "instrumented-already.ts": 'import x from "./x";\nexport function f() { return _ar$m; }',
  "nothing.ts": 'import x from "./x";\nexport { x };',
  "module.cts": 'import fs from "fs";\nexport function f() { return fs; }\nexport default function () {}\nexport const v = 1;',
  "module.mts": 'import { a } from "./a";\nfunction f() { return a; }\nf();',
  "commonjs.js":
    'const x = require("x");\nexports.f = async function () { return import("./y"); };\nfunction g() { return import("./z"); }\nmodule.exports.g = g;',
  "commonjs.cjs": '"use strict";\nconst fs = require("fs");\nexports.f = function () { return fs; };\nmodule.exports = class X { static y = new X(); };',
};

/** Files that take the two passes: the direct route could not tell what two passes would emit. */
const twoPass = {
  "default-import.ts": 'import q from "./q";\nexport default q;', // `_q.default`: an import, or a namespace member?
  "default-member.ts": 'import * as ns from "./q";\nexport default ns.x;',
  "collides-with-import.ts": 'import { x } from "node:fs";\nfunction _nodefs() { return x; }\nexport { _nodefs };', // SWC renames the user's binding
  "uses-swc-default.ts": "const _default = 1;\nexport default function () { return _default; }",
  "import-meta.ts": "export const u = import.meta.url;\nif (import.meta.hot) import.meta.hot.accept();",
  "export-assign.ts": "function f() {}\nexport = f;",
  "import-require.ts": 'import fs = require("fs");\nexport function f() { return fs; }',
  "imports-reflect.ts": 'import { Reflect } from "./r";\nexport function f() { return Reflect; }',
  "not-at-line-start.ts": "foo(); export function f() {}\nfunction foo() {}",
  "no-imports.mts": "function f() {}\nf();",
  "comment-mentions-import.js": "// import this lazily\nfunction f() {}\nmodule.exports = { f };",
};

for (const variant of Object.keys(variants)) {
  for (const [name, code] of Object.entries(direct)) {
    test(`direct route = two passes: ${name} (${variant})`, (t) => {
      const filename = `/virtual/${name}`;
      const one = transform(code, filename, variant, "direct");
      const two = transform(code, filename, variant, "two-pass");
      t.is(normalize(one.code), normalize(two.code));
      t.deepEqual(transform(code, filename, variant, "auto"), one);
    });
  }
  for (const [name, code] of Object.entries(twoPass)) {
    test(`two passes: ${name} (${variant})`, (t) => {
      const filename = `/virtual/${name}`;
      t.throws(() => transform(code, filename, variant, "direct"), { instanceOf: TwoPassNeeded });
      t.deepEqual(transform(code, filename, variant, "auto"), transform(code, filename, variant, "two-pass"));
    });
  }
}

test("the direct route applies only when CommonJS conversion is the only thing the second pass would do", (t) => {
  const code = "export function f() { return 1; }";
  const base = { filename: "/virtual/x.ts", autoreload: { moduleId: "x" } };
  const jsc = { parser: { syntax: "typescript" }, target: "es2022" };
  t.notThrows(() => transformWith(code, { ...base, swcOptions: { jsc, module: { type: "commonjs", strict: true, importInterop: "swc" } } }, "direct"));
  for (const swcOptions of [
    { jsc: { ...jsc, target: "es2017" }, module: { type: "commonjs" } },
    { jsc, module: { type: "commonjs", lazy: true } },
    { jsc, module: { type: "umd" } },
    { jsc, module: { type: "commonjs" }, minify: true },
    { jsc },
    { jsc: { ...jsc, experimental: { plugins: [["some-wasm-plugin", {}]] } }, module: { type: "commonjs" } },
  ]) {
    t.throws(() => transformWith(code, { ...base, swcOptions }, "direct"), { instanceOf: TwoPassNeeded }, JSON.stringify(swcOptions));
  }
});

test("the runtime's options take the direct route for ES-module TypeScript", (t) => {
  const out = transform(direct["exports.ts"], "/virtual/x.ts", "runtime", "auto").code;
  // SWC's glue first, then the prologue (after the requires), then the instrumented body
  t.regex(
    out,
    /const _nodefs = require\("node:fs"\);\nfunction _ar\$G\(\) \{\}\nconst _ar\$m = globalThis\.__autoreload\.enter\("\/virtual\/x\.ts", _ar\$G, 4, \(_ar\$c\) => eval\(_ar\$c\), "\{[^\n]*\]\}"\);\ncompute = _ar\$m\.fn\("compute", compute, 0\);\n/,
  );
  t.true(out.includes('let LIMIT = 10; _ar$m.live("LIMIT", () => LIMIT, (v) => { LIMIT = v; });'));
  // keepClassNames: SWC prints `let Store = class Store {…}`; instrumented as the declaration it was
  t.true(out.includes('let Store = _ar$m.cls("Store", { Store: class {'));
  t.true(out.includes("enumerable: true, configurable: true,"));
  // …with the binding assigned first when static code names the class (as for a declaration)
  const named = transform(direct["default-class-named.ts"], "/virtual/x.ts", "runtime", "direct").code;
  t.true(named.includes('let Foo;\nFoo = _ar$m.cls("Foo", { Foo: class { static { Foo = _ar$m.self("Foo", this, 0); }'));
});

test('SWC\'s `_default` is the anonymous default export: key and name "default"', (t) => {
  const fn = transform(direct["default-fn.ts"], "/virtual/x.ts", "defaults", "direct").code;
  t.true(fn.includes('_default = _ar$m.fn("default", _default, 0, "default");'));
  const cls = transform(direct["default-class.ts"], "/virtual/x.ts", "defaults", "direct").code;
  t.true(cls.includes('let _default = _ar$m.cls("default", { default: class {'));
  const value = transform(direct["default-value.ts"], "/virtual/x.ts", "defaults", "direct").code;
  t.true(value.includes('let _default = {\n    port: 1\n}; _ar$m.live("default", () => _default, (v) => { _default = v; });'));
  const arrow = transform(direct["default-arrow.ts"], "/virtual/x.ts", "defaults", "direct").code;
  t.true(arrow.includes('const _default = _ar$m.fn("default", { default: (a, ..._ar$r)=>'));
});

test("without runtimeImport: false, the install require comes before SWC's requires, as two passes place the import", (t) => {
  const out = transform(direct["imports.ts"], "/virtual/x.ts", "defaults", "direct").code;
  t.regex(out, /\}\);\nrequire\("autoreload\/install"\);\nrequire\("\.\/side"\);\nconst _a = /);
  t.true(out.includes('globalThis.__autoreload.enter(require("url").pathToFileURL(__filename).toString(), _ar$G, 4, (_ar$c) => eval(_ar$c), "{'));
});

// Behaviour: the modules of both routes evaluate to the same exports in a realm with the real core.
const realmCases = {
  "functions and values":
    "export const LIMIT = 2;\nexport let count = 0;\nexport function inc(by = 1) { count += by; return count; }\nexport const twice = (x) => x * LIMIT;\nexport default function () { return inc(LIMIT); }\nexport const results = [inc(), twice(3)];",
  classes:
    "export class A { static made = A.make(); static make() { return new A(); } x = 1; }\nexport default class { y = 2; }\nexport const C = class Named { static n = new Named(); };\nexport const made = [A.made instanceof A, new A().x, C.n instanceof C];",
  "default value": 'const base = { port: 1 };\nexport default { ...base, host: "h" };\nexport { base as config };',
  imports: 'import * as dep from "./dep";\nimport def from "./dep";\nexport const seen = [typeof dep, typeof def];\nexport function get() { return dep; }',
};
for (const [title, code] of Object.entries(realmCases)) {
  test(`direct route and two passes evaluate alike: ${title}`, async (t) => {
    for (const variant of Object.keys(variants)) {
      const autoreload = { moduleId: "file:///virtual/case.ts", runtimeImport: false };
      const one = transform(code, "/virtual/case.ts", variant, "direct", autoreload).code;
      const two = transform(code, "/virtual/case.ts", variant, "two-pass", autoreload).code;
      t.true(one.includes("_ar$m."), "instrumented");
      t.deepEqual(await run(one, "/virtual/case.ts"), await run(two, "/virtual/case.ts"), variant);
    }
  });
}

// Source maps: positions in the direct route's output map to the original file:line:column.
const mapSource = [
  'import { readFileSync } from "node:fs";', // 1
  "export function add(a: number, b = 1): number {", // 2
  "  return a + readFileSync(String(b)).length;", // 3
  "}", // 4
  "export const f = (x: number) => x * 2;", // 5
  "export class C { static s = new C(); m(): number { return add(1); } }", // 6
  "export const CONFIG = { port: 1 };", // 7
  "export default function () { return [CONFIG]; }", // 8
  'throw new Error("boom");', // 9
].join("\n");

function originalOf(code, map, needle) {
  const lines = code.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  const entry = new SourceMap(map).findEntry(line, lines[line].indexOf(needle));
  return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

for (const variant of Object.keys(variants)) {
  test(`source positions through the direct route (${variant})`, (t) => {
    const { code, map } = transform(mapSource, "/virtual/a.ts", variant, "direct");
    let json = map;
    if (json === undefined) {
      const url = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(.*)$/.exec(code);
      json = Buffer.from(url[1], "base64").toString();
    }
    const parsed = JSON.parse(json);
    t.is(parsed.sourcesContent[0], mapSource);
    const at = (needle) => originalOf(code, parsed, needle).replace(/^.*\/a\.ts/, "a.ts");
    t.is(at("return a + "), "a.ts:3:3");
    t.is(at("readFileSync)("), "a.ts:3:14");
    t.is(at("x * 2"), "a.ts:5:33");
    t.is(at("return add(1)"), "a.ts:6:52");
    t.is(at("return ["), "a.ts:8:30");
    t.is(at('new Error("boom")'), "a.ts:9:7");
  });
}

test("mappingsField reads and replaces the mappings of SWC's map JSON without parsing it", (t) => {
  const json = JSON.stringify({ version: 3, sources: ["a.ts"], sourcesContent: ['const s = "\\"mappings\\":\\"x\\"";'], names: [], mappings: "AAAA;CACA" });
  const field = mappingsField(json);
  t.is(field.mappings, "AAAA;CACA");
  t.deepEqual(JSON.parse(field.replace("AAAA,CAAC")), { ...JSON.parse(json), mappings: "AAAA,CAAC" });
  t.is(mappingsField('{"version":3,"mappings": "AAAA"}'), undefined); // not as SWC writes it: parsed instead
});
