// Before any reload, instrumented code is indistinguishable from the original (docs/semantics.md):
// each runnable case is evaluated twice in fresh `node:vm` realms, as written and instrumented,
// and everything observable is compared: exports (name, length, prototype, kind, own keys and
// descriptors), values, `this`, `arguments`, `new`/`new.target`, errors, hoisting, logs.
import test from "ava";
import { createRequire } from "node:module";
import { cases, transform } from "./helpers/cases.js";
import { run, runtimeKind } from "./helpers/realm.js";

const require = createRequire(import.meta.url);
const commonjs = require.resolve("@babel/plugin-transform-modules-commonjs");

/** Not runnable here: decorators need a transform Node 20 lacks; the hot API is changed on purpose. */
const skip = new Set(["decorators.ts", "hot-api.mjs", "hot-api-cjs.cjs"]);

/** Per-case behaviour probes: async (m, { attempt, attemptAsync, observe }) => [...], run in the realm. */
const probes = {
  "fn-declaration.js": `async (m, { attempt }) => {
    m.add.cache = 1;
    return [attempt(() => m.add(2, 3)), attempt(() => m.withDefault(1)), attempt(() => new m.Point(3, 4).norm()),
      attempt(() => m.Point(3, 4) instanceof m.Point), attempt(() => m.fact(5)), attempt(() => m.args(1, 2)),
      attempt(() => m.args.call("s", 1)), attempt(() => m.args.apply(null, [1, 2, 3])), attempt(() => m.args.bind(7, 8)(9)),
      attempt(() => new m.args(1)), attempt(() => Object.keys(m.add)), attempt(() => new m.add(1, 2)), attempt(() => m.add)];
  }`,
  "fn-async.js": `async (m, { attempt, attemptAsync }) => [await attemptAsync(() => m.load(1)), await attemptAsync(() => m.load.call({}, 2)),
    attempt(() => m.load(1) instanceof Promise), attempt(() => new m.load())]`,
  "fn-generator.js": `async (m, { attempt }) => [attempt(() => [...m.range(1, 4)]),
    attempt(() => { const g = m.range(0, 1); return [g.next(), g.next(), g.next()]; }),
    attempt(() => Object.prototype.toString.call(m.range())), attempt(() => new m.range())]`,
  "fn-async-generator.js": `async (m, { attempt }) => {
    const out = [];
    for await (const x of m.ticks(3)) out.push(x);
    return [out, attempt(() => typeof m.ticks(1)[Symbol.asyncIterator]), attempt(() => Object.prototype.toString.call(m.ticks(1))), attempt(() => new m.ticks())];
  }`,
  "arrow-simple.js": `async (m, { attempt, attemptAsync }) => [attempt(() => m.double(4)), attempt(() => m.double(4, 5)), attempt(() => m.sum(1, 2)),
    attempt(() => m.noParams()), await attemptAsync(() => m.lateBound(Promise.resolve(3))), attempt(() => new m.double(1)),
    attempt(() => m.double.call(5, 2))]`,
  "arrow-complex-params.js": `async (m, { attempt, attemptAsync }) => [attempt(() => m.area({ w: 2, h: 3 })), attempt(() => m.area({ w: 2, h: 3 }, 2)),
    attempt(() => m.area()), attempt(() => m.pick([1], 2, 3)), await attemptAsync(() => m.later()), await attemptAsync(() => m.later({ ms: 5 })),
    attempt(() => new m.area({}))]`,
  "arrow-rest.js": `async (m, { attempt }) => [attempt(() => m.join("-", "a", "b")), attempt(() => m.all(1, 2, 3)), attempt(() => m.all())]`,
  "fn-expression.js": `async (m, { attempt }) => [attempt(() => m.greet("x", 1)), attempt(() => m.named(2)), attempt(() => m.named.call(1, 0)),
    attempt(() => [...m.gen()]), attempt(() => new m.greet("y")), attempt(() => [...m.genExpr()])]`,
  "export-default-fn-anon.mjs": `async (m, { attempt }) => [attempt(() => m.default(2, 3)), attempt(() => new m.default(1, 2))]`,
  "export-default-arrow.mjs": `async (m, { attempt }) => [attempt(() => m.default(2, 3)), attempt(() => m.default.name), attempt(() => m.default.length), attempt(() => new m.default())]`,
  "export-default-value.mjs": `async (m, { attempt }) => [attempt(() => m.default), attempt(() => m.port)]`,
  "export-default-identifier.mjs": `async (m, { attempt }) => [attempt(() => m.default), attempt(() => m.reset())]`,
  "ts-export-enum.ts": `async (m, { attempt }) => [attempt(() => m.Color), attempt(() => m.Level), attempt(() => m.Merged), attempt(() => m.describe(m.Color.Red))]`,
  "export-default-fn-named.mjs": `async (m, { attempt }) => [attempt(() => m.default(2, 3)), attempt(() => m.square(3))]`,
  "class-basic.js": `async (m, { attempt }) => [attempt(() => new m.Counter().increment().increment()), attempt(() => m.Counter.create() instanceof m.Counter),
    attempt(() => new m.Counter().double), attempt(() => m.Counter()), attempt(() => Object.getPrototypeOf(new m.Counter()) === m.Counter.prototype),
    attempt(() => { class Sub extends m.Counter { extra = 1; } return new Sub(); })]`,
  "class-derived.js": `async (m, { attempt }) => [attempt(() => new m.Square(2).area()), attempt(() => new m.Square(2)), attempt(() => new m.Unit(3)),
    attempt(() => new m.Unit(3) instanceof m.Shape), attempt(() => Object.getPrototypeOf(m.Unit) === m.Square),
    attempt(() => { class X extends m.Shape { constructor() { super("x"); this.k = new.target.name; } } return new X(); }),
    attempt(() => Reflect.construct(m.Shape, ["r"], m.Square)), attempt(() => m.Square(1))]`,
  "class-static-self.js": `async (m, { attempt }) => [attempt(() => m.Registry.instance.name), attempt(() => m.Registry.instance instanceof m.Registry),
    attempt(() => m.Registry.make().name), attempt(() => m.Registry.make() instanceof m.Registry), attempt(() => m.Registry.later() === m.Registry),
    attempt(() => m.Registry.seen), attempt(() => new m.Registry("x").clone() instanceof m.Registry)]`,
  "class-fields.js": `async (m, { attempt }) => [attempt(() => new m.Model()), attempt(() => new m.Model().reveal()),
    attempt(() => { const x = new m.Model(); return [x.onClick(), x.onClick.name]; }), attempt(() => m.created())]`,
  "class-expression-named.js": `async (m, { attempt }) => [attempt(() => m.Tree.root instanceof m.Tree), attempt(() => new m.Tree(null).child().parent instanceof m.Tree),
    attempt(() => new m.Anon()), attempt(() => m.Tree.root)]`,
  "export-default-class-anon.mjs": `async (m, { attempt }) => [attempt(() => new m.default().hello()), attempt(() => new m.default())]`,
  "export-class.mjs": `async (m, { attempt }) => [attempt(() => new m.default("rex").speak()), attempt(() => new m.Animal("cat").speak()),
    attempt(() => new m.default("rex") instanceof m.Animal), attempt(() => new m.default("rex"))]`,
  "cjs-module-exports-fn.cjs": `async (m, { attempt }) => [attempt(() => m(5, 3)), attempt(() => new m(1, 2))]`,
  "cjs-module-exports-class.cjs": `async (m, { attempt }) => [attempt(() => new m(1).get()), attempt(() => m(1))]`,
  "cjs-module-exports-named-class.cjs": `async (m, { attempt }) => [attempt(() => m.of(1, 2).peek()), attempt(() => m.of(1) instanceof m), attempt(() => new m())]`,
  "cjs-exports-x.cjs": `async (m, { attempt }) => [attempt(() => m.sub(3, 1)), attempt(() => m.neg(2)), attempt(() => m.mul(2)), attempt(() => m.mul(2, 3)),
    attempt(() => new m.Thing())]`,
  "esm-live-const.mjs": `async (m, { attempt }) => [attempt(() => m.CONFIG.port), attempt(() => m.counter), attempt(() => m.bump()), attempt(() => m.counter),
    attempt(() => m.shown), attempt(() => m.handler())]`,
  "ts-class-param-props.ts": `async (m, { attempt }) => [attempt(() => new m.Account("ann", 10).deposit(3).remaining), attempt(() => m.Account.bank),
    attempt(() => new m.Account("bob", 1))]`,
  "ts-overloads.ts": `async (m, { attempt }) => [attempt(() => m.parse("42")), attempt(() => m.twice(1)), attempt(() => m.withDefault(1)),
    attempt(() => m.Color.Green), attempt(() => m.Util.id(3))]`,
  "tsx-component.tsx": `async (m, { attempt }) => [attempt(() => m.Badge({ label: "a" })), attempt(() => m.App({ title: "t" })),
    attempt(() => new m.default({ label: "x" }).render()), attempt(() => m.default.defaultProps)]`,
  "name-collisions.js": `async (m, { attempt }) => [attempt(() => m.useArgs(1)), attempt(() => m.tail(1)), attempt(() => m.head([4])), attempt(() => m.head())]`,
  "script-mode.js": `async (m, { attempt }) => [attempt(() => hello("x")), attempt(() => shout("y")), attempt(() => typeof Widget), attempt(() => Widget),
    attempt(() => hello), attempt(() => shout), attempt(() => new Widget()),
    attempt(() => Object.getOwnPropertyDescriptor(globalThis, "hello")), attempt(() => Object.getOwnPropertyDescriptor(globalThis, "shout")),
    attempt(() => Object.getOwnPropertyDescriptor(globalThis, "Widget"))]`,
  "strict-directive.cjs": `async (m, { attempt }) => [attempt(() => m.strictThis()), attempt(() => m.strictThis.call(5)), attempt(() => new m.strictThis())]`,
  "options-module-id.mjs": `async (m, { attempt }) => [attempt(() => m.ping())]`,
  "fn-arguments-binding.js": `async (m, { attempt }) => [attempt(() => m.shadowsArguments(1)), attempt(() => m.plain(1, 2))]`,
};

const isModule = (c) => /\.m[jt]s$/.test(c.name) || /^(?:import|export)\s/m.test(c.code);

for (const c of cases) {
  if (skip.has(c.name)) continue;
  test(`${c.name} behaves as written (${runtimeKind} runtime)`, async (t) => {
    const esm = isModule(c);
    const kind = c.options.script ? "script" : "commonjs";
    // ES modules run as CommonJS through Babel's own transform, in the same pass as the plugin.
    const extraPlugins = esm ? [[commonjs, {}]] : [];
    const options = esm && c.options.moduleId === undefined ? { moduleId: `test:${c.name}` } : {};
    const original = transform(c, { withPlugin: false, extraPlugins });
    const instrumented = transform(c, { extraPlugins, options });
    const probe = probes[c.name];
    let expected = await run(original, { kind, filename: c.filename, probe });
    if (esm && /export default (?:function|class) *[({]|export default (?:async )?\(.*\) *=>/.test(c.code)) {
      // Babel's CommonJS transform names an anonymous default export `_default`; in an ES module
      // it is named "default" (and so is the instrumented one). Correct the baseline.
      expected = JSON.parse(JSON.stringify(expected).replaceAll('"_default"', '"default"'));
    }
    const actual = await run(instrumented, { kind, filename: c.filename, probe });
    t.is(expected.threw, undefined, "the original runs");
    t.deepEqual(actual, expected);
  });
}

test("every runnable case with exports to exercise has a probe", (t) => {
  const quiet = new Set(["nothing-to-do.js", "reassigned-not-instrumented.js", "already-instrumented.js"]);
  const missing = cases.filter((c) => !skip.has(c.name) && !quiet.has(c.name) && !(c.name in probes)).map((c) => c.name);
  t.deepEqual(missing, []);
});
