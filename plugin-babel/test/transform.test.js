// One test per file of harness/transform-cases: a readable snapshot of the output (see
// snapshots/transform.test.js.md) plus the shapes of docs/abi.md that must be in it.
import test from "ava";
import { cases, transform } from "./helpers/cases.js";

const check = (i) =>
  `if (_ar$G.$${i} !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$${i}, this, arguments) : Reflect.construct(_ar$G.$${i}, arguments, new.target);`;
const checkNoNew = (i) => `if (_ar$G.$${i} !== undefined) return Reflect.apply(_ar$G.$${i}, this, arguments);`;
const checkYield = (i) => `if (_ar$G.$${i} !== undefined) return yield* Reflect.apply(_ar$G.$${i}, this, arguments);`;
const construct = (i) => `if (_ar$G.$${i} !== undefined) return Reflect.construct(_ar$G.$${i}, arguments, new.target);`;
// ABI 4 (option `patch`, the default): `enter` also gets the module's evaluator and its facts (a
// JSON string, checked against the compile's metadata below); FACTS_END closes the call.
const PATCH_ARGS = '_ar$c => eval(_ar$c), "{\\"version\\":1,\\"statements\\":[';
const FACTS_END = ']}");';
const CJS_PROLOGUE = 'require("autoreload/install");\nfunction _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter(__filename, _ar$G, 4, ' + PATCH_ARGS;
const ESM_PROLOGUE = 'import "autoreload/install";\nfunction _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 4, ' + PATCH_ARGS;

/** Substrings each case's output must contain (in order), or "unchanged". */
const expected = {
  "already-instrumented.js": "unchanged",
  "arrow-complex-params.js": [
    CJS_PROLOGUE,
    'const area = _ar$m.fn("area", {\n  area: (..._ar$a) => _ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, _ar$a) : (({',
    "}, scale = 1) => w * h * scale)(..._ar$a)\n}.area, 0, undefined, 1);",
    "}.pick, 1, undefined, 1);",
    "later: async (..._ar$a) =>",
    "}.later, 2, undefined, 0);",
  ],
  "arrow-rest.js": [
    "join: (sep, ...parts) => _ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [sep, ...parts]) : parts.join(sep)",
    "all: (...xs) => _ar$G.$1 !== undefined ? Reflect.apply(_ar$G.$1, undefined, [...xs])",
  ],
  "arrow-simple.js": [
    CJS_PROLOGUE,
    'const double = _ar$m.fn("double", {\n  double: (x, ..._ar$r) => _ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [x, ..._ar$r]) : x * 2\n}.double, 0);',
    "sum: (a, b, ..._ar$r) => {\n    if (_ar$G.$1 !== undefined) return Reflect.apply(_ar$G.$1, undefined, [a, b, ..._ar$r]);",
    // A `let` nothing assigns is emitted as `const` (frozen.test.js).
    'const lateBound = _ar$m.fn("lateBound", {\n  lateBound: async (x, ..._ar$r) =>',
  ],
  "class-basic.js": [
    'let Counter = _ar$m.cls("Counter", {\n  Counter: class {\n    constructor() {\n      ' +
      construct(0) +
      "\n    }\n    count = _ar$G.$0 !== undefined ? undefined : 0;",
    "return new Counter();",
    "}.Counter, 0);",
  ],
  "class-derived.js": [
    construct(0) + "\n      this.name = name;",
    construct(1) + '\n      super("square");',
    construct(2) + "\n      super(...arguments);",
    'tag = _ar$G.$2 !== undefined ? undefined : "unit";',
  ],
  "class-expression-named.js": [
    'const Tree = _ar$m.cls("Tree", {\n  Node: class {\n    static root = new (_ar$m.self("Tree", this, 0))(null);',
    "return new Tree(this);",
    "}.Node, 0);",
    'const Anon = _ar$m.cls("Anon", {\n  Anon: class {',
  ],
  "class-fields.js": [
    "id = _ar$G.$0 !== undefined ? undefined : ++created;",
    '#secret = _ar$G.$0 !== undefined ? undefined : "s" + this.id;',
    "onClick = () => this.id;",
    "empty;",
    "static count = 0;",
  ],
  "class-static-self.js": [
    'let Registry;\nRegistry = _ar$m.cls("Registry", {',
    'static {\n      Registry = _ar$m.self("Registry", this, 0);\n    }\n    static instance = new Registry("default");',
    'static make = () => new Registry("arrow");',
    "static later = function () {\n      return Registry;",
    "static made = Registry.create();",
    "Registry.seen = Registry.instance.name;",
    "return new Registry(this.name);",
  ],
  "cjs-exports-x.cjs": [
    'exports.sub = _ar$m.fn("exports.sub", function (a, b) {\n  ' + check(0),
    'module.exports.neg = _ar$m.fn("exports.neg", (x, ..._ar$r) =>',
    'exports["mul"] = _ar$m.fn("exports.mul", (..._ar$a) =>',
    ", 2, undefined, 1);",
    'exports.Thing = _ar$m.cls("exports.Thing", class {',
    "exports.value = 42;",
  ],
  "cjs-module-exports-class.cjs": ['module.exports = _ar$m.cls("module.exports", class {\n  constructor(v) {\n    ' + construct(0)],
  "cjs-module-exports-fn.cjs": [CJS_PROLOGUE, 'module.exports = _ar$m.fn("module.exports", function (a, b) {\n  ' + check(0), "}, 0);"],
  "cjs-module-exports-named-class.cjs": [
    'module.exports = _ar$m.cls("module.exports", class Stack {',
    'const s = new (_ar$m.self("module.exports", Stack, 0))();',
  ],
  "decorators.ts": ['export let Vault = _ar$m.cls("Vault", {\n  Vault: @sealed\n  class {'],
  "esm-live-const.mjs": [
    ESM_PROLOGUE,
    'bump = _ar$m.fn("bump", bump, 1);',
    'export let CONFIG = {\n  port: 1\n};\n_ar$m.live("CONFIG", () => CONFIG, v => {\n  CONFIG = v;\n});',
    'export let counter = 0;\n_ar$m.live("counter", () => counter,',
    'export var legacy = "v";\n_ar$m.live("legacy", () => legacy,',
    '_ar$m.live("shown", () => shown,',
    'export const handler = _ar$m.fn("handler", {',
  ],
  "export-class.mjs": [
    'export let Animal = _ar$m.cls("Animal", {\n  Animal: class {',
    'let Dog = _ar$m.cls("Dog", {\n  Dog: class extends Animal {',
    "}.Dog, 1);\nexport { Dog as default };",
  ],
  "export-default-class-anon.mjs": ['let _ar$default = _ar$m.cls("default", {\n  default: class {', "}.default, 0);\nexport { _ar$default as default };"],
  "export-default-arrow.mjs": [
    ESM_PROLOGUE,
    'export default _ar$m.fn("default", {\n  default: (a, b, ..._ar$r) => _ar$G.$0 !== undefined ? Reflect.apply(_ar$G.$0, undefined, [a, b, ..._ar$r]) : a + b\n}.default, 0);',
  ],
  "export-default-fn-anon.mjs": [
    ESM_PROLOGUE,
    '_ar$default = _ar$m.fn("default", _ar$default, 0, "default");',
    "function _ar$default(a, b) {\n  " + check(0),
    "export { _ar$default as default };",
  ],
  "export-default-fn-named.mjs": ['multiply = _ar$m.fn("multiply", multiply, 0);', "export default function multiply(a, b) {\n  " + check(0)],
  "export-default-identifier.mjs": [
    "const settings = {\n  retries: 3\n};",
    'export const reset = _ar$m.fn("reset", {',
    'let _ar$default = settings;\n_ar$m.live("default", () => _ar$default, v => {\n  _ar$default = v;\n});\nexport { _ar$default as default };',
  ],
  "export-default-value.mjs": [
    ESM_PROLOGUE,
    'export let port = 1;\n_ar$m.live("port", () => port,',
    'let _ar$default = {\n  port,\n  host: "localhost"\n};\n_ar$m.live("default", () => _ar$default, v => {\n  _ar$default = v;\n});\nexport { _ar$default as default };',
  ],
  "fn-arguments-binding.js": ['plain = _ar$m.fn("plain", plain, 0);', "function shadowsArguments(a) {\n  var arguments"],
  "fn-async-generator.js": ['ticks = _ar$m.fn("ticks", ticks, 0);', "async function* ticks(n) {\n  " + checkYield(0)],
  "fn-async.js": ['load = _ar$m.fn("load", load, 0);', "async function load(id) {\n  " + checkNoNew(0)],
  "fn-declaration.js": [
    CJS_PROLOGUE,
    FACTS_END + '\nadd = _ar$m.fn("add", add, 0);\nwithDefault = _ar$m.fn("withDefault", withDefault, 1);',
    'function add(a, b) {\n  "use strict";\n\n  ' + check(0),
    "function withDefault(a, b = 1) {\n  " + check(1),
  ],
  "fn-expression.js": [
    'var greet = _ar$m.fn("greet", {\n  greet: function (who) {\n    ' + check(0),
    'const named = _ar$m.fn("named", function inner(n) {',
    "gen: function* () {\n    " + checkYield(3),
  ],
  "fn-generator.js": ["function* range(from, to) {\n  " + checkYield(0)],
  "hot-api-cjs.cjs": ["if (_ar$m.hot) {\n  _ar$m.hot.accept();", "return module.hot;"],
  "hot-api.mjs": ["export let data = _ar$m.hot ? _ar$m.hot.data : {};", "if (_ar$m.hot) _ar$m.hot.accept();"],
  "name-collisions.js": ["tail: (x, ..._ar$r2) =>", "head: (..._ar$a2) =>", "(([x] = []) => _ar$a(x))(..._ar$a2)"],
  "nothing-to-do.js": "unchanged",
  "options-module-id.mjs": ['function _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter("file:///app/options-module-id.mjs", _ar$G, 4, ' + PATCH_ARGS],
  // Not registered (no `_ar$m.fn`/`cls`, see the test below); ABI 4 makes the functions that the
  // top-level statements reach through expressions inline cells, patched by slot.
  "reassigned-not-instrumented.js": [
    CJS_PROLOGUE,
    "var f = function () {\n  " + check(0) + "\n  return 1;\n};",
    "f = function () {\n  " + check(1) + "\n  return 2;\n};",
    "let g = (..._ar$r) => _ar$G.$2 !== undefined ? Reflect.apply(_ar$G.$2, undefined, [..._ar$r]) : 1;\ng++;",
    "h: (..._ar$r) => _ar$G.$3 !== undefined ? Reflect.apply(_ar$G.$3, undefined, [..._ar$r]) : 3",
    "function outer() {\n  function nested() {}\n  return nested;\n}\nouter = null;\nif (true) {\n  function inBlock() {}\n}\nclass K {}\nK = class {};",
  ],
  "script-mode.js": [
    'function _ar$G_ee58def0() {}\nconst _ar$m_ee58def0 = globalThis.__autoreload.enter("file:///app/script-mode.js", _ar$G_ee58def0, 4, ' + PATCH_ARGS,
    FACTS_END + '\nhello = _ar$m_ee58def0.fn("hello", hello, 0);',
    'var shout = _ar$m_ee58def0.fn("shout", {',
    'let Widget = _ar$m_ee58def0.cls("Widget", {',
  ],
  "strict-directive.cjs": ['"use strict";\n\n// The prologue goes after directives; the file is CommonJS (no import/export).\nrequire("autoreload/install");'],
  "ts-class-param-props.ts": [
    'Account = _ar$m.self("Account", this, 0);',
    "balance = _ar$G.$0 !== undefined ? undefined : 0;",
    'static bank = new Account("bank", 1);',
    "this.limit = limit;\n      " + construct(0),
  ],
  "ts-overloads.ts": [
    'parse = _ar$m.fn("parse", parse, 0);',
    "export function parse(input) {\n  " + check(0),
    "twice: (x, ..._ar$r) =>",
    "}.withDefault, 2, undefined, 1);",
    "export let Color",
    '_ar$m.live("Color", () => Color, v => {\n  Color = v;\n});\nexport let Util;',
  ],
  "ts-export-enum.ts": [
    ESM_PROLOGUE,
    'export let Color = /*#__PURE__*/function (Color) {\n  Color["Red"] = "red";',
    '}({});\n_ar$m.live("Color", () => Color, v => {\n  Color = v;\n});',
    '}(Level || {});\n_ar$m.live("Level", () => Level, v => {\n  Level = v;\n});\nexport { Level };',
    "export let Merged = /*#__PURE__*/function (Merged) {",
    'Merged = /*#__PURE__*/function (Merged) {\n  Merged[Merged["B"] = 2] = "B";\n  return Merged;\n}(Merged || {});\n_ar$m.live("Merged", () => Merged, v => {\n  Merged = v;\n});\nvar Internal',
    '}(Internal || {});\nexport const describe = _ar$m.fn("describe", {',
  ],
  "tsx-component.tsx": [
    'App = _ar$m.fn("App", App, 1);',
    'export const Badge = _ar$m.fn("Badge", {',
    "}.Badge, 0, undefined, 1);",
    'let Page = _ar$m.cls("Page", {\n  Page: class extends React.Component {',
  ],
};

test("every case file has expectations, and every expectation a case file", (t) => {
  t.deepEqual(
    Object.keys(expected).sort(),
    cases.map((c) => c.name),
  );
});

/** The facts string `enter` was given (its last argument), parsed; undefined without one. */
function embeddedFacts(output) {
  const call = /globalThis\.__autoreload\.enter\([^\n]*?, _ar\$c => eval\(_ar\$c\), ("(?:[^"\\\n]|\\.)*")\);\n/.exec(output);
  return call ? JSON.parse(JSON.parse(call[1])) : undefined;
}

for (const c of cases) {
  test(c.name, (t) => {
    const result = transform(c, { full: true });
    const output = result.code;
    t.snapshot(output, c.name);
    const want = expected[c.name];
    if (want === "unchanged") {
      t.is(output, transform(c, { withPlugin: false }), "left exactly as it was");
      t.false(output.includes("_ar$m.") && !c.code.includes("_ar$m."), "no instrumentation added");
      t.is(result.metadata.autoreload, undefined, "a file left as written has no facts");
      return;
    }
    // ABI 4: the facts in the prologue are the facts the compile reports.
    t.truthy(result.metadata.autoreload?.facts, "the compile reports its facts");
    t.deepEqual(embeddedFacts(output), result.metadata.autoreload?.facts, "enter() gets the facts the compile reports");
    t.truthy(want, `add expectations for ${c.name}`);
    let from = 0;
    for (const fragment of want ?? []) {
      const at = output.indexOf(fragment, from);
      t.true(at !== -1, `expected, in order:\n${fragment}\n\n--- in output ---\n${output}`);
      if (at !== -1) from = at + fragment.length;
    }
  });
}

test("reassigned bindings are not registered; without patch the file is left as written", (t) => {
  const c = cases.find((x) => x.name === "reassigned-not-instrumented.js");
  const output = transform(c);
  t.notRegex(output, /_ar\$m\.(?:fn|cls|live)\(/, "no registration: the functions are inline cells only");
  t.is(transform(c, { options: { patch: false } }), transform(c, { withPlugin: false }), "patch: false has no inline cells: nothing to do");
});

test("source maps point instrumented code at the original lines", (t) => {
  const c = cases.find((x) => x.name === "fn-declaration.js");
  const { code, map } = transform(c, { sourceMaps: true });
  t.truthy(map);
  t.true(map.mappings.length > 0);
  // `return n <= 1 …` is on line 25 of the input; find the output line holding it and its mapping.
  const outputLine = code.split("\n").findIndex((l) => l.includes("return n <= 1"));
  const inputLine = c.code.split("\n").findIndex((l) => l.includes("return n <= 1"));
  const segments = decodeLine(map.mappings, outputLine);
  t.true(
    segments.some((s) => s.line === inputLine),
    `output line ${outputLine + 1} maps to input line ${inputLine + 1}`,
  );
});

/** Minimal VLQ decoder: the source lines that output line `target` (0-based) maps to. */
function decodeLine(mappings, target) {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let line = 0;
  const state = [0, 0, 0, 0, 0];
  const out = [];
  for (const group of mappings.split(";")) {
    state[0] = 0;
    for (const segment of group.split(",").filter(Boolean)) {
      const values = [];
      let shift = 0;
      let value = 0;
      for (const ch of segment) {
        const digit = chars.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      values.forEach((v, i) => (state[i] += v));
      if (line === target && values.length >= 4) out.push({ line: state[2] });
    }
    line++;
  }
  return out;
}
