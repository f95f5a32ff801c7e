/**
 * The fast path, what the runtime's loaders call:
 *
 *   transformSync(code, { filename, swcOptions, autoreload: { moduleId, runtimeImport: false } })
 *
 * SWC strips TypeScript/JSX and prints plain JavaScript with its source map (pass 1); the plugin
 * tokenizes that text, edits it, and moves the map's generated positions along with the edits;
 * a second SWC pass runs only for module conversion, lowering below ES2022 or minification.
 *
 * CommonJS output (`module.type: "commonjs"`) with nothing else asked for takes the direct route
 * instead: one SWC pass that converts the modules too, and the edits on SWC's CommonJS output
 * (`cjs-glue.ts` reads what SWC wrote around the user's code). It emits what the two passes
 * would; files whose output it cannot vouch for take the two passes (`directRoute`).
 *
 * `describeSync(code, options)` gives the facts `transformSync` would return, without the output:
 * the same route and SWC pass, the instrumentation's reading of it, no edits and no second pass
 * (a patch reload asks for the facts first, and compiles the whole file only for a full reload;
 * that compile takes up the description's pass).
 */
import { resolveOptions, type AutoreloadOptions, type ResolvedOptions } from "./options.js";
import { collect, emit, instrument, type Collected, type InstrumentInput } from "./instrument.js";
import { swcTransform, type SwcOptions, type SwcOutput } from "./swc-adapter.js";
import { splitPasses, type Passes } from "./swc-options.js";
import { sourceKind } from "./module-kind.js";
import { TwoPassNeeded } from "./cjs-glue.js";
import { mappingsField } from "./edits.js";
import type { ModuleKind } from "./plan.js";
import type { ModuleFacts } from "@autoreload/abi";

export interface TransformOptions {
  filename?: string | undefined;
  /** `@swc/core` options, as for `transformSync`. `swcrc`/`configFile` default to false here. */
  swcOptions?: SwcOptions | undefined;
  autoreload?: AutoreloadOptions | undefined;
}

export interface TransformResult {
  code: string;
  /** Source map JSON (when `swcOptions.sourceMaps` is true or "both"). */
  map: string | undefined;
  /**
   * The module's statement facts (option `patch`, the default; ABI 4, docs/abi.md): the same object
   * the code passes to `enter` as JSON. Undefined when the file is left as SWC prints it.
   */
  facts: ModuleFacts | undefined;
}

export function transformSync(code: string, options: TransformOptions = {}): TransformResult {
  return transformWith(code, options, "auto");
}

/**
 * Which route CommonJS output takes: "auto" (the direct route when it applies), "two-pass", or
 * "direct" (throws `TwoPassNeeded` when the direct route does not apply). For tests that compare
 * the routes; other output than CommonJS always takes the first pass (and a second when needed).
 */
export type Route = "auto" | "two-pass" | "direct";

export function transformWith(code: string, options: TransformOptions, route: Route): TransformResult {
  const p = prepare(code, options);
  return finish(
    byRoute(
      code,
      p,
      route,
      (glue) => directPass(code, p, glue),
      () => twoPasses(code, p),
    ),
    p.passes,
  );
}

/**
 * The facts `transformSync(code, options)` returns, without the output: the same SWC pass (the
 * direct route's, or the first of two), the same tokenizing, analysis and facts (`collect`), but
 * no edits, no moving of the map along with them, no second pass, no inline map. Undefined where
 * `transformSync` reports none (`patch: false`, a file left as written). Throws SWC's syntax
 * errors as `transformSync` does; an error only a second pass would raise (module conversion,
 * lowering, minifying the instrumented code) is not raised here. The next `transformSync` of the
 * same text with the same options takes up this pass and reading (`lastReading`) and only edits.
 */
export function describeSync(code: string, options: TransformOptions = {}): ModuleFacts | undefined {
  return describeWith(code, options, "auto");
}

/** `describeSync` through the route `transformWith(code, options, route)` takes (tests compare them). */
export function describeWith(code: string, options: TransformOptions, route: Route): ModuleFacts | undefined {
  const p = prepare(code, options);
  return byRoute(
    code,
    p,
    route,
    (glue) => factsOfPass(code, p, p.passes.direct!, glue),
    () => factsOfPass(code, p, p.passes.first, undefined),
  );
}

/** What a transform decides before SWC runs: options, passes, module kind, the source for the facts. */
interface Prepared {
  readonly resolved: ResolvedOptions;
  readonly filename: string | undefined;
  readonly passes: Passes;
  readonly kind: ModuleKind | undefined;
  readonly source: Source;
}

function prepare(code: string, options: TransformOptions): Prepared {
  const resolved = resolveOptions(options.autoreload);
  const filename = options.filename ?? options.swcOptions?.filename;
  const swcOptions = options.swcOptions ?? {};
  // the facts read SWC's map of its first pass: it is made even when the caller wants none
  const passes = splitPasses(swcOptions, filename, resolved.patch);
  const kind = sourceKind(code, filename);
  const source: Source = { text: code, ...syntaxOf(swcOptions), unpatchable: resolved.patch ? inputMapReason(code, swcOptions) : undefined };
  return { resolved, filename, passes, kind, source };
}

/**
 * Runs the direct CommonJS route (`direct`, told whether SWC wraps the file in its glue) when the
 * options, the file and `route` allow it, else — or when the direct route throws `TwoPassNeeded`
 * on `route` "auto" — the two passes (`twoPass`).
 */
function byRoute<T>(code: string, p: Prepared, route: Route, direct: (glue: boolean) => T, twoPass: () => T): T {
  if (route !== "two-pass" && p.passes.direct) {
    const how = directRoute(code, p.kind, p.resolved);
    if (how === undefined && route === "direct") throw new TwoPassNeeded("the file is not for the direct route");
    if (how !== undefined) {
      try {
        return direct(how === "glue");
      } catch (error) {
        if (!(error instanceof TwoPassNeeded) || route === "direct") throw error;
      }
    }
  } else if (route === "direct") {
    throw new TwoPassNeeded("the options are not for the direct route");
  }
  return twoPass();
}

/**
 * `describeWith`'s pass: SWC with the options of the route's pass (`glue` undefined: the first of
 * two passes), then what `instrument` reads before its first edit.
 */
function factsOfPass(code: string, p: Prepared, options: SwcOptions, glue: boolean | undefined): ModuleFacts | undefined {
  if (!p.resolved.patch) {
    swcTransform(code, { ...options, sourceMaps: false }); // no facts, but SWC's errors as the compile's
    return undefined;
  }
  lastReading = undefined;
  const swc = swcTransform(code, options);
  const collected = collect(readingInput(code, p, swc, swc.map === undefined ? undefined : mapOf(swc.map).mappings, glue));
  const key = readingKey(p, options, glue);
  if (key !== undefined) lastReading = { key, code, swc, collected };
  return collected?.facts;
}

/** What `instrument` is given for a pass's output (`glue` undefined: the first of two passes). */
function readingInput(code: string, p: Prepared, swc: SwcOutput, mappings: string | undefined, glue: boolean | undefined): InstrumentInput {
  const cjs = glue === undefined ? {} : { commonJsGlue: glue, commonJsOutput: true };
  return {
    code: swc.code,
    mappings,
    options: p.resolved,
    filename: p.filename,
    moduleKind: p.kind,
    original: code,
    ...cjs,
    source: p.source,
    unpatchable: p.source.unpatchable,
  };
}

/**
 * The last description's SWC pass and reading of it (`collect`), for one compile of the same text
 * with the same options: the runtime describes a new version first, and compiles it whole when
 * the patch gives way to a full reload; that compile then only edits. Kept until a compile takes
 * it or the next description replaces it.
 */
let lastReading: { readonly key: string; readonly code: string; readonly swc: SwcOutput; readonly collected: Collected | undefined } | undefined;

/**
 * What a pass's output and its reading depend on besides the text: the pass's SWC options, the
 * route, the plugin's options, the file name (module kind, syntax and the input map's reason follow
 * from these and the text). Undefined when they cannot be compared as JSON (a function among the
 * options) or SWC reads other files (a configuration file, the input's own source map: they may
 * change in between).
 */
function readingKey(p: Prepared, options: SwcOptions, glue: boolean | undefined): string | undefined {
  if (options.swcrc !== false || options.configFile !== false || p.source.unpatchable !== undefined) return undefined;
  let plain = true;
  const key = JSON.stringify([options, glue ?? null, p.resolved, p.filename ?? null], (_k, v: unknown) => {
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
      plain = false;
      return null;
    }
    return v;
  });
  return plain ? key : undefined;
}

/** Drops the last description (tests compare compiles with and without one). */
export function forgetDescription(): void {
  lastReading = undefined;
}

/** The description of `code` for this pass, if it is the last one (taken: it serves one compile). */
function takeReading(
  code: string,
  p: Prepared,
  options: SwcOptions,
  glue: boolean | undefined,
): { readonly swc: SwcOutput; readonly collected: Collected | undefined } | undefined {
  const last = lastReading;
  if (last === undefined || last.code !== code || last.key !== readingKey(p, options, glue)) return undefined;
  lastReading = undefined;
  return last;
}

interface Output {
  code: string;
  map: string | undefined;
  facts: ModuleFacts | undefined;
}

/** The text SWC is given, its syntax, and why SWC's map would not lead back to it (if so). */
interface Source {
  readonly text: string;
  readonly jsx: boolean;
  readonly typescript: boolean;
  readonly unpatchable: string | undefined;
}

/** TypeScript and JSX as SWC's parser options say (SWC's default parser is plain ECMAScript). */
function syntaxOf(options: SwcOptions): { jsx: boolean; typescript: boolean } {
  const parser = options.jsc?.parser as { syntax?: string; tsx?: boolean; jsx?: boolean } | undefined;
  if (parser?.syntax === "typescript") return { typescript: true, jsx: parser.tsx === true };
  return { typescript: false, jsx: parser?.jsx === true };
}

const SOURCE_MAPPING_URL = /\/[/*][#@]\s*sourceMappingURL=/;

/**
 * SWC composes its map with the input's own source map (an `inputSourceMap` string, or a
 * `sourceMappingURL` comment it reads by default): positions then lead to another file.
 */
function inputMapReason(code: string, options: SwcOptions): string | undefined {
  const input = options.inputSourceMap;
  if (typeof input === "string" || (input !== false && SOURCE_MAPPING_URL.test(code))) {
    return "the file comes with a source map of its own, so SWC's positions lead to another file: the SWC plugin cannot tell where its statements are";
  }
  return undefined;
}

function twoPasses(code: string, p: Prepared): Output {
  const { passes } = p;
  const described = takeReading(code, p, passes.first, undefined);
  const first = described?.swc ?? swcTransform(code, passes.first);
  const map = first.map === undefined ? undefined : mapOf(first.map);
  let out = first.code;
  let mapJson = first.map;
  const input = readingInput(code, p, first, map?.mappings, undefined);
  const done = described ? described.collected && emit(input, described.collected) : instrument(input);
  if (done) {
    out = done.code;
    if (map && done.mappings !== undefined) mapJson = map.replace(done.mappings);
  }
  if (passes.second) {
    const secondOptions: SwcOptions = { ...passes.second, sourceMaps: passes.sourceMaps !== false };
    if (mapJson !== undefined && passes.sourceMaps !== false) secondOptions.inputSourceMap = mapJson;
    const second = swcTransform(out, secondOptions);
    out = done ? configurableExports(second.code) : second.code;
    mapJson = second.map;
  }
  return { code: out, map: mapJson, facts: done?.facts };
}

/** One SWC pass with CommonJS output, then the edits on it. Throws `TwoPassNeeded`. */
function directPass(code: string, p: Prepared, glue: boolean): Output {
  const described = takeReading(code, p, p.passes.direct!, glue);
  const swc = described?.swc ?? swcTransform(code, p.passes.direct!);
  const map = swc.map === undefined ? undefined : mapOf(swc.map);
  const input = readingInput(code, p, swc, map?.mappings, glue);
  const done = described ? described.collected && emit(input, described.collected) : instrument(input);
  if (!done) return { ...swc, facts: undefined };
  return { code: configurableExports(done.code), map: map && done.mappings !== undefined ? map.replace(done.mappings) : swc.map, facts: done.facts };
}

/** The mappings of SWC's source map JSON, and the JSON with other mappings. */
function mapOf(json: string): { readonly mappings: string; readonly replace: (mappings: string) => string } {
  const field = mappingsField(json);
  if (field) return field;
  const map = JSON.parse(json) as { mappings: string };
  return { mappings: map.mappings, replace: (mappings) => JSON.stringify({ ...map, mappings }) };
}

function finish(output: Output, passes: Passes): TransformResult {
  let { code: out, map: mapJson } = output;
  if (passes.sourceMaps === "inline" || passes.sourceMaps === "both") {
    if (mapJson !== undefined) out += `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(mapJson).toString("base64")}`;
    if (passes.sourceMaps === "inline") mapJson = undefined;
  }
  return { code: out, map: passes.sourceMaps === false ? undefined : mapJson, facts: output.facts };
}

/** `import`/`export` (ES module syntax or just the words), not a dynamic `import(…)`. */
const ESM_WORD = /\bimport\b(?!\s*\()|\bexport\b/;
const REQUIRE_CALL = /\brequire\s*\(/;
const EXPORT_ASSIGN = /\bexport\s*=(?!=)/;
/** An import (up to its specifier's quote) that binds a name the emitted code reads. */
const SHADOWING_IMPORT = /\bimport\b[^;'"]*?\b(?:Reflect|globalThis|undefined)\b/;

/**
 * Whether the direct route may run, and how: "glue" (the file has ES module syntax, SWC wraps it in
 * its CommonJS glue), "plain" (a CommonJS file: SWC's output is the file itself), or undefined
 * (take the two passes). The direct route gives up on what it cannot tell apart in SWC's output:
 * - a module kind that only the first pass's output would decide (no `.mjs`/`.cjs` name, no
 *   import/export at the start of a line, but the words somewhere), and a `.mjs`/`.mts` file
 *   without import/export (two passes make it a module with `exports.__esModule`, SWC alone not);
 * - the user's own `require(…)` (it would look like SWC's import glue), `import.meta` (SWC turns
 *   it into a require; two passes see `import.meta.hot` first), `export =` (two passes lose the
 *   "use strict" there), SWC's generated names (`_export`, `_interop_require_…`, `_default`:
 *   SWC would rename the user's binding), an import of a name the emitted code uses (`Reflect`,
 *   `globalThis`, `undefined`: two passes would rewrite the emitted reference to the import).
 */
function directRoute(code: string, kind: ModuleKind | undefined, options: ResolvedOptions): "glue" | "plain" | undefined {
  if (options.script) return undefined;
  const esmSyntax = ESM_WORD.test(code);
  if (!esmSyntax) return kind === "esm" ? undefined : "plain";
  if (kind === undefined) return undefined;
  if (
    code.includes("import.meta") ||
    code.includes("_export") ||
    code.includes("_interop_require") ||
    code.includes("_getRequireWildcardCache") ||
    code.includes("_default")
  )
    return undefined;
  if (REQUIRE_CALL.test(code) || EXPORT_ASSIGN.test(code)) return undefined;
  if ((code.includes("Reflect") || code.includes("globalThis") || code.includes("undefined")) && SHADOWING_IMPORT.test(code)) return undefined;
  return "glue";
}

/**
 * SWC's CommonJS output defines each export as a getter with `Object.defineProperty`, which makes
 * it non-configurable: a reload could then neither remove an export nor replace its getter.
 * Instrumented modules get configurable export getters (as Babel's `exports.x = x` assignments
 * are); the edit stays on the helper's own line, so the source map is unaffected.
 *
 *   Object.defineProperty(target, name, {        Object.defineProperty(target, name, {
 *       enumerable: true,                    →       enumerable: true, configurable: true,
 */
function configurableExports(code: string): string {
  return code.replace(
    /(function _export\(target, all\) \{\n\s*for\s*\(var name in all\)\s*Object\.defineProperty\(target, name, \{\n\s*enumerable: true,)/,
    "$1 configurable: true,",
  );
}
