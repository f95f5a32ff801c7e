// Before any reload, instrumented code behaves exactly as the code SWC alone prints (docs/semantics.md,
// docs/abi.md principle 3): the same observations of every export in a `node:vm` realm.
import test from "ava";
import swc from "@swc/core";
import { transformSync } from "../dist/index.js";
import { run, runtimeKind } from "./helpers/realm.js";

const swcOptions = { swcrc: false, configFile: false, isModule: "unknown", jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
const plainOf = (code) => swc.transformSync(code, { ...swcOptions, filename: "case.ts" }).code;
const instrumentedOf = (code) =>
  transformSync(code, { filename: "case.ts", swcOptions, autoreload: { runtimeImport: false, moduleId: "file:///virtual/case.ts" } }).code;

const snippets = {
  "hoisting, name, length, prototype": `
    const early = add(1, 2);
    function add(a: number, b = 1) { return a + b; }
    function withRest(a, ...more) { return [a, more.length]; }
    add.cache = { hits: 1 };
    module.exports = { early, add, withRest, late: add(2) };`,
  "this, arguments, new.target": `
    function self() { return this; }
    function count() { return arguments.length; }
    function Point(x, y) { if (!new.target) return new Point(x, y); this.x = x; this.y = y; this.nt = new.target === Point; }
    Point.prototype.norm = function () { return Math.hypot(this.x, this.y); };
    const obj = { tag: "obj" };
    module.exports = {
      self, count, Point,
      thisCall: self.call(obj) === obj, thisPlain: self() === globalThis,
      args: count(1, 2, 3), point: new Point(3, 4), pointNoNew: Point(6, 8), norm: new Point(3, 4).norm(),
      bound: count.bind(null, 1)(2), applied: count.apply(null, [1, 2, 3, 4]),
    };`,
  "async and generator kinds": `
    async function load(x) { await null; return x * 2; }
    function* range(n) { for (let i = 0; i < n; i++) yield i; return "done"; }
    async function* ticks(n) { for (let i = 0; i < n; i++) { await null; yield i; } }
    const gen = function* () { yield 1; };
    async function collect() { const out = []; for await (const x of ticks(3)) out.push(x); return [await load(21), out]; }
    module.exports = { load, range, ticks, gen, values: [...range(3)], genValues: [...gen()], ready: collect() };`,
  "arrows and function expressions": `
    const double = (x: number) => x * 2;
    const sum = (a, b) => { return a + b; };
    const area = ({ w, h }, scale = 1) => w * h * scale;
    const later = async ({ ms } = { ms: 5 }) => ms;
    const join = (sep, ...parts) => parts.join(sep);
    var greet = function (who) { return "hi " + who + " " + arguments.length; };
    const named = function inner(n) { return n > 0 ? inner(n - 1) : typeof this; };
    module.exports = {
      double, sum, area, later, join, greet, named,
      results: [double(4), sum(1, 2), area({ w: 2, h: 3 }), area({ w: 2, h: 3 }, 2), join("-", "a", "b"), greet("x", 1), named(2)],
      ready: later(),
    };`,
  "classes: fields, static self-reference, derived": `
    let created = 0;
    class Registry {
      static instance = new Registry("default");
      static make = () => new Registry("arrow");
      static seen: string;
      static made = Registry.create();
      static create() { return new Registry("made"); }
      static { Registry.seen = Registry.instance.name; }
      id = ++created;
      #secret = "s" + this.id;
      onClick = () => this.id;
      constructor(public name: string) {}
      reveal() { return this.#secret; }
      get upper() { return this.name.toUpperCase(); }
    }
    class Sub extends Registry { extra = 1; }
    const Tree = class Node { static root = new Node(null); constructor(public parent) {} child() { return new Node(this); } };
    const r = new Registry("r");
    module.exports = {
      Registry, Sub, Tree,
      instance: Registry.instance, made: Registry.make(), seen: Registry.seen, r, secret: r.reveal(), upper: r.upper,
      sub: new Sub("s"), subIsRegistry: new Sub("t") instanceof Registry, treeChild: Tree.root.child() instanceof Tree, created: () => created,
    };`,
  "a file that binds undefined": `
    function probe(a, undefined) { return [a, typeof undefined]; }
    const arrow = (x) => x;
    module.exports = { probe, arrow, results: [probe(1), probe(1, 2), arrow(3)] };`,
  "CommonJS assignments": `
    exports.sub = function (a, b) { return a - b; };
    module.exports.neg = (x) => -x;
    exports.Thing = class { name = "thing"; };
    exports.results = [exports.sub(5, 3), module.exports.neg(2), new exports.Thing().name];`,
};

for (const [title, code] of Object.entries(snippets)) {
  test(`${title} (${runtimeKind} runtime)`, async (t) => {
    const instrumented = instrumentedOf(code);
    t.true(instrumented.includes("_ar$m."), "the snippet is instrumented");
    t.deepEqual(await run(instrumented), await run(plainOf(code)));
  });
}
