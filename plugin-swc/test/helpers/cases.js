// The shared transform case list (harness/transform-cases) as swc-plugin-autoreload sees it:
// the fast path (`transformSync` of this package) and the classic JS-plugin route.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import swc from "@swc/core";
import autoreload, { transformSync } from "../../dist/index.js";

export const casesDir = fileURLToPath(new URL("../../../harness/transform-cases/", import.meta.url));

/** Every case file, with its plugin options (`// @options {…}`) and syntax flags (`// @syntax a, b`). */
export const cases = readdirSync(casesDir)
  .filter((name) => /\.(?:[cm]?js|[cm]?ts|tsx|jsx)$/.test(name))
  .sort()
  .map((name) => {
    const code = readFileSync(casesDir + name, "utf8");
    const options = /^\/\/ @options (\{.*\})$/m.exec(code);
    const syntax = /^\/\/ @syntax (.*)$/m.exec(code);
    return {
      name,
      filename: casesDir + name,
      code,
      options: options ? JSON.parse(options[1]) : {},
      syntax: syntax ? syntax[1].split(",").map((s) => s.trim()) : [],
    };
  });

/** `@swc/core` options for a case: parser from the extension, ES2022 output, no .swcrc. */
export function swcOptionsFor(c, extra = {}) {
  const ts = /\.[cm]?tsx?$/.test(c.name);
  const jsx = /\.[jt]sx$/.test(c.name);
  const parser = ts ? { syntax: "typescript", tsx: jsx, decorators: c.syntax.includes("decorators") } : { syntax: "ecmascript", jsx, decorators: c.syntax.includes("decorators") };
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
