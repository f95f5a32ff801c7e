import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ABI_VERSION, type ModuleFacts } from "@autoreload/abi";
import { isJsx, isTypeScript, type CompileRequest, type Compiler } from "./compiler.js";
import { cacheDirectory, withTransformCache } from "./transform-cache.js";

const require = createRequire(import.meta.url);

interface FastPathOptions {
  filename: string;
  swcOptions: Record<string, unknown>;
  autoreload: { moduleId: string; runtimeImport: false; reload: boolean };
}

interface SwcFastPath {
  transformSync(code: string, options: FastPathOptions): { code: string; facts?: ModuleFacts | undefined };
  /** The facts `transformSync` would report, without compiling (absent from plugin versions before it). */
  describeSync?(code: string, options: FastPathOptions): ModuleFacts | undefined;
}

/**
 * SWC through `swc-plugin-autoreload`'s fast path: SWC strips types and JSX, the plugin edits the
 * printed text (no AST crosses into JavaScript), and a second SWC pass converts ESM syntax to
 * CommonJS when the file is loaded by `require()`. Loaded by package name so the runtime and the
 * plugin build independently.
 */
export function createSwcCompiler(): Compiler {
  const plugin = require("swc-plugin-autoreload") as SwcFastPath;
  return withTransformCache(swcCompiler(plugin), compilerStamp(), cacheDirectory());
}

/**
 * What the output depends on besides the request: package versions, the ABI, and the newest
 * modification time of the plugin's and this file's code (so a rebuilt plugin in a workspace or
 * `npm link` never meets its old output).
 */
function compilerStamp(): string {
  const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;
  const pluginDir = dirname(require.resolve("swc-plugin-autoreload"));
  const newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...readdirSync(pluginDir).map((f) => statSync(join(pluginDir, f)).mtimeMs));
  return `swc:${version("swc-plugin-autoreload")}:${version("@swc/core")}:abi${ABI_VERSION}:${newest}`;
}

/** The plugin's options for `request`: the same for a compile and a description. */
function fastPathOptions({ filename, format, moduleId, reload }: CompileRequest): FastPathOptions {
  const parser = isTypeScript(filename)
    ? { syntax: "typescript", tsx: filename.endsWith(".tsx"), decorators: true }
    : { syntax: "ecmascript", jsx: isJsx(filename), decorators: true, importAttributes: true };
  const swcOptions: Record<string, unknown> = {
    filename,
    sourceMaps: "inline",
    isModule: format === "module" ? true : "unknown",
    swcrc: false,
    configFile: false,
    jsc: {
      parser,
      target: "es2022",
      keepClassNames: true,
      transform: { react: { runtime: "automatic" }, useDefineForClassFields: true },
      // `import data from "./d.json" with { type: "json" }`: SWC drops the attributes unless
      // told to keep them, and Node then refuses the JSON module.
      experimental: { keepImportAttributes: true },
    },
  };
  if (format === "commonjs") swcOptions.module = { type: "commonjs", ignoreDynamic: true };
  return { filename, swcOptions, autoreload: { moduleId, runtimeImport: false, reload: reload === true } };
}

function swcCompiler(plugin: SwcFastPath): Compiler {
  const compiler: Compiler = {
    name: "swc",
    compile(request: CompileRequest): string {
      const result = plugin.transformSync(request.source, fastPathOptions(request));
      if (result.facts !== undefined) request.onFacts?.(result.facts);
      return result.code;
    },
  };
  const describeSync = plugin.describeSync;
  if (describeSync === undefined) return compiler;
  return {
    ...compiler,
    /**
     * The plugin's `describeSync` with the compile's options: the same SWC pass and the plugin's
     * reading of it, without the edits, the map's update and the printing of an inline map.
     * Syntax errors throw as in `compile`. A full reload's `compile` of the same source right
     * after takes up the description's pass (the plugin keeps the last one) and only edits.
     */
    describe: (request: CompileRequest): ModuleFacts | undefined => describeSync.call(plugin, request.source, fastPathOptions(request)),
  };
}
