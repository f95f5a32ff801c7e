// Decisions of docs/abi.md that the shared case list does not show on its own.
import test from "ava";
import swc from "@swc/core";
import { transformSync } from "../dist/index.js";
import { instrument } from "../dist/instrument.js";
import { resolveOptions } from "../dist/options.js";

const js = (code, filename = "/virtual/x.js") =>
  transformSync(code, { filename, swcOptions: { isModule: "unknown", jsc: { parser: { syntax: "ecmascript" }, target: "es2022" } } }).code;
const plain = (code, filename = "/virtual/x.js") =>
  swc.transformSync(code, { filename, swcrc: false, configFile: false, isModule: "unknown", jsc: { parser: { syntax: "ecmascript" }, target: "es2022" } }).code;

test("two constructs with the same key are both left as written; the others are renumbered", (t) => {
  const out = js("exports.x = function () {};\nexports.x = function () {};\nexports.y = () => 1;\n");
  t.false(out.includes('"exports.x"'));
  t.true(out.includes('_ar$m.fn("exports.y", (..._ar$r)=>_ar$G.$0 !== undefined'));
});

test("a file that binds `undefined` gets `void 0` in the emitted code", (t) => {
  const out = js("function f(a, undefined) { return a; }\nmodule.exports = { f };\n");
  t.true(
    out.includes(
      "if (_ar$G.$0 !== void 0) return new.target === void 0 ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);",
    ),
  );
});

test("a file that references _ar$m or _ar$G is left alone (instrumented already)", (t) => {
  const code = "const h = _ar$m.hot;\nfunction f() {}\nmodule.exports = { f, h };\n";
  t.is(js(code), plain(code));
  t.false(js(code).includes("enter("));
});

test(".mjs is ESM even without import/export", (t) => {
  const out = js("function f() {}\nf();\n", "/virtual/x.mjs");
  t.true(
    out.startsWith(
      'import "autoreload/install";\nfunction _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 4, (_ar$c) => eval(_ar$c), "{',
    ),
  );
});

test("a TypeScript file whose imports are all types stays ESM", (t) => {
  const out = transformSync('import type { A } from "./a";\nexport function f(a: A) { return a; }\n'.replace("export ", ""), {
    filename: "/virtual/x.ts",
    swcOptions: { jsc: { parser: { syntax: "typescript" }, target: "es2022" } },
  }).code;
  t.true(out.includes("import.meta.url"));
});

test("SWC's injected helpers are not instrumented", (t) => {
  const out = transformSync("@dec class A { m() {} }\nexport { A };\n", {
    filename: "/virtual/x.ts",
    swcOptions: { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2022" } },
  }).code;
  t.true(out.includes("function _ts_decorate("));
  t.false(out.includes('"_ts_decorate"'));
  t.true(out.includes('A = _ar$m.cls("A"'));
});

test("unknown plugin options are reported with the known ones", (t) => {
  t.throws(() => transformSync("function f() {}", { autoreload: { moduleID: "x" } }), {
    message: /unknown option "moduleID".*moduleId, runtimeImport, script/,
  });
});

test("text the tokenizer does not understand is left as it is", (t) => {
  t.is(instrument({ code: "function f() { return `unterminated; }", options: resolveOptions({}) }), undefined);
  t.is(instrument({ code: "function f() { return (1; }", options: resolveOptions({}) }), undefined);
});
