// Plugin output driven through real reloads of the runtime core, in a `node:vm` realm of its own,
// and the class sources both plugins' reload-generation tests compile (docs/abi.md, "Reload
// generations of base classes").
import vm from "node:vm";

/**
 * A fresh realm with `runtime` (autoreload's core, `createRuntime()`) as its `__autoreload`.
 * `load(id, code)` evaluates CommonJS-shaped code as module `id`; `reload(id, code)` does it as a
 * reload generation (commit, or rollback and rethrow). `compile(source, id)`, when given, turns
 * what `load`/`reload` receive into that code first.
 */
export function vmRealm(runtime, { compile } = {}) {
  const context = vm.createContext({});
  context.__autoreload = runtime;
  const load = (id, source) => {
    const code = compile ? compile(source, id) : source;
    const module = vm.runInContext("({ exports: {} })", context);
    vm.runInContext(`(function (exports, require, module, __filename) {${code}\n})`, context)(module.exports, () => ({}), module, id);
    return module.exports;
  };
  const reload = (id, source) => {
    const record = runtime.record(id);
    record.beginReload();
    try {
      const exports = load(id, source);
      record.commit(exports);
      return exports;
    } catch (error) {
      record.rollback();
      throw error;
    }
  };
  return { load, reload, run: (code) => vm.runInContext(code, context), runtime };
}

/** Generation `k` of a module of classes: a base class, a subclass, one returning an object, one a primitive. */
export const classSources = {
  esm: (k) => `export class Base {
  #s = ${k};
  x = ${k};
  constructor(a) { this.a = a; this.nt = new.target.name; }
  get s() { return this.#s; }
  hello() { return "b${k}"; }
  toString() { return "B" + super.toString(); }
  static make(a) { return new Base(a); }
}
export class Sub extends Base { hello() { return "sub+" + super.hello(); } }
export class Boxed { constructor() { return { boxed: ${k} }; } }
export class Prim { constructor() { this.p = ${k}; return ${k}; } }`,
  cjs: (k) => classSources.esm(k).replace(/export class (\w+)/g, "class $1") + "\nmodule.exports = { Base, Sub, Boxed, Prim };",
  ts: (k) => classSources.esm(k).replace("constructor(a) {", "constructor(public a: number) {").replace("this.a = a; ", ""),
};

/** Evaluated in the realm: `(m) => [...]`, what the classes of `classSources` do through the stable classes. */
export const CLASS_PROBE = `(m) => {
  const b = new m.Base(3), s = new m.Sub(4), made = m.Base.make(5);
  return [
    [b instanceof m.Base, Object.getPrototypeOf(b) === m.Base.prototype, b.a, b.x, b.s, b.nt, b.hello(), String(b)],
    [s instanceof m.Sub && s instanceof m.Base, s.a, s.x, s.s, s.nt, s.hello()],
    [made.a, made.nt, new m.Boxed().boxed, new m.Prim().p, new m.Prim() instanceof m.Prim],
    [Object.getPrototypeOf(m.Base) === Function.prototype, Object.getPrototypeOf(m.Base.prototype) === Object.prototype, Object.getPrototypeOf(m.Sub) === m.Base],
  ];
}`;

/** What `CLASS_PROBE` gives for generation `k` (`at`: what a method decorator prefixes; `name`: the class's name). */
export const classProbeExpected = (k, at = "", name = "Base") => [
  [true, true, 3, k, k, name, `${at}b${k}`, "B[object Object]"],
  [true, 4, k, k, "Sub", `sub+${at}b${k}`],
  [5, name, k, k, true],
  [true, true, true],
];

/**
 * Constructors of `export class C { … }` and whether a reload generation may put the class over
 * the allocator (a derived class cannot return a primitive, which a base class may).
 */
export const allocatorConstructors = {
  over: [
    ["", "no constructor: `constructor() { <check> super(); }`"],
    ["constructor() { this.a = 1; }"],
    ["constructor() { if (a) return; this.a = 1; }"],
    ["constructor() { return { a: 1 }; }"],
    ["constructor() { return [1]; }"],
    ["constructor() { return this; }"],
    ["constructor() { return new Proxy(this, {}); }"],
    ["constructor() { return new a.b.C; }"],
    [
      "constructor() { this.f = () => { return 1; }; this.g = function () { return 2; }; this.h = { m() { return 3; } }; }",
      "returns of nested functions are theirs",
    ],
  ],
  base: [
    ["constructor() { return 1; }"],
    ["constructor() { if (a) { return x; } }"],
    ["constructor() { for (;;) { return this.x; } }"],
    ["constructor() { return new C() + 1; }"],
    ["constructor() { return {}.x; }"],
  ],
};
