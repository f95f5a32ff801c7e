import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CompileRequest, Compiler } from "./compiler.js";

const ROOT_CONFIG_FILES = ["babel.config.js", "babel.config.cjs", "babel.config.mjs", "babel.config.json", "babel.config.cts", "babel.config.ts"];
const RELATIVE_CONFIG_FILES = [".babelrc", ".babelrc.js", ".babelrc.cjs", ".babelrc.mjs", ".babelrc.json", ".babelrc.cts"];

/**
 * Whether Babel would find a config for files in `dir`, by Babel's own rules: a project-wide
 * `babel.config.*` in the root (the working directory), or a `.babelrc*` / `"babel"` key in
 * package.json in `dir` or a parent up to the package root (the first package.json).
 */
function babelConfigFor(dir: string, cache: Map<string, boolean>): boolean {
  const cached = cache.get(dir);
  if (cached !== undefined) return cached;
  let result: boolean;
  if (RELATIVE_CONFIG_FILES.some((f) => existsSync(join(dir, f)))) {
    result = true;
  } else if (existsSync(join(dir, "package.json"))) {
    result = packageHasBabelKey(join(dir, "package.json")) || rootConfig(cache);
  } else {
    const parent = dirname(dir);
    result = parent === dir ? rootConfig(cache) : babelConfigFor(parent, cache);
  }
  cache.set(dir, result);
  return result;
}

function rootConfig(cache: Map<string, boolean>): boolean {
  const key = "\0root";
  let found = cache.get(key);
  if (found === undefined) {
    found = ROOT_CONFIG_FILES.some((f) => existsSync(join(process.cwd(), f)));
    cache.set(key, found);
  }
  return found;
}

function packageHasBabelKey(file: string): boolean {
  try {
    return "babel" in (JSON.parse(readFileSync(file, "utf8")) as object);
  } catch {
    return false; // An unreadable package.json is Node's error to report, not ours.
  }
}

/**
 * The default compiler: SWC (faster), except for files a project's Babel config covers, which
 * Babel compiles with that config. Each compiler is created on first use.
 */
export function createAutoCompiler(make: { babel: () => Compiler; swc: () => Compiler }): Compiler {
  const cache = new Map<string, boolean>();
  let babel: Compiler | undefined;
  let swc: Compiler | undefined;
  const pick = (request: CompileRequest): Compiler => (babelConfigFor(dirname(request.filename), cache) ? (babel ??= make.babel()) : (swc ??= make.swc()));
  return {
    name: "swc",
    compile(request: CompileRequest): string {
      return pick(request).compile(request);
    },
    describe(request: CompileRequest) {
      return pick(request).describe?.(request);
    },
  };
}
