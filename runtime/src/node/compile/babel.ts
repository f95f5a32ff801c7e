import babel from "@babel/core";
import type { ModuleFacts } from "@autoreload/abi";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isJsx, isTypeScript, type CompileRequest, type Compiler } from "./compiler.js";
import { clearTraverseCache } from "../esm/transform.js";

const require = createRequire(import.meta.url);

// Loaded through the package name (not a TypeScript import) so the runtime and the plugin build
// independently; the plugin imports the ABI from this package.
const autoreloadPlugin = (require("babel-plugin-autoreload") as { default: babel.PluginItem }).default;
const presetTypeScript = require("@babel/preset-typescript") as babel.PluginItem;
const presetReact = require("@babel/preset-react") as babel.PluginItem;
const modulesCommonJS = require("@babel/plugin-transform-modules-commonjs") as babel.PluginItem;
const decorators = require("@babel/plugin-proposal-decorators") as babel.PluginItem;

/**
 * Whether the nearest tsconfig.json above `dir` turns on `experimentalDecorators` (TypeScript's
 * legacy decorators); otherwise decorators in TypeScript files are standard ones (2023-11).
 */
const legacyCache = new Map<string, boolean>();
function legacyDecorators(dir: string): boolean {
  const cached = legacyCache.get(dir);
  if (cached !== undefined) return cached;
  let result: boolean;
  const tsconfig = join(dir, "tsconfig.json");
  if (existsSync(tsconfig)) {
    // tsconfig allows comments and trailing commas: look for the one setting instead of parsing.
    result = /"experimentalDecorators"\s*:\s*true/.test(readFileSync(tsconfig, "utf8"));
  } else {
    const parent = dirname(dir);
    result = parent !== dir && legacyDecorators(parent);
  }
  legacyCache.set(dir, result);
  return result;
}

/** Whether `filename` is covered by a Babel config file of the user's project (cached per directory). */
const hasConfigCache = new Map<string, boolean>();
function hasProjectConfig(filename: string): boolean {
  const dir = filename.slice(0, filename.lastIndexOf("/"));
  let has = hasConfigCache.get(dir);
  if (has === undefined) {
    const partial = babel.loadPartialConfig({ filename, cwd: process.cwd() });
    has = partial?.hasFilesystemConfig() ?? false;
    hasConfigCache.set(dir, has);
  }
  return has;
}

/**
 * Babel: the user's Babel config when the project has one (our plugin added first), otherwise
 * TypeScript and JSX presets as the file's extension asks.
 */
export function createBabelCompiler(): Compiler {
  return {
    name: "babel",
    compile({ filename, source, format, moduleId, reload, onFacts }: CompileRequest): string {
      const useConfig = hasProjectConfig(filename);
      const presets: babel.PluginItem[] = [];
      if (!useConfig) {
        if (isTypeScript(filename)) presets.push([presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]);
        if (isJsx(filename)) presets.push([presetReact, { runtime: "automatic" }]);
      }
      const plugins: babel.PluginItem[] = [[autoreloadPlugin, { moduleId, runtimeImport: false, reload: reload === true }]];
      // Decorators (TypeScript files only: Node runs no decorator syntax in .js), legacy when the
      // project's tsconfig says `experimentalDecorators`. Only for files that contain an `@`.
      if (!useConfig && isTypeScript(filename) && /@[A-Za-z_$]/.test(source)) {
        plugins.push([decorators, { version: legacyDecorators(dirname(filename)) ? "legacy" : "2023-11" }]);
      }
      if (format === "commonjs") plugins.push(modulesCommonJS);
      let result: babel.BabelFileResult | null;
      try {
        result = babel.transformSync(source, {
          filename,
          cwd: process.cwd(),
          babelrc: useConfig,
          configFile: useConfig ? undefined : false,
          sourceType: format === "module" ? "module" : "unambiguous",
          presets,
          plugins,
          sourceMaps: "inline",
          retainLines: false,
          compact: false,
          comments: true,
        });
      } finally {
        // `@babel/traverse` keeps NodePaths and scopes in WeakMaps keyed by AST nodes: the entries
        // die with each AST, but the tables never shrink (~8 KB per compile of a 5 KB module,
        // docs/esm.md "Memory"). They only save work within one transform: start each one empty.
        clearTraverseCache();
      }
      if (result?.code == null) throw new Error(`[autoreload] Babel produced no output for ${filename}`);
      const facts = (result.metadata as { autoreload?: { facts?: ModuleFacts } } | undefined)?.autoreload?.facts;
      if (facts !== undefined) onFacts?.(facts);
      return result.code;
    },
  };
}
