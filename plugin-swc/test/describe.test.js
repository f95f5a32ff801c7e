// describeSync: the facts transformSync would return, without compiling (a patch reload asks for
// them first). The same facts — or the same error — for every input of the transform cases and
// of facts.test.js, through every route (ES module output, CommonJS direct, CommonJS in two
// passes, a second pass that lowers), with the harness's options and with the runtime's.
import test from "ava";
import swc from "@swc/core";
import { describeSync, transformSync } from "../dist/index.js";
import { describeWith, forgetDescription, transformWith } from "../dist/transform.js";
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
    forgetDescription();
    const compiled = outcome(() => transformWith(code, options, route));
    const want = compiled.error ? compiled : { value: compiled.value.facts };
    const got = outcome(() => describeWith(code, options, route));
    t.deepEqual(got, want, `${label} (${name})`);
    // the compile that follows a description takes up its reading: the same output
    t.deepEqual(
      outcome(() => transformWith(code, options, route)),
      compiled,
      `${label} (${name}): compiled after the description`,
    );
    if (got.value !== undefined) described++;
  }
  return described;
}

/** describeSync equals transformSync's facts (or error), and the compile after it gives what a compile alone gives. */
function sameAsCompile(t, code, options, label) {
  forgetDescription();
  const compiled = outcome(() => transformSync(code, options));
  t.deepEqual(
    outcome(() => describeSync(code, options)),
    compiled.error ? compiled : { value: compiled.value.facts },
    label,
  );
  t.deepEqual(
    outcome(() => transformSync(code, options)),
    compiled,
    `${label}: compiled after the description`,
  );
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
        sameAsCompile(t, c.code, options, `${c.name} as the runtime compiles it (${format})`);
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
        sameAsCompile(t, code, options, `${filename} as the runtime compiles it (${format})`);
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

test("one SWC pass, never a second; the compile after it only edits (a second pass if it has one)", (t) => {
  const code = sources["types.ts"];
  const filename = "/virtual/types.ts";
  const calls = [];
  const original = swc.transformSync;
  swc.transformSync = (src, options) => {
    calls.push(options);
    return original.call(swc, src, options);
  };
  try {
    for (const [extra, second] of [
      [{}, 0],
      [{ module: CJS }, 0],
      [{ jsc: { parser: parserFor(filename), target: "es2017" } }, 1],
      [{ module: CJS, jsc: { parser: parserFor(filename), target: "es2017" } }, 1],
    ]) {
      const options = { filename, swcOptions: { ...runtimeOptions(filename, "module"), ...extra }, autoreload: { runtimeImport: false } };
      forgetDescription();
      const fresh = transformSync(code, options);
      calls.length = 0;
      const facts = describeSync(code, options);
      t.is(calls.length, 1, JSON.stringify(extra));
      t.is(calls[0].sourceMaps, true);
      calls.length = 0;
      t.deepEqual(transformSync(code, options), fresh);
      t.is(calls.length, second, "the description's pass is taken up");
      t.deepEqual(facts, fresh.facts);
      calls.length = 0;
      t.deepEqual(transformSync(code, options), fresh);
      t.is(calls.length, second + 1, "once only");
    }
  } finally {
    swc.transformSync = original;
  }
});

test("a description serves only a compile of the same text with the same options", (t) => {
  const code = sources["types.ts"];
  const filename = "/virtual/types.ts";
  const options = { filename, swcOptions: runtimeOptions(filename, "commonjs"), autoreload: { moduleId: filename, runtimeImport: false, reload: true } };
  const calls = [];
  const original = swc.transformSync;
  swc.transformSync = (src, o) => {
    calls.push(src);
    return original.call(swc, src, o);
  };
  try {
    forgetDescription();
    const fresh = transformSync(code, options);
    describeSync(code, options);
    calls.length = 0;
    // a patch's compile in between (other text), other plugin options, other SWC options: no match
    const patchText = code.replace(/\S/g, " ");
    transformSync(patchText, options);
    transformSync(code, { ...options, autoreload: { ...options.autoreload, reload: false } });
    transformSync(code, { ...options, swcOptions: runtimeOptions(filename, "module") });
    transformSync(code, { ...options, filename: "/virtual/other.ts", swcOptions: { ...options.swcOptions, filename: "/virtual/other.ts" } });
    t.is(calls.length, 4);
    calls.length = 0;
    t.deepEqual(transformSync(code, options), fresh, "the same text and options still find it");
    t.is(calls.length, 0);
    // a description of another file replaces it
    describeSync(code, options);
    describeSync("export const x = () => 1;", { ...options, filename: "/virtual/x.ts", swcOptions: { ...options.swcOptions, filename: "/virtual/x.ts" } });
    calls.length = 0;
    t.deepEqual(transformSync(code, options), fresh);
    t.is(calls.length, 1);
  } finally {
    swc.transformSync = original;
  }
});
