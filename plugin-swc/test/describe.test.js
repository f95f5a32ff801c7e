// describeSync: the facts transformSync would return, without compiling (a patch reload asks for
// them first). The same facts — or the same error — for every input of the transform cases and
// of facts.test.js, through every route (ES module output, CommonJS direct, CommonJS in two
// passes, a second pass that lowers), with the harness's options and with the runtime's.
import test from "ava";
import swc from "@swc/core";
import { describeSync, transformSync } from "../dist/index.js";
import { describeWith, transformWith } from "../dist/transform.js";
import { cases, swcOptionsFor } from "./helpers/cases.js";
import { base, kindsTable, parserFor, readsCode, sources, tsOnlyCode } from "./helpers/fact-sources.js";

const CJS = { type: "commonjs" };
/** [route, module, extra SWC options]: the routes transformWith can take. */
const ROUTES = {
  esm: ["auto", undefined, {}],
  "cjs-auto": ["auto", CJS, {}],
  "cjs-direct": ["direct", CJS, {}],
  "cjs-two-pass": ["two-pass", CJS, {}],
  "esm-lowered": ["auto", undefined, { jsc: { target: "es2017" } }],
  "cjs-lowered": ["auto", CJS, { jsc: { target: "es2017" } }],
};

/** The options runtime/src/node/compile/swc.ts compiles with. */
function runtimeOptions(filename, format) {
  const ts = /\.[cm]?tsx?$/.test(filename);
  const parser = ts
    ? { syntax: "typescript", tsx: filename.endsWith(".tsx"), decorators: true }
    : { syntax: "ecmascript", jsx: /\.[jt]sx$/.test(filename), decorators: true, importAttributes: true };
  return {
    filename,
    sourceMaps: "inline",
    isModule: format === "module" ? true : "unknown",
    swcrc: false,
    configFile: false,
    jsc: {
      parser,
      target: "es2022",
      keepClassNames: true,
      transform: { react: { runtime: "automatic" }, useDefineForClassFields: true },
      experimental: { keepImportAttributes: true },
    },
    ...(format === "commonjs" ? { module: { type: "commonjs", ignoreDynamic: true } } : {}),
  };
}

/** What a call gives: its value, or the error it throws (its class and message). */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: { name: error?.constructor?.name, message: String(error?.message ?? error) } };
  }
}

/** describeWith equals transformWith's facts through every route; returns how many gave facts. */
function sameThroughEveryRoute(t, code, filename, swcOptions, autoreload, label) {
  let described = 0;
  for (const [name, [route, module, extra]] of Object.entries(ROUTES)) {
    const options = { filename, swcOptions: { ...swcOptions, ...(module ? { module } : {}), jsc: { ...swcOptions.jsc, ...extra.jsc } }, autoreload };
    const want = outcome(() => transformWith(code, options, route).facts);
    const got = outcome(() => describeWith(code, options, route));
    t.deepEqual(got, want, `${label} (${name})`);
    if (got.value !== undefined) described++;
  }
  return described;
}

const AUTORELOAD_VARIANTS = [{}, { reload: true }, { patch: false }];

test("the harness's transform cases: describe gives transformSync's facts, every route, harness and runtime options", (t) => {
  let described = 0;
  for (const c of cases) {
    for (const variant of AUTORELOAD_VARIANTS) {
      const autoreload = { ...c.options, ...variant };
      described += sameThroughEveryRoute(t, c.code, c.filename, swcOptionsFor(c), autoreload, `${c.name} ${JSON.stringify(variant)}`);
      for (const format of ["commonjs", "module"]) {
        const options = {
          filename: c.filename,
          swcOptions: runtimeOptions(c.filename, format),
          autoreload: { moduleId: c.filename, runtimeImport: false, ...autoreload },
        };
        t.deepEqual(
          outcome(() => describeSync(c.code, options)),
          outcome(() => transformSync(c.code, options).facts),
          `${c.name} as the runtime compiles it (${format})`,
        );
      }
    }
  }
  t.true(described > 300, `${described} descriptions`);
});

/** facts.test.js's inputs, with the file names it gives them. */
const factInputs = [
  ...Object.entries(sources).map(([name, code]) => [`/virtual/${name}`, code]),
  ["/virtual/x.ts", base],
  ["/virtual/kinds.ts", kindsTable.map(([s]) => s).join("\n")],
  ["/virtual/ts-only.ts", tsOnlyCode],
  ["/virtual/r.mjs", readsCode],
  ["/virtual/e.js", "function f(code) { return eval(code); }\nmodule.exports = { f };"],
  ["/virtual/w.cjs", "function f(o) { with (o) { return x; } }\nmodule.exports = { f };"],
  ["/virtual/b.cjs", "var eval = (c) => c;\nfunction f() {}\nmodule.exports = { f };"],
  ["/virtual/n.mjs", "const f = (c) => (0, eval)(c);\nexport { f };"],
  ["/virtual/n.mjs", "const arr = [1].with(0, 2);\nexport const o = { with(a) { return a; } };"],
  ["/virtual/m.mjs", "export function f() { return 1; }\n//# sourceMappingURL=data:application/json;base64,e30="],
  ["/virtual/a.js", "const x = 1;\nconsole.log(x);"],
  ["/virtual/b.js", "function f() { return _ar$m; }"],
  ["/virtual/h.jsx", "export function f() { return <div\n  a='1'\n  b={2}\n/>; }"],
  ["/virtual/f.mjs", "let frozen = 1, other = [2];\nlet assigned = 0;\nexport function bump() { assigned++; return frozen + other[0]; }"],
];

test("facts.test.js's inputs: describe gives transformSync's facts, every route, harness and runtime options", (t) => {
  let described = 0;
  for (const [filename, code] of factInputs) {
    const swcOptions = {
      filename,
      swcrc: false,
      configFile: false,
      isModule: "unknown",
      sourceMaps: "inline",
      jsc: {
        parser: parserFor(filename),
        target: "es2022",
        keepClassNames: true,
        transform: { react: { runtime: "automatic" }, useDefineForClassFields: true },
      },
    };
    for (const variant of AUTORELOAD_VARIANTS) {
      const autoreload = { runtimeImport: false, ...variant };
      described += sameThroughEveryRoute(t, code, filename, swcOptions, autoreload, `${filename} ${JSON.stringify(variant)}`);
      described += sameThroughEveryRoute(t, code, filename, { ...swcOptions, sourceMaps: false }, autoreload, `${filename} without source maps`);
      for (const format of ["commonjs", "module"]) {
        const options = { filename, swcOptions: runtimeOptions(filename, format), autoreload: { moduleId: filename, runtimeImport: false, ...variant } };
        t.deepEqual(
          outcome(() => describeSync(code, options)),
          outcome(() => transformSync(code, options).facts),
          `${filename} as the runtime compiles it (${format})`,
        );
      }
    }
  }
  t.true(described > 200, `${described} descriptions`);
});

test("a syntax error throws what transformSync throws", (t) => {
  const bad = [
    ["/virtual/bad.js", "const = 1;"],
    ["/virtual/bad.mjs", "export function f( {\n"],
    ["/virtual/bad.cjs", "module.exports = {"],
    ["/virtual/bad.ts", "let x: = 1;\nexport {};"],
    ["/virtual/bad.tsx", "export const A = () => <div>;"],
    ["/virtual/strict.mjs", "export function f(o) {\n  with (o) {}\n}"], // an early error of strict mode
  ];
  for (const [filename, code] of bad) {
    for (const format of ["commonjs", "module"]) {
      for (const variant of AUTORELOAD_VARIANTS) {
        const options = { filename, swcOptions: runtimeOptions(filename, format), autoreload: { moduleId: filename, runtimeImport: false, ...variant } };
        const want = outcome(() => transformSync(code, options).facts);
        t.truthy(want.error, `${filename} (${format}) does not compile`);
        t.deepEqual(
          outcome(() => describeSync(code, options)),
          want,
          `${filename} (${format}) ${JSON.stringify(variant)}`,
        );
      }
    }
  }
});

test("one SWC pass, never a second", (t) => {
  const code = sources["types.ts"];
  const filename = "/virtual/types.ts";
  const calls = [];
  const original = swc.transformSync;
  swc.transformSync = (src, options) => {
    calls.push(options);
    return original.call(swc, src, options);
  };
  try {
    for (const extra of [
      {},
      { module: CJS },
      { jsc: { parser: parserFor(filename), target: "es2017" } },
      { module: CJS, jsc: { parser: parserFor(filename), target: "es2017" } },
    ]) {
      const options = { filename, swcOptions: { ...runtimeOptions(filename, "module"), ...extra }, autoreload: { runtimeImport: false } };
      calls.length = 0;
      const facts = describeSync(code, options);
      t.is(calls.length, 1, JSON.stringify(extra));
      t.is(calls[0].sourceMaps, true);
      calls.length = 0;
      t.deepEqual(facts, transformSync(code, options).facts);
      t.true(calls.length >= 1);
    }
  } finally {
    swc.transformSync = original;
  }
  t.true(calls.length >= 1, "the plugin's SWC calls went through the wrapper");
});
