// Frozen lets (option `patch`, docs/abi.md "ABI 4"): a top-level `let` that nothing in the module
// assigns after its initializer is emitted as `const`, and its statement facts say `frozen`. With
// the module's evaluator (a direct eval) in scope V8 treats every module `let` as maybe assigned:
// each read is a load; a `const` it can fold. The code must behave as written.
import test from "ava";
import { deepStrictEqual } from "node:assert";
import { createRequire } from "node:module";
import babel from "@babel/core";
import { decodeFacts, UNPATCHABLE_EVAL, UNPATCHABLE_WITH } from "@autoreload/abi";
import { createRuntime } from "autoreload/core";
import { vmRealm } from "@autoreload/harness/reload-realm";
import plugin, { describeProgram } from "../dist/index.js";
import { run } from "./helpers/realm.js";

const require = createRequire(import.meta.url);
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");

/** As the runtime compiles (CommonJS output); checks that describeProgram reports the same facts. */
function compile(code, filename = "/app/m.mjs", { options = {}, commonjs = true, withPlugin = true } = {}) {
  const babelOptions = {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    plugins: [...(withPlugin ? [[plugin, { runtimeImport: false, ...options }]] : []), ...(commonjs ? [modulesCommonJS] : [])],
  };
  const result = babel.transformSync(code, babelOptions);
  if (withPlugin) {
    const described = describeProgram(babel, babel.parseSync(code, babelOptions), code, { filename, runtimeImport: false, ...options });
    deepStrictEqual(described, result.metadata.autoreload?.facts);
  }
  return { code: result.code, facts: result.metadata.autoreload?.facts };
}

/** The `declares` of the statements whose facts say frozen. */
const frozenNames = (facts) => facts.statements.filter((s) => s.frozen).map((s) => s.declares);

test("a top-level let nothing assigns is emitted as const; its facts say frozen (and keep kind let)", (t) => {
  const source = [
    "let fixed = 1, also = [fixed];",
    "let { a, b: [c = 2, ...rest] } = { a: 1, b: [] };",
    "let handler = () => fixed;", // a cell: the initializer is replaced, the declaration kept
    "let Klass = class {};",
    "export function sum() { return fixed + also.length + a + c + rest.length + handler() + typeof Klass.length; }",
  ].join("\n");
  const { code, facts } = compile(source, "/app/m.mjs", { commonjs: false });
  t.regex(code, /^const fixed = 1,\n {2}also = \[fixed\];$/m);
  t.regex(code, /^const \{\n {2}a,/m);
  t.regex(code, /^const handler = _ar\$m\.fn\("handler"/m);
  t.regex(code, /^const Klass = _ar\$m\.cls\("Klass"/m);
  t.notRegex(code, /^let /m);
  t.deepEqual(frozenNames(facts), [["fixed", "also"], ["a", "c", "rest"], ["handler"], ["Klass"]]);
  t.deepEqual(
    facts.statements.map((s) => s.kind),
    ["let", "let", "let", "class", "function"],
  );
  t.is(facts.statements[4].frozen, undefined);
  // The facts in the emitted code say the same.
  const embedded = /enter\([^,]+, _ar\$G, 4, _ar\$c => eval\(_ar\$c\), ("(?:[^"\\]|\\.)*")\)/.exec(code);
  t.deepEqual(decodeFacts(JSON.parse(embedded[1])), facts);
});

test("a let the module assigns anywhere, or writes through an export, stays a let", (t) => {
  const source = [
    "let counted = 0;",
    "let viaBlock = 0;",
    "let noInit;",
    "let pattern = 0;",
    "let object = 0;",
    "let loop = 0;",
    "let defaulted = 0;",
    "let field = 0;",
    "let inMethod = 0;",
    "let twice = 0, once = 1;", // one assigned name keeps the whole declaration a let
    "export let exported = 1;",
    "let listed = 2;",
    "let renamed = 3;",
    "export { listed, renamed as other };",
    "for (loop of [1, 2]);",
    "export function bump() { counted++; { viaBlock += 1; } [pattern] = [1]; ({ object } = { object: 2 }); twice = 2; }",
    "export function withDefault(p = (defaulted = 1)) { return p; }",
    "export class Fields { f = (field = 1); }",
    "export const api = { m() { return () => { inMethod ||= 1; }; } };",
    "export const all = () => [counted, viaBlock, noInit, pattern, object, loop, defaulted, field, inMethod, twice, once, exported, listed, renamed];",
  ].join("\n");
  const { code, facts } = compile(source, "/app/m.mjs", { commonjs: false });
  for (const name of [
    "counted",
    "viaBlock",
    "noInit",
    "pattern",
    "object",
    "loop",
    "defaulted",
    "field",
    "inMethod",
    "twice",
    "exported",
    "listed",
    "renamed",
  ]) {
    t.regex(code, new RegExp(`^(export )?let ${name}\\b`, "m"), name);
  }
  t.deepEqual(frozenNames(facts), []);
});

test("only top-level lets: in blocks, functions and loop heads they are left alone", (t) => {
  const source =
    "{ let inBlock = 1; console.log(inBlock); }\nfor (let i = 0; i < 1; i++) console.log(i);\nexport function f() { let local = 1; return local; }\n";
  const { code, facts } = compile(source, "/app/m.mjs", { commonjs: false });
  t.regex(code, /let inBlock = 1/);
  t.regex(code, /for \(let i = 0;/);
  t.regex(code, /let local = 1/);
  t.deepEqual(frozenNames(facts), []);
});

test("no frozen lets with patch: false, in a module with eval or with, in classic scripts; none alone makes a file instrumented", (t) => {
  const source = "let fixed = 1;\nexport function get() { return fixed; }\n";
  t.regex(compile(source, "/app/m.mjs", { options: { patch: false }, commonjs: false }).code, /^let fixed = 1;$/m);
  const evals = compile(`${source}export const run = (s) => eval(s);\n`, "/app/m.mjs", { commonjs: false });
  t.regex(evals.code, /^let fixed = 1;$/m, "an eval in the module could assign it");
  t.is(evals.facts.unpatchable, UNPATCHABLE_EVAL);
  t.deepEqual(frozenNames(evals.facts), []);
  const withs = compile("let fixed = 1;\nfunction get(o) { with (o) { return fixed; } }\nmodule.exports = get;\n", "/app/w.js", { commonjs: false });
  t.regex(withs.code, /^let fixed = 1;$/m);
  t.is(withs.facts.unpatchable, UNPATCHABLE_WITH);
  t.deepEqual(frozenNames(withs.facts), []);
  const script = compile("let shared = 1;\nfunction get() { return shared; }\n", "/app/s.js", {
    commonjs: false,
    options: { script: true, moduleId: "file:///app/s.js" },
  });
  t.regex(script.code, /^let shared = 1;$/m, "another script can assign a global let");
  t.deepEqual(frozenNames(script.facts), []);
  const plain = "let a = 1;\nconsole.log(a);\n";
  const untouched = compile(plain, "/app/plain.js", { commonjs: false });
  t.is(untouched.facts, undefined);
  t.is(untouched.code, compile(plain, "/app/plain.js", { commonjs: false, withPlugin: false }).code);
});

test("frozen lets behave as written: values, the temporal dead zone, its error", async (t) => {
  const source = `"use strict";
function early() { return K; }
let tdz = "none";
try { early(); } catch (e) { tdz = e.constructor.name + ": " + e.message; }
let typeofTdz = "none";
try { typeof later; } catch (e) { typeofTdz = e.constructor.name + ": " + e.message; }
let K = 3, { a, b: [c] } = { a: 1, b: [2] };
let later = () => K * 2;
function read() { return [K, a, c, later(), tdz, typeofTdz]; }
module.exports = { read };
`;
  const instrumented = compile(source, "/app/tdz.js");
  t.regex(instrumented.code, /^const K = 3,$/m);
  t.regex(instrumented.code, /^let tdz = "none";$/m);
  t.deepEqual(frozenNames(instrumented.facts), [["K", "a", "c"], ["later"]]);
  const probe = "async (m) => m.read()";
  const plain = await run(compile(source, "/app/tdz.js", { withPlugin: false }).code, { kind: "commonjs", filename: "/app/tdz.js", probe });
  const ours = await run(instrumented.code, { kind: "commonjs", filename: "/app/tdz.js", probe });
  t.deepEqual(ours.probed, plain.probed);
  t.deepEqual(plain.probed, [
    3,
    1,
    2,
    6,
    "ReferenceError: Cannot access 'K' before initialization",
    "ReferenceError: Cannot access 'later' before initialization",
  ]);
  t.is(ours.threw, undefined);
});

test("the evaluator reads a frozen let; assigning one throws (a patch that would is a full reload)", (t) => {
  const runtime = createRuntime();
  const entered = new Map();
  const recording = Object.create(runtime);
  recording.enter = (id, token, abi, evaluate, facts) => {
    entered.set(id, { evaluate, facts: decodeFacts(facts) });
    return runtime.enter(id, token, abi, evaluate, facts);
  };
  const realm = vmRealm(recording, { compile: (source, id) => compile(source, id, { options: { moduleId: id } }).code });
  const m = realm.load("/app/k.mjs", "let K = 3;\nexport function get() { return K; }\n");
  const { evaluate, facts } = entered.get("/app/k.mjs");
  t.true(facts.statements[0].frozen);
  t.is(evaluate("K * 2"), 6);
  t.throws(() => evaluate("K = 4"), { name: "TypeError", message: "Assignment to constant variable." });
  t.is(m.get(), 3);
});
