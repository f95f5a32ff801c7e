// The shared transform case list (harness/transform-cases) as the Babel plugin sees it.
import { createRequire } from "node:module";
import { transformSync } from "@babel/core";
import plugin from "../../dist/index.js";

const require = createRequire(import.meta.url);
export { cases, casesDir } from "@autoreload/harness/transform-cases";

const isTS = (name) => /\.[cm]?tsx?$/.test(name);
const isJSX = (name) => /\.[jt]sx$/.test(name);

function sourceType(c) {
  if (c.options.script) return "script";
  if (/\.m[jt]s$/.test(c.name)) return "module";
  if (/\.c[jt]s$/.test(c.name)) return "script";
  return "unambiguous";
}

/**
 * Babel's options for a case: the autoreload plugin (unless `plugin: false`), then the TypeScript
 * and React presets for .ts/.tsx/.jsx files, and any `extraPlugins` (e.g. the CommonJS transform).
 */
export function babelOptions(c, { withPlugin = true, options = {}, extraPlugins = [], sourceMaps = false } = {}) {
  const presets = [];
  if (isTS(c.name)) presets.push([require.resolve("@babel/preset-typescript"), { allowDeclareFields: true }]);
  if (isJSX(c.name)) presets.push(require.resolve("@babel/preset-react"));
  return {
    filename: c.filename,
    babelrc: false,
    configFile: false,
    sourceType: sourceType(c),
    parserOpts: { plugins: c.syntax },
    plugins: [...(withPlugin ? [[plugin, { ...c.options, ...options }]] : []), ...extraPlugins],
    presets,
    sourceMaps,
  };
}

/**
 * Runs Babel on a case (`babelOptions`). Returns the code, or Babel's whole result (code, map,
 * metadata) with `sourceMaps` or `full`.
 */
export function transform(c, { code = c.code, full = false, ...rest } = {}) {
  const result = transformSync(code, babelOptions(c, rest));
  return rest.sourceMaps || full ? result : result.code;
}
