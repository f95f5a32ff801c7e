// Runs CommonJS code in a fresh `node:vm` realm with the real autoreload core installed as `globalThis.__autoreload`.
import vm from "node:vm";

// The runtime is built before the tests run (`npm test` builds first): its real core, always.
import { createRuntime } from "autoreload/core";

export const runtimeKind = "core";

/** A JSON-safe description of a value, evaluated inside the realm. */
const OBSERVE = String.raw`(function observe(v, depth) {
  if (depth === undefined) depth = 3;
  if (v === undefined) return "<undefined>";
  if (v === null || typeof v !== "object" && typeof v !== "function") return typeof v === "number" && !Number.isFinite(v) ? String(v) : typeof v === "symbol" || typeof v === "bigint" ? String(v) : v;
  if (depth <= 0) return Object.prototype.toString.call(v);
  const own = (o) => Reflect.ownKeys(o).map((k) => {
    const d = Object.getOwnPropertyDescriptor(o, k);
    const out = { key: String(k), e: d.enumerable, c: d.configurable };
    if ("value" in d) { out.w = d.writable; out.value = k === "prototype" || k === "constructor" ? typeof d.value : observe(d.value, depth - 1); }
    else out.accessor = [typeof d.get, typeof d.set];
    return out;
  });
  if (typeof v === "function") {
    return {
      kind: Object.getPrototypeOf(v) === Function.prototype ? "function" : Object.getPrototypeOf(v).constructor.name || "extends",
      isClass: /^class\b/.test(Function.prototype.toString.call(v)),
      hasPrototype: Object.prototype.hasOwnProperty.call(v, "prototype"),
      own: own(v),
      protoOwn: v.prototype && typeof v.prototype === "object" ? Reflect.ownKeys(v.prototype).map(String) : null,
    };
  }
  if (Array.isArray(v)) return v.map((x) => observe(x, depth - 1));
  if (typeof v.then === "function") return "<promise>";
  return { proto: Object.getPrototypeOf(v) === null ? null : Object.getPrototypeOf(v).constructor.name, own: own(v) };
})`;

/**
 * Evaluates CommonJS `code` and returns `observe(module.exports)` (after awaiting
 * `module.exports.ready` when the module sets it, for async results).
 */
export async function run(code, filename = "/virtual/case.js") {
  const context = vm.createContext({ console });
  vm.runInContext("globalThis", context).__autoreload = createRuntime();
  const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, { filename });
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, () => ({}), module, filename, "/virtual");
  if (module.exports.ready) module.exports.ready = await module.exports.ready;
  return JSON.parse(JSON.stringify(vm.runInContext(OBSERVE, context)(module.exports)));
}
