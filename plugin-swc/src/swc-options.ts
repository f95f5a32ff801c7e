/**
 * Splits the caller's SWC options into the passes of the fast path:
 * - pass 1 strips TypeScript and JSX (and applies everything that keeps ES module syntax and
 *   ES2022 classes), so the analysis reads plain modern JavaScript;
 * - pass 2, only when asked for, converts modules (CommonJS, AMD, UMD, SystemJS), lowers below
 *   ES2022, or minifies: it runs on the instrumented code, as Babel runs these after the plugin.
 */
import type { SwcOptions } from "./swc-adapter.js";

const MODERN = ["es2022", "es2023", "es2024", "esnext"];

export interface Passes {
  readonly first: SwcOptions;
  /** Options of the second pass, or undefined when one pass is enough. */
  readonly second: SwcOptions | undefined;
  /** What the caller asked for: true, "inline", "both" or false. */
  readonly sourceMaps: boolean | "inline" | "both";
}

export function splitPasses(options: SwcOptions, filename: string | undefined): Passes {
  const sourceMaps = (options.sourceMaps ?? false) as boolean | "inline" | "both";
  const wantMap = sourceMaps !== false;
  const jsc = options.jsc ?? {};
  const moduleType = options.module?.type;
  const lowers = jsc.target === undefined ? options.env === undefined : !MODERN.includes(jsc.target);
  const needsSecond = (moduleType !== undefined && moduleType !== "es6") || lowers || options.env !== undefined || options.minify === true || jsc.minify !== undefined;
  const base: SwcOptions = { swcrc: false, configFile: false, ...options, sourceMaps: wantMap };
  if (filename !== undefined) base.filename = filename;
  if (!needsSecond) return { first: base, second: undefined, sourceMaps };
  const { module: _module, minify: _minify, env: _env, ...rest } = base;
  const { minify: _jscMinify, ...restJsc } = jsc;
  const first: SwcOptions = { ...rest, jsc: { ...restJsc, target: lowers || jsc.target === undefined ? "es2022" : jsc.target } };
  const second: SwcOptions = {
    ...base,
    jsc: { ...jsc, parser: { syntax: "ecmascript" } },
  };
  delete second.inputSourceMap;
  return { first, second, sourceMaps };
}
