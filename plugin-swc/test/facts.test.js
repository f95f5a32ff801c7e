// Statement facts (ABI 4, abi/src/facts.ts): one entry per top-level statement of the ORIGINAL
// source — TypeScript and JSX as written — with spans that slice that text exactly, whichever
// route SWC's output took (two passes, the direct CommonJS route); structural hashes that ignore
// comments and formatting; kinds, declared names and purity; TypeScript-only statements left out.
import test from "ava";
import swc from "@swc/core";
import { decodeFacts } from "@autoreload/abi";
import autoreload from "../dist/index.js";
import { transformWith } from "../dist/transform.js";
import { astSpans } from "./helpers/ast-spans.js";
import { cases, swcOptionsFor } from "./helpers/cases.js";
import { base, kindsTable, parserFor, readsCode, sources, tsOnlyCode } from "./helpers/fact-sources.js";

/** The routes a file can take: ES module output (one pass), CommonJS direct and in two passes. */
const ROUTES = {
  esm: { route: "auto", module: undefined },
  "cjs-direct": { route: "direct", module: { type: "commonjs" } },
  "cjs-two-pass": { route: "two-pass", module: { type: "commonjs" } },
};

function compile(code, filename, { route = "esm", autoreload: options = {}, swc: extra = {} } = {}) {
  const r = ROUTES[route];
  const swcOptions = {
    filename,
    swcrc: false,
    configFile: false,
    isModule: "unknown",
    sourceMaps: "inline",
    jsc: { parser: parserFor(filename), target: "es2022", keepClassNames: true, transform: { react: { runtime: "automatic" }, useDefineForClassFields: true } },
    ...(r.module ? { module: r.module } : {}),
    ...extra,
  };
  return transformWith(code, { filename, swcOptions, autoreload: { runtimeImport: false, ...options } }, r.route);
}

const factsOf = (code, filename, route) => compile(code, filename, { route }).facts;
const texts = (code, facts) => facts.statements.map((s) => code.slice(s.span[0], s.span[1]));

/** The facts' spans equal the spans SWC's own parser gives the original, statement by statement and function by function. */
function assertExact(t, code, filename, route) {
  const facts = factsOf(code, filename, route);
  t.truthy(facts, `${route}: facts`);
  t.is(facts.unpatchable, undefined, `${route}: ${facts.unpatchable}`);
  const oracle = astSpans(code, parserFor(filename), !/\.c[jt]s$/.test(filename));
  t.deepEqual(
    facts.statements.map((s) => s.span),
    oracle.statements,
    `${route}: statement spans`,
  );
  let cells = 0;
  for (const s of facts.statements) {
    for (const c of s.cells) {
      t.is(oracle.functions.get(c.span[0]), c.span[1], `${route}: cell ${JSON.stringify(code.slice(c.span[0], c.span[1]))}`);
      t.true(c.span[0] >= s.span[0] && c.span[1] <= s.span[1]);
      cells++;
    }
    if (s.exportSpan) t.regex(code.slice(s.exportSpan[0], s.exportSpan[1]), /^export(\s+default)?$/);
    t.is(s.line, code.slice(0, s.span[0]).split("\n").length);
  }
  return { facts, cells };
}

for (const [name, code] of Object.entries(sources)) {
  for (const route of Object.keys(ROUTES)) {
    test(`spans slice the original exactly: ${name} (${route})`, (t) => {
      const filename = `/virtual/${name}`;
      if (route === "cjs-direct" && name === "types.ts") {
        // its `import def` + `export default` of a class: the direct route applies; other files too
      }
      let result;
      try {
        result = assertExact(t, code, filename, route);
      } catch (error) {
        if (route === "cjs-direct" && error.constructor.name === "TwoPassNeeded") return t.pass("the direct route does not apply");
        throw error;
      }
      t.true(result.cells > 0, "cells were described");
    });
  }
}

test("the harness's transform cases: spans exact through every route", (t) => {
  let checked = 0;
  for (const c of cases) {
    for (const route of Object.keys(ROUTES)) {
      let out;
      try {
        out = transformWith(
          c.code,
          {
            filename: c.filename,
            swcOptions: { ...swcOptionsFor(c), ...(ROUTES[route].module ? { module: ROUTES[route].module } : {}) },
            autoreload: c.options,
          },
          ROUTES[route].route,
        );
      } catch (error) {
        if (error.constructor.name === "TwoPassNeeded") continue;
        throw error;
      }
      if (!out.facts) continue;
      const isModule = c.options.script ? false : /\.c[jt]s$/.test(c.name) ? false : true;
      let oracle;
      try {
        oracle = astSpans(c.code, swcOptionsFor(c).jsc.parser, isModule);
      } catch {
        oracle = astSpans(c.code, swcOptionsFor(c).jsc.parser, false);
      }
      t.deepEqual(
        out.facts.statements.map((s) => s.span),
        oracle.statements,
        `${c.name} (${route})`,
      );
      for (const s of out.facts.statements) for (const cell of s.cells) t.is(oracle.functions.get(cell.span[0]), cell.span[1], `${c.name} (${route})`);
      checked++;
    }
  }
  t.true(checked > 60);
});

test("the same facts from every route (two passes, direct CommonJS, ES module output)", (t) => {
  for (const name of ["module.mjs", "types.ts", "component.tsx"]) {
    const code = sources[name];
    const filename = `/virtual/${name}`;
    const esm = factsOf(code, filename, "esm");
    const twoPass = factsOf(code, filename, "cjs-two-pass");
    t.deepEqual(twoPass, esm, name);
    try {
      t.deepEqual(factsOf(code, filename, "cjs-direct"), esm, name);
    } catch (error) {
      if (error.constructor.name !== "TwoPassNeeded") throw error;
    }
  }
});

test("the code carries the facts it returns (the fifth argument of enter) and the evaluator", (t) => {
  for (const route of Object.keys(ROUTES)) {
    const out = compile(sources["module.mjs"], "/virtual/module.mjs", { route });
    const m = /globalThis\.__autoreload\.enter\(.+?, _ar\$G, 4, \(_ar\$c\)\s*=>\s*eval\(_ar\$c\), ("(?:[^"\\]|\\.)*")\);/.exec(out.code);
    t.truthy(m, route);
    t.deepEqual(decodeFacts(JSON.parse(m[1])), out.facts, route);
  }
});

test("spans slice exactly: what each statement and cell is", (t) => {
  const code = sources["types.ts"];
  const facts = factsOf(code, "/virtual/types.ts", "esm");
  const list = texts(code, facts);
  t.deepEqual(list.slice(0, 2), ['import { type D, e } from "./d";', 'import def, { f as g } from "./f";']);
  t.true(list.includes("function over(a: any) { return a; }"));
  t.true(list.includes("@dec class Dec { @prop m() {} }"));
  t.true(list.includes("@dec() export class Dec2 {}"));
  t.true(list.includes("let w = <T,>(x: T): (() => void) => () => {}"));
  t.true(list.includes("const cast = e as unknown as Record<string, () => void>"));
  t.true(list.includes("const after = function named<T>(this: unknown, a: T) { return a; }"));
  const cellTexts = facts.statements.flatMap((s) => s.cells.map((c) => code.slice(c.span[0], c.span[1])));
  t.true(cellTexts.includes("function generic<T extends { id: number }>(a: T, b: Map<string, T> = new Map()): T { return a; }"));
  t.true(cellTexts.includes("async (n: number): Promise<void> => { await n; }"));
  t.true(cellTexts.includes("<T,>(x: T): (() => void) => () => {}"));
  const decl = facts.statements.find((s) => s.declares[0] === "generic");
  t.is(code.slice(...decl.exportSpan), "export");
  t.is(code.slice(...decl.cells[0].nameSpan), "generic");
  t.is(decl.cells[0].key, "generic");
  const plain = sources["plain.js"];
  const pf = factsOf(plain, "/virtual/plain.js", "esm");
  const pTexts = texts(plain, pf);
  // a `;` at the start of a line ends the statement before it (as SWC's parser reads it)
  t.deepEqual(pTexts.slice(pTexts.indexOf("a"), pTexts.indexOf("a") + 3), ["a", "++hits\n;", "[1, 2].forEach((x) => x)"]);
  const methods = pf.statements.find((s) => s.declares[0] === "api").cells.map((c) => [c.form, plain.slice(c.span[0], c.span[1])]);
  t.deepEqual(methods, [
    ["method", "get() { return 1 }"],
    ["getter", "get label() { return 'L' }"],
    ["setter", "set label(v) {}"],
    ["method", "async *items() { yield 1 }"],
  ]);
  const par = pf.statements.find((s) => s.declares[0] === "par");
  t.is(plain.slice(...par.cells[0].span), "(x) => (x * 2)", "no surrounding parentheses, the body's own kept");
});

test("BOM, CRLF and non-ASCII text before a statement: spans in UTF-16 units of the text as given", (t) => {
  const code = sources["crlf-bom.js"];
  const facts = factsOf(code, "/virtual/x.js", "esm");
  t.deepEqual(texts(code, facts), [
    'const s = "é😀";',
    "export function f(a) {\r\n  return a;\r\n}",
    "export const g = (x) => x * 2;",
    'bus.on("x", () => {\r\n  s;\r\n});',
  ]);
  t.deepEqual(
    facts.statements.map((s) => s.line),
    [2, 3, 6, 7],
  );
  const u = sources["unicode.ts"];
  const uf = factsOf(u, "/virtual/u.ts", "esm");
  t.deepEqual(texts(u, uf), [
    'const ünïcödé = "日本語 😀";',
    "export const 𝑓 = (x: string) => x + ünïcödé;",
    "export function größe(a: number) { return a * 2; }",
    'export const obj = { "ключ"() { return 1; } };',
  ]);
  t.is(u.slice(...uf.statements[3].cells[0].span), '"ключ"() { return 1; }');
});

// --- what changes the facts ---

const sameExceptPositions = (a, b) => {
  const strip = (f) => ({
    ...f,
    statements: f.statements.map(({ span, line, exportSpan, ...s }) => ({ ...s, cells: s.cells.map(({ span: _s, nameSpan, ...c }) => c) })),
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
};

test("comments, whitespace and reformatting change only spans and lines", (t) => {
  const reformatted = [
    "// a new comment",
    'import {EventEmitter} from "node:events"',
    "",
    "export const bus = new EventEmitter() // trailing",
    "let hits: number = 0",
    'bus.on("req", (n: number) => {',
    "  /* a comment in a body */",
    "  hits += n",
    "})",
    "export function count(): number {",
    "  return hits",
    "}",
    "export const api = {",
    "  get() { return hits },",
    "  get label() { return `L${hits}` },",
    "}",
    "export class Store {",
    "  items = new Map<string, number>()",
    "  add(k: string) { this.items.set(k, hits) }",
    "}",
  ].join("\r\n");
  for (const route of Object.keys(ROUTES)) {
    const a = factsOf(base, "/virtual/x.ts", route);
    const b = factsOf(reformatted, "/virtual/x.ts", route);
    t.true(sameExceptPositions(a, b), route);
    t.notDeepEqual(
      a.statements.map((s) => s.span),
      b.statements.map((s) => s.span),
    );
  }
});

test("hashes ignore semicolons a formatter adds or removes, trailing commas and quote style, not a line break that changes meaning", (t) => {
  const body = (code, name = "h.mjs") => factsOf(code, `/virtual/${name}`, "esm").statements[0].cells[0].body;
  t.is(body("export function f() { a(); b(); }"), body("export function f() {\n  a()\n  b()\n}"));
  t.is(body("export function f() { return g(1, 2,); }"), body("export function f() {\n  return g(\n    1,\n    2,\n  )\n}"));
  t.is(body("export function f() { return 'x'; }"), body('export function f() { return "x"; }'));
  t.is(body("export function f() { return <div\n  a='1'\n  b={2}\n/>; }", "h.jsx"), body("export function f() { return <div a='1' b={2} />; }", "h.jsx"));
  t.not(body("export function f() { x = a\n(b) }"), body("export function f() { x = a;\n(b) }"), "a call, not two statements");
  t.not(body("export function f() { return [a,,]; }"), body("export function f() { return [a,]; }"), "a hole is not a trailing comma");
  t.not(body("export function f() { return 1; }"), body("export function f() { return 2; }"));
});

test("a body edit changes exactly that cell's body", (t) => {
  const a = factsOf(base, "/virtual/x.ts", "esm");
  const edits = [
    ["hits += n;", "hits += n * 10;", 3, 0],
    ["return hits; }\nexport const", "return hits + 1; }\nexport const", 4, 0],
    ["get() { return hits; }", "get() { return -hits; }", 5, 0],
    ["return `L${hits}`;", "return `L2:${hits}`;", 5, 1],
    ["(n: number) =>", "(n: number | string) =>", 3, 0], // a parameter's type is the cell's too
  ];
  for (const [from, to, statement, cell] of edits) {
    const b = factsOf(base.replace(from, to), "/virtual/x.ts", "esm");
    t.is(b.statements.length, a.statements.length);
    b.statements.forEach((s, i) => {
      t.is(s.shape, a.statements[i].shape, `${to}: shape of ${i}`);
      s.cells.forEach((c, j) => {
        if (i === statement && j === cell) t.not(c.body, a.statements[i].cells[j].body, to);
        else t.is(c.body, a.statements[i].cells[j].body, `${to}: body ${i}.${j}`);
        t.is(c.slot, a.statements[i].cells[j].slot);
      });
    });
  }
});

test("a change outside the cells' bodies changes that statement's shape (and only its)", (t) => {
  const a = factsOf(base, "/virtual/x.ts", "esm");
  const edits = [
    ['bus.on("req"', 'bus.on("request"', 3],
    ["let hits: number = 0;", "let hits: number = 1;", 2],
    ["get label()", "get title()", 5],
    ["get() { return hits; }", "get: () => hits", 5],
    ["items = new Map<string, number>();", "items = new Map<string, number>([]);", 6],
    ["add(k: string) { this.items.set(k, hits); }", "add(k: string) { this.items.set(k, -hits); }", 6], // a class is compared whole
    ["export const bus", "const bus", 1],
  ];
  for (const [from, to, changed] of edits) {
    const b = factsOf(base.replace(from, to), "/virtual/x.ts", "esm");
    b.statements.forEach((s, i) => (i === changed ? t.not(s.shape, a.statements[i].shape, to) : t.is(s.shape, a.statements[i].shape, `${to}: ${i}`)));
  }
});

test("kinds, declared names and purity", (t) => {
  const table = kindsTable;
  const code = table.map(([s]) => s).join("\n");
  const facts = factsOf(code, "/virtual/kinds.ts", "esm");
  t.is(facts.statements.length, table.length);
  facts.statements.forEach((s, i) => {
    const [text, kind, declares, pure] = table[i];
    t.is(code.slice(...s.span), text);
    t.is(s.kind, kind, text);
    t.deepEqual(s.declares, declares, text);
    t.is(s.pure, pure, text);
  });
});

test("TypeScript-only statements, empty statements and directives have no facts", (t) => {
  const code = tsOnlyCode;
  const facts = factsOf(code, "/virtual/ts-only.ts", "esm");
  t.deepEqual(texts(code, facts), ["export const kept = 1;"]);
});

test("a module calling eval() directly or using `with` is unpatchable", (t) => {
  const evalFacts = factsOf("function f(code) { return eval(code); }\nmodule.exports = { f };", "/virtual/e.js", "esm");
  t.regex(evalFacts.unpatchable, /eval\(\) directly/);
  const withFacts = compile("function f(o) { with (o) { return x; } }\nmodule.exports = { f };", "/virtual/w.cjs", { swc: { isModule: false } }).facts;
  t.regex(withFacts.unpatchable, /with statement/);
  const bound = compile("var eval = (c) => c;\nfunction f() {}\nmodule.exports = { f };", "/virtual/b.cjs", { swc: { isModule: false } }).facts;
  t.regex(bound.unpatchable, /declares its own eval/);
  // not a direct eval, not a with statement
  for (const code of [
    "const f = (c) => (0, eval)(c);\nexport { f };",
    "const g = (c) => globalThis.eval(c);\nexport { g };",
    "const arr = [1].with(0, 2);\nexport const o = { with(a) { return a; } };",
    "export class W { with(a) { return a; } }",
  ]) {
    t.is(factsOf(code, "/virtual/n.mjs", "esm").unpatchable, undefined, code);
  }
});

test("the JS-plugin route embeds facts that say it cannot describe the file", (t) => {
  const out = swc.transformSync("export function f() { return 1; }", {
    filename: "x.mjs",
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: "ecmascript" }, target: "es2022" },
    plugin: autoreload({ runtimeImport: false }),
  }).code;
  const m = /_ar\$G, 4, \(_ar\$c\)\s*=>\s*eval\(_ar\$c\), ("(?:[^"\\]|\\.)*")\)/.exec(out);
  t.truthy(m);
  const facts = decodeFacts(JSON.parse(m[1]));
  t.regex(facts.unpatchable, /JS-plugin route/);
  t.deepEqual(facts.statements, []);
  const listener = swc.transformSync("export function f() {}\nbus.on('x', (n) => n);", {
    filename: "x.mjs",
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: "ecmascript" }, target: "es2022" },
    plugin: autoreload({ runtimeImport: false }),
  }).code;
  t.false(listener.includes("_ar$r"), "no inline cells where no patch can reach them");
});

test("a file with a source map of its own is unpatchable (SWC's positions lead elsewhere); without source maps asked for, facts still come", (t) => {
  const mapped = compile("export function f() { return 1; }\n//# sourceMappingURL=data:application/json;base64,e30=", "/virtual/m.mjs").facts;
  t.regex(mapped.unpatchable, /source map of its own/);
  const noMaps = compile("export function f() { return 1; }", "/virtual/n.mjs", { swc: { sourceMaps: false } });
  t.is(noMaps.map, undefined);
  t.false(noMaps.code.includes("sourceMappingURL"));
  t.is(noMaps.facts.statements[0].cells.length, 1);
});

test("files left as written have no facts; patch: false gives none", (t) => {
  t.is(compile("const x = 1;\nconsole.log(x);", "/virtual/a.js").facts, undefined);
  t.is(compile("function f() { return _ar$m; }", "/virtual/b.js").facts, undefined);
  t.is(compile("export function f() {}", "/virtual/c.mjs", { autoreload: { patch: false } }).facts, undefined);
});

test("the hash is @autoreload/abi's StructureHash, fed from source ranges without making strings", async (t) => {
  const { StructureHash, hash8 } = await import("@autoreload/abi");
  const parts = ["", "a", "\u0002quoted", "é", "日本語", "😀", "x\u0000y", "\ud800", "function"];
  const text = parts.join("|");
  for (let n = 0; n <= parts.length; n++) {
    // The digest is hash8 of the parts joined by "\u0000", whether a part comes as a string or a range.
    const want = hash8(parts.slice(0, n).join("\u0000"));
    const got = new StructureHash();
    let at = 0;
    parts.slice(0, n).forEach((p, i) => {
      if (i % 2 === 0) got.add(p);
      else got.addRange(text, text.indexOf(p, at), text.indexOf(p, at) + p.length);
      at = text.indexOf(p, at) + p.length;
    });
    t.is(got.digest(), want, `${n} parts`);
  }
  t.is(new StructureHash().addRange("\u0002ab", 1, 3, 2).digest(), new StructureHash().add("\u0002ab").digest());
  t.is(new StructureHash().add(undefined).add(7).digest(), hash8("\u0001\u00007"));
});

test("the literal in the code is JSON.stringify(encodeFacts(facts)), written in one pass", async (t) => {
  const { encodeFacts } = await import("@autoreload/abi");
  const { factsLiteral } = await import("../dist/facts-literal.js");
  let checked = 0;
  for (const [name, code] of Object.entries(sources)) {
    const facts = factsOf(code, `/virtual/${name}`, "esm");
    t.is(factsLiteral(facts), JSON.stringify(encodeFacts(facts)), name);
    checked++;
  }
  const odd = {
    version: 1,
    unpatchable: 'a "quoted" \\ reason\n',
    statements: [
      {
        kind: "other",
        shape: "00000000",
        declares: ["ünï", "a\\u0041", "$x"],
        pure: false,
        span: [0, 1],
        line: 1,
        cells: [{ slot: 0, body: "11111111", form: "expression", span: [0, 1], key: 'exports["a-b"] é' }],
      },
    ],
  };
  t.is(factsLiteral(odd), JSON.stringify(encodeFacts(odd)));
  t.true(checked > 3);
});

test("reads: the module-scope names a statement (outside its cells) and a cell mention as variables", (t) => {
  const code = readsCode;
  const f = factsOf(code, "/virtual/r.mjs", "esm");
  const by = (i) => f.statements[i];
  t.deepEqual(by(0).reads, ["helper"]);
  t.deepEqual(by(1).reads, ["K"]);
  t.deepEqual(by(2).reads, ["L", "K", "M"], "declared names count where they appear; `{ K: 1 }` is a key, `{ L }` a read");
  t.deepEqual(by(4).reads, [], "the function is all cell");
  t.deepEqual(by(4).cells[0].reads, ["inc", "K", "count", "helper"]);
  t.deepEqual(by(5).reads, ["api", "M"]);
  t.deepEqual(by(5).cells[0].reads, ["L"], "obj.K is a property");
  t.deepEqual(by(6).reads, ["C", "K", "count"], "a class includes its members' bodies");
  t.deepEqual(by(7).reads, ["K"]);
});
