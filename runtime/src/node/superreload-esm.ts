// superreload for ES modules (docs/esm.md): re-evaluates only the changed module, as a function
// the runtime owns, and commits its cells — or rolls every cell back if it fails.
import { readFileSync } from "node:fs";
import { Module } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GenerationToken, ModuleHandle } from "../abi.js";
import type { Runtime } from "../core/index.js";
import type { Reloader } from "./autoreload.js";
import { GENERATION_QUERY } from "./esm-format.js";
import { unlinkedHandle, type LinkedBindings } from "./esm-live.js";
import { toFunctionModule, type Dependency } from "./esm-transform.js";
import { displayPath } from "./render.js";

interface CompiledGeneration {
  run(
    exports: Record<string, unknown>,
    require: (specifier: string) => unknown,
    meta: Record<string, unknown>,
    enter: (id: string, token: GenerationToken, abi: number) => ModuleHandle,
    module: undefined,
    filename: undefined,
    dirname: undefined,
  ): Promise<void>;
  load(specifier: string, attributes: Record<string, string> | undefined): Promise<unknown>;
}

interface NodeModule {
  exports: unknown;
  _compile(code: string, filename: string, format?: string): unknown;
}
const NodeModuleClass = Module as unknown as new (id: string, parent: null) => NodeModule;

/** `import.meta` of a reload generation: what Node gives the module, for the file (no query). */
function importMeta(file: string, url: string): Record<string, unknown> {
  return {
    url,
    filename: file,
    dirname: dirname(file),
    main: false,
    resolve(specifier: string): string {
      if (/^(\.\.?\/|\/)/.test(specifier)) return new URL(specifier, url).href;
      if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return specifier;
      return pathToFileURL(Module.createRequire(file).resolve(specifier)).href;
    },
  };
}

/** 1-based line, 0-based column of the first place `specifier` is written as a string in `source`. */
function findSpecifier(source: string, specifier: string): { line: number; column: number } | undefined {
  for (const quote of ['"', "'", "`"]) {
    const at = source.indexOf(`${quote}${specifier}${quote}`);
    if (at === -1) continue;
    const before = source.slice(0, at);
    const line = before.split("\n").length;
    return { line, column: at - before.lastIndexOf("\n") - 1 };
  }
  return undefined;
}

/** A missing import, said in the user's terms and pointing at the import in the original source. */
function importError(error: unknown, dep: Dependency, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_UNSUPPORTED_DIR_IMPORT") return error;
  let source = "";
  try {
    source = readFileSync(file, "utf8");
  } catch {
    // gone again: no location
  }
  const at = findSpecifier(source, dep[0]);
  const located = new Error(`Cannot find module '${dep[0]}' imported from ${displayPath(file)}`, { cause: error });
  (located as { code?: unknown }).code = code;
  located.stack = `Error: ${located.message}${at === undefined ? "" : `\n    at ${file}:${at.line}:${at.column + 1}`}`;
  return located;
}

/**
 * The reloader for `format: "module"`: `(file, code)` where `code` is the compiler's instrumented
 * ES module. Steps: compile to a generation function (esm-transform.ts) → load its dependencies'
 * namespaces with `import()` (already-loaded modules are not evaluated again) → `beginReload()` →
 * run it → `commit()` (and push exported values into the linked bindings) or `rollback()`.
 */
export function createESMReloader(runtime: Runtime, linked: LinkedBindings): Reloader {
  const generations = new Map<string, number>();
  const exportNames = new Map<string, ReadonlySet<string>>();
  return async (file, code) => {
    const url = pathToFileURL(file).href;
    let compiled: CompiledGeneration;
    let deps: readonly Dependency[];
    try {
      const fn = toFunctionModule(code, file);
      deps = fn.deps;
      const n = (generations.get(file) ?? 1) + 1;
      generations.set(file, n);
      // Its own file name (a URL with `?autoreload=N`): stack traces are mapped with this
      // generation's source map, not the previous one's; `import()` inside resolves relative to it.
      const filename = `${url}?${GENERATION_QUERY}=${n}`;
      const mod = new NodeModuleClass(filename, null);
      mod._compile(fn.code, filename, "commonjs");
      compiled = mod.exports as CompiledGeneration;
    } catch (error) {
      return { ok: false, error };
    }

    // Dependencies first, before anything of the module changes: a missing one fails the reload
    // with nothing to roll back. Modules loaded already are returned as they are (not re-run).
    const namespaces = new Map<string, unknown>();
    for (const dep of deps) {
      try {
        namespaces.set(dep[0], await compiled.load(dep[0], dep[1]));
      } catch (error) {
        return { ok: false, error: importError(error, dep, file) };
      }
    }

    // Export names before this generation (the linked module's at first), for `added`.
    let before = exportNames.get(file);
    if (before === undefined) {
      try {
        before = new Set(Object.keys((await compiled.load(url, undefined)) as object));
      } catch {
        before = new Set();
      }
    }

    const record = runtime.record(url);
    const generation = linked.generation(url);
    record?.beginReload();
    try {
      await compiled.run(
        generation.exports,
        (specifier) => namespaces.get(specifier),
        importMeta(file, url),
        (id, token, abi) => unlinkedHandle(linked.enter(id, token, abi)),
        undefined,
        undefined,
        undefined,
      );
    } catch (error) {
      runtime.record(url)?.rollback();
      return { ok: false, error };
    }
    generation.commit();
    runtime.record(url)?.commit(generation.exports);
    const names = Object.keys(generation.exports);
    exportNames.set(file, new Set(names));
    const previous = before;
    return { ok: true, exports: generation.exports, added: names.filter((n) => !previous.has(n)) };
  };
}

/** The file a module id / generation URL is about. */
export const fileOfId = (id: string): string => (id.startsWith("file:") ? fileURLToPath(id.split("?")[0] ?? id) : id);
