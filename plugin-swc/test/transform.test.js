// One test per file of harness/transform-cases, through the fast path (snapshot: see
// snapshots/transform.test.js.md) and through the classic JS-plugin route, plus the shapes of
// docs/abi.md that must be in the output. Fragments are matched in order, ignoring whitespace.
import test from "ava";
import swc from "@swc/core";
import { cases, fast, plain, swcOptionsFor, viaPlugin } from "./helpers/cases.js";

/** Whether SWC's JS-plugin route can parse the file at all (an identity plugin). */
function pluginRouteParses(c) {
  try {
    swc.transformSync(c.code, { ...swcOptionsFor(c), plugin: (p) => p });
    return true;
  } catch {
    return false;
  }
}

const norm = (s) => s.replace(/\s+/g, "");
const check = (i) =>
  `if (_ar$G.$${i} !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$${i}, this, arguments) : Reflect.construct(_ar$G.$${i}, arguments, new.target);`;
const checkNoNew = (i) => `if (_ar$G.$${i} !== undefined) return Reflect.apply(_ar$G.$${i}, this, arguments);`;
const checkYield = (i) => `if (_ar$G.$${i} !== undefined) return yield* Reflect.apply(_ar$G.$${i}, this, arguments);`;
const construct = (i) => `if (_ar$G.$${i} !== undefined) return Reflect.construct(_ar$G.$${i}, arguments, new.target);`;
// ABI 4 (option `patch`, the default): `enter` also gets the module's evaluator and its statement
// facts (a JSON string, see facts.test.js); PATCH_ARGS opens them, FACTS_END closes the call.
const PATCH_ARGS = '(_ar$c) => eval(_ar$c), "{\\"version\\":1,';
const FACTS_END = ']}");';
const CJS_PROLOGUE = 'require("autoreload/install"); function _ar$G() {} const _ar$m = globalThis.__autoreload.enter(__filename, _ar$G, 4, ' + PATCH_ARGS;
const ESM_PROLOGUE = 'import "autoreload/install"; function _ar$G() {} const _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 4, ' + PATCH_ARGS;

/** Fragments each case's fast-path output must contain (in order), or "unchanged". */
const expected = {
  "already-instrumented.js": "unchanged",
  "arrow-complex-params.js": [
    CJS_PROLOGUE,
    'const area = _ar$m.fn("area", { area: (..._ar$a) => _ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, _ar$a) : (({ w, h }, scale = 1)=>w * h * scale)(..._ar$a) }.area, 0, undefined, 1);',
    "}.pick, 1, undefined, 1);",
    "later: async (..._ar$a) =>",
    "(async ({ ms } = {})=>ms)(..._ar$a) }.later, 2, undefined, 0);",
  ],
  "arrow-rest.js": [
    "join: (sep, ...parts)=>_ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [sep, ...parts]) : (parts.join(sep))",
    "all: (...xs)=>_ar$G.$1 !== undefined ? Reflect.apply(_ar$G.$1, undefined, [...xs])",
  ],
  "arrow-simple.js": [
    CJS_PROLOGUE,
    'const double = _ar$m.fn("double", { double: (x, ..._ar$r)=>_ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [x, ..._ar$r]) : (x * 2) }.double, 0);',
    "sum: (a, b, ..._ar$r)=>{ if (_ar$G.$1 !== undefined) return Reflect.apply(_ar$G.$1, undefined, [a, b, ..._ar$r]);",
    "noParams: (..._ar$r)=>",
    "lateBound: async (x, ..._ar$r)=>",
  ],
  "cjs-exports-x.cjs": [
    'exports.sub = _ar$m.fn("exports.sub", function(a, b) { ' + check(0),
    'module.exports.neg = _ar$m.fn("exports.neg", (x, ..._ar$r)=>',
    'exports["mul"] = _ar$m.fn("exports.mul", (..._ar$a) =>',
    ", 2, undefined, 1);",
    'exports.Thing = _ar$m.cls("exports.Thing", class {',
    "exports.value = 42;",
  ],
  "cjs-module-exports-class.cjs": ['module.exports = _ar$m.cls("module.exports", class { constructor(v){ ' + construct(0)],
  "cjs-module-exports-fn.cjs": [CJS_PROLOGUE, 'module.exports = _ar$m.fn("module.exports", function(a, b) { ' + check(0), "}, 0);"],
  "cjs-module-exports-named-class.cjs": [
    'module.exports = _ar$m.cls("module.exports", class Stack {',
    'const s = new (_ar$m.self("module.exports", Stack, 0))();',
  ],
  "class-basic.js": [
    'let Counter = _ar$m.cls("Counter", { Counter: class { constructor() { ' + construct(0) + " } count = _ar$G.$0 !== undefined ? undefined : 0;",
    "return new Counter();",
    "}.Counter, 0);",
  ],
  "class-derived.js": [
    construct(0) + " this.name = name;",
    construct(1) + ' super("square");',
    construct(2) + " super(...arguments); }",
    'tag = _ar$G.$2 !== undefined ? undefined : "unit";',
  ],
  "class-expression-named.js": [
    'const Tree = _ar$m.cls("Tree", { Node: class { static root = new (_ar$m.self("Tree", this, 0))(null);',
    "return new Tree(this);",
    "}.Node, 0);",
    'const Anon = _ar$m.cls("Anon", { Anon: class {',
  ],
  "class-fields.js": [
    "id = _ar$G.$0 !== undefined ? undefined : ++created;",
    '#secret = _ar$G.$0 !== undefined ? undefined : "s" + this.id;',
    "onClick = ()=>this.id;",
    "empty;",
    "static count = 0;",
  ],
  "class-static-self.js": [
    'let Registry; Registry = _ar$m.cls("Registry", { Registry: class { static { Registry = _ar$m.self("Registry", this, 0); }',
    'static instance = new Registry("default");',
    'static make = ()=>new Registry("arrow");',
    "static later = function() { return Registry;",
    "static made = Registry.create();",
    "Registry.seen = Registry.instance.name;",
    "return new Registry(this.name);",
    "}.Registry, 0);",
  ],
  "decorators.ts": ['export let Vault = _ar$m.cls("Vault", { Vault: class {', "}.Vault, 2);".replace("2", "1"), "Vault = _ts_decorate(["],
  "esm-live-const.mjs": [
    ESM_PROLOGUE,
    'bump = _ar$m.fn("bump", bump, 1);',
    'export let CONFIG = { port: 1 }; _ar$m.live("CONFIG", () => CONFIG, (v) => { CONFIG = v; });',
    'export let counter = 0; _ar$m.live("counter", () => counter,',
    'export var legacy = "v"; _ar$m.live("legacy", () => legacy,',
    'let hidden = 1, shown = 2; _ar$m.live("shown", () => shown,',
    'export const handler = _ar$m.fn("handler", {',
  ],
  "export-class.mjs": [
    'export let Animal = _ar$m.cls("Animal", { Animal: class {',
    'let Dog = _ar$m.cls("Dog", { Dog: class extends Animal {',
    "}.Dog, 1); export { Dog as default };",
  ],
  "export-default-class-anon.mjs": ['let _ar$default = _ar$m.cls("default", { default: class {', "}.default, 0); export { _ar$default as default };"],
  "export-default-arrow.mjs": [
    ESM_PROLOGUE,
    'export default (_ar$m.fn("default", { default: (a, b, ..._ar$r)=>_ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [a, b, ..._ar$r]) : (a + b) }.default, 0));',
  ],
  "export-default-fn-anon.mjs": [
    ESM_PROLOGUE,
    '_ar$default = _ar$m.fn("default", _ar$default, 0, "default");',
    "function _ar$default(a, b) { " + check(0),
    "export { _ar$default as default };",
  ],
  "export-default-fn-named.mjs": ['multiply = _ar$m.fn("multiply", multiply, 0);', "export default function multiply(a, b) { " + check(0)],
  "export-default-identifier.mjs": [
    "const settings = { retries: 3 };",
    'export const reset = _ar$m.fn("reset", {',
    'let _ar$default = settings; _ar$m.live("default", () => _ar$default, (v) => { _ar$default = v; }); export { _ar$default as default };',
  ],
  "export-default-value.mjs": [
    ESM_PROLOGUE,
    'export let port = 1; _ar$m.live("port", () => port,',
    'let _ar$default = { port, host: "localhost" }; _ar$m.live("default", () => _ar$default, (v) => { _ar$default = v; }); export { _ar$default as default };',
  ],
  "fn-arguments-binding.js": ['plain = _ar$m.fn("plain", plain, 0);', "function shadowsArguments(a) { var arguments"],
  "fn-async-generator.js": ['ticks = _ar$m.fn("ticks", ticks, 0);', "async function* ticks(n) { " + checkYield(0)],
  "fn-async.js": ['load = _ar$m.fn("load", load, 0);', "async function load(id) { " + checkNoNew(0)],
  "fn-declaration.js": [
    CJS_PROLOGUE,
    FACTS_END + ' add = _ar$m.fn("add", add, 0); withDefault = _ar$m.fn("withDefault", withDefault, 1);',
    'function add(a, b) { "use strict"; ' + check(0),
    "function withDefault(a, b = 1) { " + check(1),
  ],
  "fn-expression.js": [
    'var greet = _ar$m.fn("greet", { greet: function(who) { ' + check(0),
    'const named = _ar$m.fn("named", function inner(n) {',
    "gen: function*() { " + checkYield(3),
  ],
  "fn-generator.js": ["function* range(from, to) { " + checkYield(0)],
  "hot-api-cjs.cjs": ["if (_ar$m.hot) { _ar$m.hot.accept();", ".hot; // a parameter named module"],
  "hot-api.mjs": ["export let data = _ar$m.hot ? _ar$m.hot.data : {};", "if (_ar$m.hot) _ar$m.hot.accept();"],
  "name-collisions.js": ["tail: (x, ..._ar$r2)=>", "head: (..._ar$a2) =>", "(([x] = [])=>_ar$a(x))(..._ar$a2)"],
  "nothing-to-do.js": "unchanged",
  "options-module-id.mjs": ['function _ar$G() {} const _ar$m = globalThis.__autoreload.enter("file:///app/options-module-id.mjs", _ar$G, 4, ' + PATCH_ARGS],
  // Not registered (no `_ar$m.fn`/`cls`, see the test below); ABI 4 makes the functions that the
  // top-level statements reach through expressions inline cells, patched by slot.
  "reassigned-not-instrumented.js": [
    CJS_PROLOGUE,
    "var f = function() { " + check(0) + " return 1; };",
    "f = function() { " + check(1) + " return 2; };",
    "let g = (..._ar$r)=>_ar$G.$2 !== undefined ? Reflect.apply(_ar$G.$2, undefined, [..._ar$r]) : (1); g++;",
    "h: (..._ar$r)=>_ar$G.$3 !== undefined ? Reflect.apply(_ar$G.$3, undefined, [..._ar$r]) : (3)",
    "function outer() { function nested() {} return nested; } outer = null; if (true) { function inBlock() {} } class K { } K = class { };",
  ],
  "script-mode.js": [
    'function _ar$G_ee58def0() {} const _ar$m_ee58def0 = globalThis.__autoreload.enter("file:///app/script-mode.js", _ar$G_ee58def0, 4, (_ar$c) => eval(_ar$c), "{\\"version\\":1,',
    FACTS_END + ' hello = _ar$m_ee58def0.fn("hello", hello, 0);',
    'var shout = _ar$m_ee58def0.fn("shout", {',
    'let Widget = _ar$m_ee58def0.cls("Widget", {',
  ],
  "strict-directive.cjs": ['"use strict"; require("autoreload/install");'],
  "ts-class-param-props.ts": [
    'let Account; Account = _ar$m.cls("Account", { Account: class { static { Account = _ar$m.self("Account", this, 0); }',
    "balance = _ar$G.$0 !== undefined ? undefined : 0;",
    'static bank = new Account("bank", 1);',
    "constructor(owner, limit){ " + construct(0) + " this.owner = owner;",
  ],
  "ts-overloads.ts": [
    'parse = _ar$m.fn("parse", parse, 0);',
    "export function parse(input) { " + check(0),
    "twice: (x, ..._ar$r)=>",
    "}.withDefault, 2, undefined, 1);",
    "export var Color",
    '_ar$m.live("Color"',
  ],
  "ts-export-enum.ts": [
    ESM_PROLOGUE,
    'export var Color = /*#__PURE__*/ function(Color) { Color["Red"] = "red";',
    '}({}); _ar$m.live("Color", () => Color, (v) => { Color = v; });',
    '}(Level || {}); _ar$m.live("Level", () => Level, (v) => { Level = v; }); export { Level };',
    'export var Merged = /*#__PURE__*/ function(Merged) { Merged[Merged["A"] = 1] = "A"; return Merged; }({}); _ar$m.live("Merged", () => Merged, (v) => { Merged = v; });',
    '(function(Merged) { Merged[Merged["B"] = 2] = "B"; })(Merged); var Internal',
    '}(Internal || {}); export const describe = _ar$m.fn("describe", {',
  ],
  "tsx-component.tsx": [
    'App = _ar$m.fn("App", App, 1);',
    'export const Badge = _ar$m.fn("Badge", {',
    "}.Badge, 0, undefined, 1);",
    'let Page = _ar$m.cls("Page", { Page: class extends React.Component {',
  ],
};

test("every case file has expectations, and every expectation a case file", (t) => {
  t.deepEqual(
    Object.keys(expected).sort(),
    cases.map((c) => c.name),
  );
});

test("reassigned bindings are not registered; without patch the file is left as written", (t) => {
  const c = cases.find((x) => x.name === "reassigned-not-instrumented.js");
  t.notRegex(fast(c).code, /_ar\$m\.(?:fn|cls|live)\(/, "no registration: the functions are inline cells only");
  t.is(fast(c, { options: { patch: false } }).code, plain(c).code, "patch: false has no inline cells: nothing to do");
});

test("patch: false emits the ABI 3-shaped enter call (version 4) and no inline cells", (t) => {
  const c = cases.find((x) => x.name === "fn-expression.js");
  const out = fast(c, { options: { patch: false } });
  t.true(out.code.includes("globalThis.__autoreload.enter(__filename, _ar$G, 4);"));
  t.false(out.code.includes("eval("));
  t.is(out.facts, undefined);
});

function containsInOrder(t, output, fragments) {
  const out = norm(output);
  let from = 0;
  for (const fragment of fragments) {
    const at = out.indexOf(norm(fragment), from);
    t.true(at !== -1, `expected, in order:\n${fragment}\n\n--- in output ---\n${output}`);
    if (at !== -1) from = at + norm(fragment).length;
  }
}

for (const c of cases) {
  test(`fast path: ${c.name}`, (t) => {
    const output = fast(c).code;
    t.snapshot(output, c.name);
    const want = expected[c.name];
    if (want === "unchanged") {
      t.is(output, plain(c).code, "left exactly as SWC alone prints it");
      return;
    }
    containsInOrder(t, output, want ?? []);
  });

  test(`JS-plugin route: ${c.name}`, (t) => {
    if (!pluginRouteParses(c)) {
      // SWC's JS-plugin route parses with `jsc.parser` only, always as a module (strict mode)
      t.throws(() => viaPlugin(c), { message: /strict mode/ });
      return;
    }
    const output = viaPlugin(c).code;
    const want = expected[c.name];
    if (want === "unchanged") {
      t.false(/_ar\$m\.(fn|cls|live)\(/.test(output) && !c.code.includes("_ar$m."), "no instrumentation added");
      return;
    }
    // the same constructs, printed by SWC: compare the instrumentation calls of both routes
    const calls = (s) =>
      (
        s
          .replace(/\/\/[^\n]*/g, "")
          .match(
            /_ar\$m(?:_[0-9a-f]{8})?\.(?:fn|cls|self|live)\("[^"]*"|_ar\$G(?:_[0-9a-f]{8})?\.(?:fwd|construct)\(_ar\$G(?:_[0-9a-f]{8})?\[\d+\]|_ar\$m(?:_[0-9a-f]{8})?\.hot/g,
          ) ?? []
      ).sort();
    t.deepEqual(calls(output), calls(fast(c).code));
  });
}
