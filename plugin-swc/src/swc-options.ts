/**
 * Splits the caller's SWC options into the passes of the fast path:
 * - pass 1 strips TypeScript and JSX (and applies everything that keeps ES module syntax and
 *   ES2022 classes), so the analysis reads plain modern JavaScript;
 * - pass 2, only when asked for, converts modules (CommonJS, AMD, UMD, SystemJS), lowers below
 *   ES2022, or minifies: it runs on the instrumented code, as Babel runs these after the plugin.
 *
 * CommonJS output with nothing else asked for has a cheaper route, `direct`: one SWC pass with the
 * caller's options, and the instrumentation reads SWC's CommonJS output (see `cjs-glue.ts`).
 */
import type { SwcOptions } from "./swc-adapter.js";

const MODERN = ["es2022", "es2023", "es2024", "esnext"];

/**
 * `module` options of the CommonJS transform whose output the direct route reads: they change
 * only the interop helpers or the prologue, never where imports are required or how exports are
 * defined (`lazy`, `exportInteropAnnotation`, … take the two passes).
 */
const DIRECT_MODULE_KEYS = new Set(["type", "ignoreDynamic", "strict", "strictMode", "noInterop", "importInterop", "allowTopLevelThis"]);

export interface Passes {
  readonly first: SwcOptions;
  /** Options of the second pass, or undefined when one pass is enough. */
  readonly second: SwcOptions | undefined;
  /**
   * When the second pass would only convert ES modules to CommonJS: the options of a single SWC
   * pass that does it (the caller's options), or undefined.
   */
  readonly direct: SwcOptions | undefined;
  /** What the caller asked for: true, "inline", "both" or false. */
  readonly sourceMaps: boolean | "inline" | "both";
}

/** `needMap`: pass 1 (or the direct pass) makes a source map even when the caller wants none (the facts read it). */
export function splitPasses(options: SwcOptions, filename: string | undefined, needMap = false): Passes {
  const sourceMaps = (options.sourceMaps ?? false) as boolean | "inline" | "both";
  const wantMap = sourceMaps !== false || needMap;
  const jsc = options.jsc ?? {};
  const moduleType = options.module?.type;
  const lowers = jsc.target === undefined ? options.env === undefined : !MODERN.includes(jsc.target);
  const minifies = options.minify === true || jsc.minify !== undefined;
  const needsSecond = (moduleType !== undefined && moduleType !== "es6") || lowers || options.env !== undefined || minifies;
  const base: SwcOptions = { swcrc: false, configFile: false, ...options, sourceMaps: wantMap };
  if (filename !== undefined) base.filename = filename;
  if (!needsSecond) return { first: base, second: undefined, direct: undefined, sourceMaps };
  const { module: _module, minify: _minify, env: _env, ...rest } = base;
  const { minify: _jscMinify, ...restJsc } = jsc;
  const first: SwcOptions = { ...rest, jsc: { ...restJsc, target: lowers || jsc.target === undefined ? "es2022" : jsc.target } };
  const second: SwcOptions = {
    ...base,
    jsc: { ...jsc, parser: { syntax: "ecmascript" } },
  };
  delete second.inputSourceMap;
  // Wasm plugins run in both passes of the two-pass route: not the same output in one pass
  const wasmPlugins = (jsc.experimental?.plugins?.length ?? 0) > 0;
  const onlyCommonJs =
    moduleType === "commonjs" &&
    !lowers &&
    options.env === undefined &&
    !minifies &&
    !wasmPlugins &&
    Object.keys(options.module!).every((k) => DIRECT_MODULE_KEYS.has(k));
  return { first, second, direct: onlyCommonJs ? base : undefined, sourceMaps };
}
