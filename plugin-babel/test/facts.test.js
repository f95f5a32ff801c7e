// Statement facts (ABI 4, docs/abi.md "ABI 4: evaluator, facts, inline cells"): what the plugin
// reports per top-level statement, so the runtime can patch only what an edit changed.
import test from "ava";
import { deepStrictEqual } from "node:assert";
import { createRequire } from "node:module";
import babel, { transformSync } from "@babel/core";
import { FACTS_VERSION, UNPATCHABLE_EVAL, UNPATCHABLE_WITH } from "@autoreload/abi";
import plugin, { describeProgram } from "../dist/index.js";

const require = createRequire(import.meta.url);
const presetTypeScript = require.resolve("@babel/preset-typescript");
const presetReact = require.resolve("@babel/preset-react");
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");

/**
 * Compiles `code` as the runtime does (TypeScript/React presets by extension, CommonJS output);
 * returns Babel's result. Every compile here also checks that `describeProgram` on the parsed
 * source (no compile) gives exactly the compile's facts (describe.test.js).
 */
function compile(code, filename = "/app/m.js", { options = {}, commonjs = true, syntax = [] } = {}) {
  const presets = [];
  if (/\.[cm]?tsx?$/.test(filename)) presets.push([presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]);
  if (/\.[jt]sx$/.test(filename)) presets.push(presetReact);
  const babelOptions = {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    presets,
    parserOpts: { plugins: syntax },
    plugins: [[plugin, { runtimeImport: false, ...options }], ...(commonjs ? [modulesCommonJS] : [])],
  };
  const result = transformSync(code, babelOptions);
  const described = describeProgram(babel, babel.parseSync(code, babelOptions), code, { filename, runtimeImport: false, ...options });
  deepStrictEqual(described, result.metadata.autoreload?.facts, `describeProgram differs from the compile's facts for ${filename}:\n${code}`);
  return result;
}
const factsOf = (code, filename, opts) => compile(code, filename, opts).metadata.autoreload?.facts;

/** The facts without where things are (spans and lines): what a formatting edit must not change. */
function placeless(facts) {
  return {
    ...facts,
    statements: facts.statements.map(({ span, exportSpan, line, cells, ...rest }) => ({
      ...rest,
      hasExport: exportSpan !== undefined,
      cells: cells.map(({ span: _s, nameSpan, ...cell }) => ({ ...cell, named: nameSpan !== undefined })),
    })),
  };
}

const texts = (source, facts) => facts.statements.map((s) => source.slice(s.span[0], s.span[1]));
const cellTexts = (source, facts) => facts.statements.flatMap((s) => s.cells.map((c) => source.slice(c.span[0], c.span[1])));

const MODULE = `import { readFileSync } from "node:fs";
let hits = 0;
export const LIMIT = 10 * 2;
export function add(a, b) { return a + b + LIMIT; }
export const twice = (x) => x * 2;
bus.on("req", (n) => { hits += n; });
export const api = { get() { return 1; }, get label() { return "l"; }, set label(v) { hits = v; }, async *items() { yield 1; } };
export class Store { size = 0; add(x) { this.size += x; return this; } }
export default function () { return readFileSync; }
`;

test("facts: one entry per statement, with the ABI's version, and the same facts on every compile", (t) => {
  const facts = factsOf(MODULE, "/app/m.mjs");
  t.is(facts.version, FACTS_VERSION);
  t.is(facts.unpatchable, undefined);
  t.is(facts.statements.length, 9);
  t.deepEqual(factsOf(MODULE, "/app/m.mjs"), facts);
  t.deepEqual(
    facts.statements.map((s) => s.line),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test("facts: comment-only, whitespace-only and reformatting edits change spans and lines only", (t) => {
  const before = factsOf(MODULE, "/app/m.mjs");
  const edits = {
    comments: MODULE.replace("let hits", "// state\nlet /* count */ hits")
      .replace("{ return a + b", "{ /* sum */ return a + b")
      .replace("(n) =>", "(n /* amount */) =>"),
    whitespace: MODULE.replace(/;\n/g, ";\n\n\n").replace(/ \{ /g, " {\n    ").replace("export function", "export   function"),
    reformatted: MODULE.replace('"node:fs"', "'node:fs'")
      .replace("10 * 2", "(10 * 2)")
      .replace("(x) => x * 2", "x => (x * 2)")
      .replace("hits += n; });", "hits += n })\n"),
    semicolons: MODULE.replace(/;$/gm, ""),
  };
  for (const [name, code] of Object.entries(edits)) {
    t.not(code, MODULE, name);
    t.deepEqual(placeless(factsOf(code, "/app/m.mjs")), placeless(before), name);
  }
});

test("facts: a body edit changes exactly that cell's body", (t) => {
  const before = factsOf(MODULE, "/app/m.mjs");
  const bodies = (facts) => facts.statements.flatMap((s) => s.cells.map((c) => c.body));
  const edits = [
    ["return a + b + LIMIT", "return a * b + LIMIT"], // declaration
    ["x * 2", "x * 3"], // const arrow
    ["hits += n;", "hits -= n;"], // inline arrow argument
    ["get() { return 1; }", "get() { return 2; }"], // method
    ['get label() { return "l"; }', 'get label() { return "m"; }'], // getter
    ["set label(v) { hits = v; }", "set label(v) { hits = v + 1; }"], // setter
    ["yield 1;", "yield 2;"], // async generator method
    ["return readFileSync;", "return null;"], // anonymous default function
    ["(a, b)", "(a, b, c)"], // parameters belong to the body
    ["export function add", "export async function add"], // and so do async and generator
  ];
  const all = bodies(before);
  edits.forEach(([from, to], changed) => {
    const after = factsOf(MODULE.replace(from, to), "/app/m.mjs");
    t.deepEqual(
      after.statements.map((s) => s.shape),
      before.statements.map((s) => s.shape),
      `${from}: shapes stay`,
    );
    const now = bodies(after);
    const cell = changed >= 8 ? 0 : changed;
    t.deepEqual(
      now.map((b, i) => b === all[i]),
      all.map((_, i) => i !== cell),
      `${from}: only cell ${cell} changed`,
    );
  });
});

test("facts: a change outside cell bodies changes that statement's shape", (t) => {
  const before = factsOf(MODULE, "/app/m.mjs");
  const edits = [
    ['"node:fs"', '"fs"', 0],
    ["let hits = 0", "let hits = 1", 1],
    ["let hits", "var hits", 1],
    ["10 * 2", "10 + 2", 2],
    ["10 * 2", "10 * 2.5", 2],
    ["export function add(a, b)", "export function sum(a, b)", 3],
    ["export const twice", "export let twice", 4],
    ['bus.on("req"', 'bus.on("res"', 5],
    ["bus.on(", "bus?.on(", 5],
    ["get label()", "get title()", 6],
    ["get() {", '["get"]() {', 6],
    ["size = 0;", "size = 1;", 7],
    ["this.size += x;", "this.size -= x;", 7], // a class is compared whole
    ["export default function () {", "export default function named() {", 8],
  ];
  for (const [from, to, statement] of edits) {
    const after = factsOf(MODULE.replace(from, to), "/app/m.mjs");
    t.deepEqual(
      after.statements.map((s, i) => s.shape === before.statements[i].shape),
      before.statements.map((_, i) => i !== statement),
      `${from} → ${to}`,
    );
  }
});

test("facts: spans slice the original source exactly (ESM, CommonJS, TypeScript, JSX, TSX)", (t) => {
  const sources = {
    "/app/m.mjs": [
      'import def, { a as b } from "./x.js";',
      "export const f = async (x) => {\n  return await x;\n};",
      "export async function later() {}",
      "export /* one */ default /* two */ class Named {}",
      'export { b, def as other } from "./y.js";',
      "app.get('/', (req, res) => res.send(1));",
    ],
    "/app/m.cjs": [
      '"use strict";',
      "const fs = require('fs');",
      "module.exports = function handler(req) { return req; };",
      "exports.x = (a) => a;",
      "module.exports.api = { get v() { return 1; }, m() {} };",
      "if (fs) { console.log(1); }",
    ],
    "/app/m.ts": [
      'import { readFileSync } from "node:fs";',
      "export const LIMIT: number = 10 as number;",
      "export function parse<T>(input: string, fallback?: T): T | number {\n  return Number(input) ?? fallback!;\n}",
      "export class Store<T extends { id: number }> {\n  private items = new Map<number, T>();\n  constructor(private readonly label: string) {}\n}",
      'export enum Color { Red = "red" }',
      "const handlers: Record<string, (n: number) => void> = { on: (n: number): void => {} };",
    ],
    "/app/m.jsx": [
      'import React from "react";',
      "export function App({ title }) {\n  return <div onClick={() => title}>{title}</div>;\n}",
      'export const el = <App title="x" render={(v) => <b>{v}</b>} />;',
    ],
    "/app/m.tsx": [
      'import React from "react";',
      "export const Badge = ({ label }: { label: string }) => <span>{label}</span>;",
      "export default class Page extends React.Component<{ n: number }> {\n  render() { return <p>{this.props.n}</p>; }\n}",
    ],
  };
  for (const [filename, statements] of Object.entries(sources)) {
    const source = statements.join("\n// between\n\n");
    const facts = factsOf(source, filename);
    t.deepEqual(texts(source, facts), filename === "/app/m.cjs" ? statements.slice(1) : statements, filename); // a directive is not a statement
    if (filename === "/app/m.mjs") t.is(source.slice(...facts.statements[3].exportSpan), "export /* one */ default");
  }
});

test("facts: cell spans, name spans and export spans", (t) => {
  const source = [
    "export async function load(id) { return id; }",
    "export default function () {}",
    "const inc = (x) => x + 1, named = function inner() {};",
    'export const api = { get label() { return "l"; }, set label(v) {}, async *items() {}, ["k" + 1]() {} };',
    "wrap(function () {}, async (a, ...rest) => a, ({ a }) => a);",
  ].join("\n");
  const facts = factsOf(source, "/app/m.mjs");
  t.deepEqual(cellTexts(source, facts), [
    "async function load(id) { return id; }",
    "function () {}",
    "(x) => x + 1",
    "function inner() {}",
    'get label() { return "l"; }',
    "set label(v) {}",
    "async *items() {}",
    '["k" + 1]() {}',
    "function () {}",
    "async (a, ...rest) => a",
    // `({ a }) => a`: not simple parameters, not a cell: its text is part of the statement's shape
  ]);
  const cells = facts.statements.flatMap((s) => s.cells);
  t.deepEqual(
    cells.map((c) => c.form),
    ["declaration", "declaration", "expression", "expression", "getter", "setter", "method", "method", "expression", "expression"],
  );
  t.deepEqual(
    cells.map((c) => c.key),
    ["load", "default", "inc", "named", undefined, undefined, undefined, undefined, undefined, undefined],
  );
  t.is(source.slice(...cells[0].nameSpan), "load");
  t.is(cells[1].nameSpan, undefined, "export default function () {} has no name");
  t.true(cells.slice(2).every((c) => c.nameSpan === undefined));
  t.deepEqual(
    facts.statements.map((s) => s.exportSpan && source.slice(...s.exportSpan)),
    ["export", "export default", undefined, "export", undefined],
  );
  t.deepEqual(new Set(cells.map((c) => c.slot)).size, cells.length, "slots are unique");
});

test("facts: spans index the text given to Babel: a BOM, CRLF line ends, non-ASCII text before", (t) => {
  const statements = [
    'const greeting = "héllo wörld 😀";',
    '// ünïcödé comment\r\nfunction shout(s) { return s.toUpperCase() + "‼"; }',
    "module.exports = { shout, greet: () => shout(greeting) };",
  ];
  const source = "\uFEFF" + statements.join("\r\n\r\n") + "\r\n";
  const facts = factsOf(source, "/app/bom.js");
  t.deepEqual(texts(source, facts), [statements[0], statements[1].slice(statements[1].indexOf("function")), statements[2]]);
  t.deepEqual(cellTexts(source, facts), ['function shout(s) { return s.toUpperCase() + "‼"; }', "() => shout(greeting)"]);
  t.deepEqual(
    facts.statements.map((s) => s.line),
    [1, 4, 6],
    "CRLF is one line end",
  );
  const ts = "\uFEFF// 日本語\r\nexport const n: number = 1;\r\n";
  t.deepEqual(texts(ts, factsOf(ts, "/app/bom.ts")), ["export const n: number = 1;"]);
});

test("facts: kinds, declared names and purity", (t) => {
  // [statement, kind, declares, pure, declarations it needs (after it)]; each compiled as a module of its own.
  const table = [
    ['import a, { b as c, type T } from "x";', "import", ["a", "c"], false],
    ['import * as ns from "x";', "import", ["ns"], false],
    ['export * from "x";', "reexport", [], false],
    ['export { a as z } from "x";', "reexport", [], false],
    ["function f() { sideEffect(); }", "function", ["f"], true],
    ["export async function* g() {}", "function", ["g"], true],
    ["export default function () {}", "function", [], true],
    ["export default function named() {}", "function", ["named"], true],
    ["class A { static x = 1; m() { run(); } }", "class", ["A"], true],
    ["class B extends A { static y = make(); }", "class", ["B"], false],
    ["class B2 extends mixin(A) {}", "class", ["B2"], false],
    ["class C { static { run(); } }", "class", ["C"], false],
    ["class D { [key()] = 1; }", "class", ["D"], false],
    ["class D2 { [KEY] = make(); static [KEY2] = 1; }", "class", ["D2"], true],
    ["@dec class E {}", "class", ["E"], false],
    ["class E2 { @dec m() {} }", "class", ["E2"], false],
    ["export default class {}", "class", [], true],
    ["const F = class { static z = [1, 2]; };", "class", ["F"], true],
    ["const F2 = class { static z = f(); };", "class", ["F2"], false],
    ["const k = 1, l = `t${k}`, m = -k + (k ? 2 : 3), n = { ...o, p: [k, ...q], r() {} }, s = () => run();", "const", ["k", "l", "m", "n", "s"], true],
    [
      "const t = a.b.c, u = a?.[k], v = typeof w, x = (!y || z) ?? 0, re = /x/g, big = 1n, seq = (a, b);",
      "const",
      ["t", "u", "v", "x", "re", "big", "seq"],
      true,
    ],
    ["const call = f();", "const", ["call"], false],
    ["const created = new Map();", "const", ["created"], false],
    ["const tagged = tag`x`;", "const", ["tagged"], false],
    ["const deleted = delete o.p;", "const", ["deleted"], false],
    ["const inOp = 'a' in o;", "const", ["inOp"], false],
    ["const meta = import.meta;", "const", ["meta"], false],
    ["const dynamic = import('x');", "const", ["dynamic"], false],
    ["const waited = await p;", "const", ["waited"], false],
    ["let counter = 0;", "let", ["counter"], true],
    ["let assigned = (x = 1);", "let", ["assigned"], false],
    ["let updated = x++;", "let", ["updated"], false],
    ["var { p1, p2: [p3] = [], ...p4 } = obj;", "var", ["p1", "p3", "p4"], false],
    ["var { q1, q2: { q3 = 1 } } = obj;", "var", ["q1", "q3"], true],
    ["var { q4 = f() } = obj;", "var", ["q4"], false],
    ["let uninit;", "let", ["uninit"], true],
    ["export { a, c as d };", "other", [], false, "const a = 1, c = 2;"],
    ["export default { port: 1 };", "other", [], false],
    ["export default 42;", "other", [], false],
    ["console.log(1);", "other", [], false],
    ["for (var i = 0; i < 1; i++) { var j; }", "other", ["i", "j"], false],
    ["if (a) { let hidden = 1; }", "other", [], false],
  ];
  for (const [code, kind, declares, pure, needs] of table) {
    const facts = factsOf(`${code}\n${needs ?? ""}\nexport function keep() {}`, "/app/table.ts", { syntax: ["decorators"] });
    const s = facts.statements[0];
    t.deepEqual({ kind: s.kind, declares: s.declares, pure: s.pure }, { kind, declares, pure }, code);
  }
  const cjs = factsOf("const x = require('x');\nmodule.exports = { x };\nexports.y = function () {};\n", "/app/c.js");
  t.deepEqual(
    cjs.statements.map((s) => [s.kind, s.declares, s.pure]),
    [
      ["const", ["x"], false],
      ["other", [], false],
      ["other", [], false],
    ],
  );
  t.is(cjs.statements[2].cells[0].key, "exports.y");
  const ts = factsOf('import fs = require("fs");\nexport enum E { A }\nexport const C = class {} as unknown as Function;\n', "/app/e.ts");
  t.deepEqual(
    ts.statements.map((s) => [s.kind, s.declares, s.pure]),
    [
      ["import", ["fs"], false],
      ["other", ["E"], false],
      ["class", ["C"], true],
    ],
  );
});

test("facts: TypeScript-only statements are left out", (t) => {
  const kept = [
    'import { type A, b } from "x";',
    "export const n: number = 1;",
    "function o(a: any) { return a; }",
    "enum E { A }",
    "namespace N { export const q = 1; }",
    "export abstract class K { abstract m(): void; }",
  ];
  const typeOnly = [
    'import type { T } from "x";',
    "interface I { a: 1 }",
    "export interface J { b: 2 }",
    "type U = 1;",
    "export type V = 2;",
    "declare const d: number;",
    "export declare function df(): void;",
    "declare class DC {}",
    "declare enum DE { A }",
    "export type { U };",
    "export { type I as J2 };",
    'export type * from "x";',
    "function o(a: string): void;",
    "namespace M { export type Q = 1; }",
    'declare module "m" { export const z: 1; }',
    "declare global { interface Window { x: 1 } }",
    ";",
  ];
  const source = [...typeOnly.slice(0, 12), kept[0], kept[1], typeOnly[12], kept[2], ...typeOnly.slice(13), ...kept.slice(3)].join("\n");
  const facts = factsOf(source, "/app/types.ts");
  t.deepEqual(texts(source, facts), kept);
  t.deepEqual(
    facts.statements.map((s) => s.declares),
    [["b"], ["n"], ["o"], ["E"], ["N"], ["K"]],
  );
});

test("facts: direct eval and with make the module unpatchable", (t) => {
  const unpatchable = (code, filename = "/app/u.js") => factsOf(code, filename)?.unpatchable;
  t.is(unpatchable("function f(s) { return eval(s); }\nmodule.exports = f;"), UNPATCHABLE_EVAL);
  t.is(unpatchable("const g = () => (eval)('1');\nmodule.exports = g;"), UNPATCHABLE_EVAL, "parentheses do not make it indirect");
  t.is(unpatchable("function f(s) { with (s) { return x; } }\nmodule.exports = f;"), UNPATCHABLE_WITH);
  t.is(unpatchable("function f(eval, s) { return eval(s); }\nmodule.exports = f;"), undefined, "a parameter named eval is not the global");
  t.is(unpatchable("const f = (s) => (0, eval)(s);\nmodule.exports = f;"), undefined, "an indirect eval runs in the global scope");
  t.is(unpatchable("const f = (s) => eval?.(s);\nmodule.exports = f;"), undefined, "an optional call is an indirect eval");
  t.is(unpatchable("export const f = (s) => globalThis.eval(s);", "/app/u.mjs"), undefined);
  t.is(
    unpatchable("var eval = (s) => s;\nfunction f() { return eval('1'); }\nmodule.exports = f;"),
    "the module binds the name eval: its evaluator would not run code in the module scope",
  );
  t.is(unpatchable("module.exports = function () {};"), undefined, "the emitted evaluator is not the module's eval");
});

test("facts: a file left as written has none; patch: false emits neither evaluator nor facts", (t) => {
  t.is(compile("const x = 1;\nconsole.log(x);", "/app/n.js").metadata.autoreload, undefined);
  const off = compile("function f() {}\nsetTimeout(() => f());", "/app/p.js", { options: { patch: false }, commonjs: false });
  t.is(off.metadata.autoreload, undefined);
  t.regex(off.code, /globalThis\.__autoreload\.enter\(__filename, _ar\$G, 4\);/);
  t.notRegex(off.code, /eval/);
  t.regex(off.code, /setTimeout\(\(\) => f\(\)\);/, "no inline cells without patch (nothing could patch them)");
});

test("facts: statements another plugin made before this one have no positions: the module is unpatchable", (t) => {
  const before = ({ types: bt }) => ({
    visitor: {
      Program(path) {
        path.unshiftContainer("body", bt.expressionStatement(bt.callExpression(bt.identifier("made"), [])));
      },
    },
  });
  const result = transformSync("function f() {}\nmodule.exports = f;", {
    filename: "/app/g.js",
    babelrc: false,
    configFile: false,
    plugins: [before, [plugin, { runtimeImport: false }]],
  });
  t.regex(result.metadata.autoreload.facts.unpatchable, /could not describe the statement at line \?/);
  // A function another plugin put into a statement of the source: the statement has a span, its cell none.
  const inside = ({ types: bt }) => ({
    visitor: {
      Program(path) {
        path.node.body[0].expression.arguments.push(bt.arrowFunctionExpression([], bt.numericLiteral(1)));
      },
    },
  });
  const made = transformSync("on(1);\nmodule.exports = 1;", {
    filename: "/app/h.js",
    babelrc: false,
    configFile: false,
    plugins: [inside, [plugin, { runtimeImport: false }]],
  });
  t.regex(made.metadata.autoreload.facts.unpatchable, /could not describe the statement at line 1 \(a function in it has no source position/);
});

test("facts: reads — the module-scope names each statement and each cell mentions as variables", (t) => {
  const source = `import { K as Q } from "k";
const K = 1, L = K * 2;
function f(x) { const K = 3; return K + L + x; }
app.listen(PORT, () => console.log(L));
export const api = { [L]() { return f(Q); }, get g() { return K; }, h: K };
class C { static s = L; m() { return new C(); } }
let n = 0; n++;
export { n as count };
`;
  const facts = factsOf(source, "/app/reads.mjs");
  t.deepEqual(
    facts.statements.map((s) => [s.reads, s.cells.map((c) => c.reads)]),
    [
      [[], []],
      [["K"], []],
      [[], [["L"]]], // the local K shadows the module's
      [[], [["L"]]], // app and PORT are globals
      [
        ["K", "L"],
        [["Q", "f"], ["K"]],
      ], // a method's computed key is the statement's; `export const api` is no read of api
      [["C", "L"], []], // a class is read whole
      [[], []],
      [["n"], []],
      [["n"], []],
    ],
  );
});
