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
const { default: autoreloadPlugin, describeProgram } = require("babel-plugin-autoreload") as {
  default: babel.PluginItem;
  describeProgram: (babel: object, ast: babel.types.File | babel.BabelFile, code: string, options: object) => ModuleFacts | undefined;
};
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

/** What the plugin gets from a request (the same for a compile and a description). */
function pluginOptions({ moduleId, reload }: CompileRequest): { moduleId: string; runtimeImport: false; reload: boolean } {
  return { moduleId, runtimeImport: false, reload: reload === true };
}

/**
 * The options of a compile of `request`, with `autoreload` (our plugin, or the describer) where
 * the plugin goes: the user's Babel config when the project has one (our plugin after its
 * plugins, as Babel orders programmatic plugins), otherwise TypeScript and JSX presets as the
 * file's extension asks.
 */
function babelOptions(request: CompileRequest, autoreload: babel.PluginItem, useConfig: boolean): babel.TransformOptions {
  const { filename, source, format } = request;
  const presets: babel.PluginItem[] = [];
  if (!useConfig) {
    if (isTypeScript(filename)) presets.push([presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]);
    if (isJsx(filename)) presets.push([presetReact, { runtime: "automatic" }]);
  }
  const plugins: babel.PluginItem[] = [[autoreload, pluginOptions(request)]];
  // Decorators (TypeScript files only: Node runs no decorator syntax in .js), legacy when the
  // project's tsconfig says `experimentalDecorators`. Only for files that contain an `@`.
  if (!useConfig && isTypeScript(filename) && /@[A-Za-z_$]/.test(source)) {
    plugins.push([decorators, { version: legacyDecorators(dirname(filename)) ? "legacy" : "2023-11" }]);
  }
  if (format === "commonjs") plugins.push(modulesCommonJS);
  return {
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
  };
}

type FactsMetadata = { autoreload?: { facts?: ModuleFacts } } | undefined;

/**
 * In a transform with a project's config, in our plugin's place: the plugin's facts of the program
 * as our plugin would meet it (after what the config's own plugins did before it), then the
 * traversal stops. No other visitor runs; with `code: false` nothing is generated.
 */
const describer = (): babel.PluginObj<babel.PluginPass> => ({
  name: "autoreload-describe",
  visitor: {
    Program(program, state) {
      const facts = describeProgram(babel, state.file, state.file.code, { filename: state.filename, ...(state.opts as object) });
      if (facts !== undefined) (state.file.metadata as unknown as Record<string, unknown>).autoreload = { facts };
      program.stop();
    },
  },
});

/**
 * Babel: the user's Babel config when the project has one (our plugin added after its plugins),
 * otherwise TypeScript and JSX presets as the file's extension asks.
 */
export function createBabelCompiler(): Compiler {
  return {
    name: "babel",
    compile(request: CompileRequest): string {
      const { filename, source, onFacts } = request;
      let result: babel.BabelFileResult | null;
      try {
        result = babel.transformSync(source, babelOptions(request, autoreloadPlugin, hasProjectConfig(filename)));
      } finally {
        // `@babel/traverse` keeps NodePaths and scopes in WeakMaps keyed by AST nodes: the entries
        // die with each AST, but the tables never shrink (~8 KB per compile of a 5 KB module,
        // docs/esm.md "Memory"). They only save work within one transform: start each one empty.
        clearTraverseCache();
      }
      if (result?.code == null) throw new Error(`[autoreload] Babel produced no output for ${filename}`);
      const facts = (result.metadata as FactsMetadata)?.autoreload?.facts;
      if (facts !== undefined) onFacts?.(facts);
      return result.code;
    },
    /**
     * The facts `compile` would report, without compiling: the source is parsed with the
     * compile's options and the plugin's read-only passes run on it (`describeProgram`). With a
     * project's config, whose plugins run before ours and may edit the program first, a transform
     * whose first and only visit is the describer's (`code: false`). A syntax error throws
     * Babel's parse error, as the compile's.
     */
    describe(request: CompileRequest): ModuleFacts | undefined {
      const { filename, source } = request;
      try {
        if (hasProjectConfig(filename)) {
          const result = babel.transformSync(source, { ...babelOptions(request, describer, true), code: false, ast: false, sourceMaps: false });
          return (result?.metadata as FactsMetadata)?.autoreload?.facts;
        }
        const ast = babel.parseSync(source, babelOptions(request, autoreloadPlugin, false));
        if (ast === null) return undefined;
        return describeProgram(babel, ast, source, { filename, ...pluginOptions(request) });
      } finally {
        clearTraverseCache();
      }
    },
  };
}
