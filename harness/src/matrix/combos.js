// The combinations every scenario runs in: compiler × module format × language (each plugin must
// behave the same for CommonJS and ES modules, JavaScript and TypeScript).
import { toCommonJS } from "../index.js";

export const COMPILERS = /** @type {const} */ (["babel", "swc"]);
export const FORMATS = /** @type {const} */ (["cjs", "esm"]);
export const LANGS = /** @type {const} */ (["js", "ts"]);

/**
 * Rewrites relative specifiers without an extension (`"./lib"`) to name the file (`"./lib.ts"`),
 * as Node's ESM resolution requires. Specifiers that already have one are left alone.
 */
export const withExtensions = (ext) => (source) =>
  source.replace(/((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*?)(["'])/g, (all, head, spec, tail) =>
    /\.[a-z]+$/.test(spec) ? all : `${head}${spec}.${ext}${tail}`,
  );

/**
 * @typedef {{ id: string, compiler: "babel"|"swc", format: "cjs"|"esm", lang: "js"|"ts",
 *   name: string, ext: string, convert: (s: string) => string }} Combo
 * `name` is the variant name the runtime's scenario files know (`cjs-js`, `cjs-ts`, `esm-js`, `esm-ts`).
 */

/** @returns {Combo[]} */
export function combos() {
  const out = [];
  for (const compiler of COMPILERS) {
    for (const format of FORMATS) {
      for (const lang of LANGS) {
        const convert = format === "cjs" ? (lang === "js" ? toCommonJS : (s) => s) : withExtensions(lang);
        out.push({ id: `${compiler}·${format}·${lang}`, compiler, format, lang, name: `${format}-${lang}`, ext: lang, convert });
      }
    }
  }
  return out;
}
