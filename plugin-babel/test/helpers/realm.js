// Evaluating transform outputs in fresh `node:vm` realms with the real autoreload core installed as `globalThis.__autoreload`.
import { createRequire } from "node:module";
import vm from "node:vm";

const require = createRequire(import.meta.url);

// The runtime is built before the tests run (`npm test` builds first): its real core, always.
import { createRuntime } from "autoreload/core";

export const runtimeKind = "core";
export const newRuntime = () => createRuntime();

/** Realm-side helpers: `observe` (JSON-safe description of a value) and `attempt`. */
const HELPERS = String.raw`(() => {
  const kinds = new Map([
    [Object.getPrototypeOf(function () {}), "function"],
    [Object.getPrototypeOf(async function () {}), "async"],
    [Object.getPrototypeOf(function* () {}), "generator"],
    [Object.getPrototypeOf(async function* () {}), "async-generator"],
  ]);
  function observe(v, depth = 2) {
    if (v === undefined) return "<undefined>";
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
    if (typeof v === "bigint" || typeof v === "symbol") return String(v);
    if (typeof v === "function") {
      const proto = Object.getPrototypeOf(v);
      const out = {
        fn: kinds.get(proto) ?? "extends " + (proto && proto.name),
        isClass: /^class\b/.test(Function.prototype.toString.call(v)),
        name: v.name,
        length: v.length,
        hasPrototype: Object.prototype.hasOwnProperty.call(v, "prototype"),
      };
      if (depth > 0) out.own = own(v, depth - 1);
      return out;
    }
    const tag = Object.prototype.toString.call(v);
    if (Array.isArray(v)) return depth > 0 ? v.map((x) => observe(x, depth - 1)) : tag;
    if (depth <= 0) return tag;
    const proto = Object.getPrototypeOf(v);
    return { tag, proto: proto === null ? null : proto === Object.prototype ? "Object" : observe(proto.constructor, 0), own: own(v, depth - 1) };
  }
  function own(o, depth, sort = false) {
    const keys = Reflect.ownKeys(o);
    if (sort) keys.sort((a, b) => String(a).localeCompare(String(b)));
    return keys.map((k) => {
      const d = Object.getOwnPropertyDescriptor(o, k);
      const out = { key: String(k), enumerable: d.enumerable, configurable: d.configurable };
      if ("value" in d) {
        out.writable = d.writable;
        out.value = k === "constructor" ? "<constructor>" : observe(d.value, depth);
      } else {
        out.get = observe(d.get, 0);
        out.set = observe(d.set, 0);
      }
      return out;
    });
  }
  const failure = (e) => ({ threw: e && e.constructor && e.constructor.name, message: e && e.message });
  function attempt(f) {
    try { return { value: observe(f(), 3) }; } catch (e) { return failure(e); }
  }
  async function attemptAsync(f) {
    try { return { value: observe(await f(), 3) }; } catch (e) { return failure(e); }
  }
  /** The exports object: keys sorted (Babel's CommonJS interop orders them by declaration kind). */
  const exportsOf = (m) => (m !== null && typeof m === "object" ? own(m, 3, true) : observe(m, 4));
  return { observe, attempt, attemptAsync, exportsOf };
})()`;

/** Stand-ins for the packages the cases import. */
const STUBS = String.raw`({
  react: {
    createElement: (type, props, ...children) => ({ type, props, children }),
    Component: class Component { constructor(props) { this.props = props; } },
  },
})`;

/**
 * Evaluates `code` in a new realm, as CommonJS (wrapped like Node does) or as a classic script,
 * runs `probe` (source of an async function of (exports, helpers)) there, and returns
 * everything observed as plain JSON data.
 */
export async function run(code, { kind, filename, probe }) {
  const logs = [];
  const context = vm.createContext({ console: { log: (...args) => logs.push(args.map(String).join(" ")) } });
  context.__autoreload = newRuntime();
  const helpers = vm.runInContext(HELPERS, context);
  const stubs = vm.runInContext(STUBS, context);
  let exports;
  let threw;
  try {
    if (kind === "script") {
      vm.runInContext(code, context, { filename });
    } else {
      const module = vm.runInContext("({ exports: {} })", context);
      const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, { filename });
      const requireStub = (specifier) => {
        if (specifier === "autoreload/install") return {};
        if (specifier in stubs) return stubs[specifier];
        return require(specifier);
      };
      wrapper.call(module.exports, module.exports, requireStub, module, filename, "/virtual");
      exports = module.exports;
    }
  } catch (error) {
    threw = `${error?.constructor?.name}: ${error?.message}`;
  }
  const probed = probe ? await vm.runInContext(`(${probe})`, context)(exports, helpers) : undefined;
  const observed = { threw, logs, exports: kind === "script" ? undefined : helpers.exportsOf(exports), probed };
  return JSON.parse(JSON.stringify(observed));
}
