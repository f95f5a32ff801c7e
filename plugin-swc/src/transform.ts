/**
 * The fast path, what the runtime's loaders call:
 *
 *   transformSync(code, { filename, swcOptions, autoreload: { moduleId, runtimeImport: false } })
 *
 * SWC strips TypeScript/JSX and prints plain JavaScript with its source map (pass 1); the plugin
 * tokenizes that text, edits it, and moves the map's generated positions along with the edits;
 * a second SWC pass runs only for module conversion, lowering below ES2022 or minification.
 */
import { resolveOptions, type AutoreloadOptions } from "./options.js";
import { instrument } from "./instrument.js";
import { swcTransform, type SwcOptions } from "./swc-adapter.js";
import { splitPasses } from "./swc-options.js";
import { sourceKind } from "./module-kind.js";

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
}

export function transformSync(code: string, options: TransformOptions = {}): TransformResult {
  const resolved = resolveOptions(options.autoreload);
  const filename = options.filename ?? options.swcOptions?.filename;
  const passes = splitPasses(options.swcOptions ?? {}, filename);
  const first = swcTransform(code, passes.first);
  let map = first.map === undefined ? undefined : (JSON.parse(first.map) as { mappings: string });
  let out = first.code;
  const done = instrument({ code: first.code, mappings: map?.mappings, options: resolved, filename, moduleKind: sourceKind(code, filename), original: code });
  if (done) {
    out = done.code;
    if (map && done.mappings !== undefined) map.mappings = done.mappings;
  }
  let mapJson = map ? JSON.stringify(map) : undefined;
  if (passes.second) {
    const secondOptions: SwcOptions = { ...passes.second, sourceMaps: passes.sourceMaps !== false };
    if (mapJson !== undefined) secondOptions.inputSourceMap = mapJson;
    const second = swcTransform(out, secondOptions);
    out = done ? configurableExports(second.code) : second.code;
    mapJson = second.map;
  }
  if (passes.sourceMaps === "inline" || passes.sourceMaps === "both") {
    if (mapJson !== undefined) out += `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(mapJson).toString("base64")}`;
    if (passes.sourceMaps === "inline") mapJson = undefined;
  }
  return { code: out, map: passes.sourceMaps === false ? undefined : mapJson };
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
  return code.replace(/(function _export\(target, all\) \{\n\s*for\s*\(var name in all\)\s*Object\.defineProperty\(target, name, \{\n\s*enumerable: true,)/, "$1 configurable: true,");
}
