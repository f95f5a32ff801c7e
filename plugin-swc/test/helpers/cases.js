// The shared transform case list (harness/transform-cases) as swc-plugin-autoreload sees it:
// the fast path (`transformSync` of this package) and the classic JS-plugin route.
import swc from "@swc/core";
import autoreload, { transformSync } from "../../dist/index.js";

export { cases, casesDir } from "@autoreload/harness/transform-cases";

/** `@swc/core` options for a case: parser from the extension, ES2022 output, no .swcrc. */
export function swcOptionsFor(c, extra = {}) {
  const ts = /\.[cm]?tsx?$/.test(c.name);
  const jsx = /\.[jt]sx$/.test(c.name);
  const parser = ts
    ? { syntax: "typescript", tsx: jsx, decorators: c.syntax.includes("decorators") }
    : { syntax: "ecmascript", jsx, decorators: c.syntax.includes("decorators") };
  const isModule = c.options.script ? false : /\.m[jt]s$/.test(c.name) ? true : "unknown";
  return { filename: c.filename, swcrc: false, configFile: false, isModule, jsc: { parser, target: "es2022" }, ...extra };
}

/** The fast path. */
export function fast(c, { options = {}, code = c.code, swcOptions = {} } = {}) {
  return transformSync(code, { filename: c.filename, swcOptions: swcOptionsFor(c, swcOptions), autoreload: { ...c.options, ...options } });
}

/** The classic JS-plugin route: `transformSync(src, { plugin: autoreload(options) })`. */
export function viaPlugin(c, { options = {}, code = c.code } = {}) {
  return swc.transformSync(code, { ...swcOptionsFor(c), plugin: autoreload({ ...c.options, ...options }) });
}

/** Plain SWC, no plugin. */
export function plain(c, { code = c.code } = {}) {
  return swc.transformSync(code, swcOptionsFor(c));
}
