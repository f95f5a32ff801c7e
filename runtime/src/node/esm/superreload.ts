// superreload for ES modules (docs/esm.md): re-evaluates only the changed module, as a function
// the runtime owns, and commits its cells — or rolls every cell back if it fails.
import { readFileSync, statSync } from "node:fs";
import { Module } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RuntimeGlobal } from "@autoreload/abi";
import type { Runtime } from "../../core/index.js";
import type { Reloader } from "../controller/autoreload.js";
import { PatchRefusal } from "../patch/patch-source.js";
import { applyPatch, commitPatch, evaluationRefusal, preparePatch, wrapForEvaluation, type Patcher } from "../patch/apply-patch.js";
import { fallbackPath, GENERATION_QUERY } from "./format.js";
import type { LinkedBindings } from "./live.js";
import { toFunctionModule, type Dependency, type FunctionModule } from "./transform.js";
import { displayPath } from "../report/render.js";

type Enter = RuntimeGlobal["enter"];

/** Files whose running code is a reload generation (a full reload of them committed). */
const fullyReloaded = new Set<string>();
const reloadedInFull = (file: string): boolean => fullyReloaded.has(file);
/** The module body: its parameters are what `define`'s list names ("require", "exports", specifiers). */
type Factory = (...values: unknown[]) => Promise<void>;

/** What the function module (esm-transform.ts) exports. */
interface CompiledGeneration {
  /** Calls `define(dependencies, factory)`; `module`, `__filename`, `__dirname` stay undefined, as in an ES module. */
  run(
    define: (dependencies: readonly string[], factory: Factory) => void,
    meta: Record<string, unknown>,
    enter: Enter,
    write: (value: unknown, ...names: string[]) => unknown,
    module: undefined,
    filename: undefined,
    dirname: undefined,
  ): void;
  load(specifier: string, attributes: Record<string, string> | undefined): Promise<unknown>;
}

/** Names in `define`'s list that are not dependencies. */
const AMD_NAMES = new Set(["require", "exports", "module"]);

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

/** A dependency namespace kept across reloads of its importer (the namespace of a URL never changes). */
interface CachedDependency {
  readonly namespace: unknown;
  /**
   * For a file specifier (relative, absolute, `file:`): the file it resolved to, and whether
   * directly (then the file still being there is enough) or by the TypeScript fallbacks of the
   * resolve hook (then the resolution is done again: a file Node prefers may have appeared).
   * Undefined for builtins and packages: they are reused as they are.
   */
  readonly file?: string;
  readonly direct?: boolean;
}

type SpecifierKind = "file" | "stable" | "uncached";

/**
 * Which dependencies are kept: files (checked on every reload), builtins and packages (files
 * under node_modules are neither instrumented nor watched), `data:` URLs. Package `#imports`
 * and other schemes are imported again each time (what they map to is not checked here).
 */
function specifierKind(specifier: string): SpecifierKind {
  if (/^(\.\.?(\/|$)|\/|file:)/.test(specifier)) return "file";
  if (specifier.startsWith("#")) return "uncached";
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return specifier.startsWith("node:") || specifier.startsWith("data:") ? "stable" : "uncached";
  return "stable";
}

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/** The file a file specifier means from `parentURL`, as the resolve hook finds it (undefined: none). */
function fileTarget(specifier: string, parentURL: string): { file: string; direct: boolean } | undefined {
  let path: string;
  try {
    const target = new URL(specifier, parentURL);
    if (target.protocol !== "file:") return undefined;
    path = fileURLToPath(target);
  } catch {
    return undefined;
  }
  if (isFile(path)) return { file: path, direct: true };
  const alt = fallbackPath(path);
  return alt === undefined ? undefined : { file: alt, direct: false };
}

/** Whether a cached dependency still stands for what `specifier` means now. */
function stillValid(entry: CachedDependency, specifier: string, parentURL: string): boolean {
  if (entry.file === undefined) return true;
  if (entry.direct === true) return isFile(entry.file);
  return fileTarget(specifier, parentURL)?.file === entry.file;
}

const dependencyKey = (dep: Dependency): string => (dep[1] === undefined ? dep[0] : `${dep[0]}\0${JSON.stringify(dep[1])}`);

/**
 * The reloader for `format: "module"`: `(file, code)` where `code` is the compiler's instrumented
 * ES module. Steps: compile to a generation function (esm-transform.ts) → its dependencies'
 * namespaces (kept from the previous reload of the file while each still resolves to the same
 * file; otherwise `import()`, which does not evaluate a module loaded already) → `beginReload()` →
 * run it → `commit()` (and push exported values into the linked bindings) or `rollback()`.
 */
export interface ESMReloader {
  readonly reload: Reloader;
  /** Patches a module in its live scope: a reload generation's scope, or the linked one when its patch cannot run as plain statements. */
  readonly patch: Patcher;
}

export function createESMReloader(runtime: Runtime, linked: LinkedBindings): ESMReloader {
  const generations = new Map<string, number>();
  const exportNames = new Map<string, ReadonlySet<string>>();
  /** Per importing file, its dependencies' namespaces by specifier and attributes. */
  const dependencies = new Map<string, Map<string, CachedDependency>>();
  /** Namespaces of files some reloaded module imports, by file (saves an import for export names). */
  const namespaceOf = new Map<string, unknown>();

  /**
   * The namespaces of a generation's dependencies, loaded before anything of the module changes:
   * a missing one fails the reload with nothing to roll back. A namespace kept from the last
   * reload is used while its file is still there (a deleted one is imported again, and fails as
   * it did at first).
   */
  async function loadDependencies(
    file: string,
    url: string,
    compiled: CompiledGeneration,
    deps: readonly Dependency[],
  ): Promise<{ ok: true; namespaces: Map<string, unknown> } | { ok: false; error: unknown }> {
    const cached = dependencies.get(file);
    const kept = new Map<string, CachedDependency>(cached ?? []);
    const namespaces = new Map<string, unknown>();
    for (const dep of deps) {
      const key = dependencyKey(dep);
      let entry = cached?.get(key);
      if (entry !== undefined && !stillValid(entry, dep[0], url)) entry = undefined;
      if (entry === undefined) {
        let namespace: unknown;
        try {
          namespace = await compiled.load(dep[0], dep[1]);
        } catch (error) {
          dependencies.set(file, kept);
          return { ok: false, error: importError(error, dep, file) };
        }
        const kind = specifierKind(dep[0]);
        if (kind === "stable") {
          entry = { namespace };
        } else if (kind === "file") {
          const target = fileTarget(dep[0], url);
          if (target !== undefined) {
            entry = { namespace, ...target };
            if (dep[1] === undefined) namespaceOf.set(target.file, namespace);
          }
        }
        if (entry === undefined) {
          namespaces.set(dep[0], namespace);
          continue;
        }
      }
      kept.set(key, entry);
      namespaces.set(dep[0], entry.namespace);
    }
    dependencies.set(file, kept);
    return { ok: true, namespaces };
  }

  /** Runs a generation function's `run`, which calls `define(list, factory)`. */
  function define(
    compiled: CompiledGeneration,
    file: string,
    url: string,
    enter: Enter,
    write: (value: unknown, ...names: string[]) => unknown,
  ): { names: readonly string[]; factory: Factory } {
    let defined: { names: readonly string[]; factory: Factory } | undefined;
    compiled.run((names, factory) => void (defined = { names, factory }), importMeta(file, url), enter, write, undefined, undefined, undefined);
    if (defined === undefined) throw new Error(`[autoreload] the reload generation of ${displayPath(file)} defined nothing`);
    return defined;
  }

  const dependencyList = (list: readonly string[], fn: FunctionModule): Dependency[] => {
    const deps: Dependency[] = [];
    for (const specifier of new Set(list)) if (!AMD_NAMES.has(specifier)) deps.push([specifier, fn.attributes.get(specifier)]);
    return deps;
  };

  const reload: Reloader = async (file, code) => {
    const url = pathToFileURL(file).href;
    let compiled: CompiledGeneration;
    let fn: FunctionModule;
    try {
      fn = toFunctionModule(code, file);
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

    const generation = linked.generation(url, fn.via === "babel");
    const enter: Enter = (id, token, abi, evaluate, facts) => generation.handle(linked.enter(id, token, abi, evaluate, facts));
    let defined: { names: readonly string[]; factory: Factory };
    try {
      defined = define(compiled, file, url, enter, generation.write);
    } catch (error) {
      return { ok: false, error };
    }
    const { names: list, factory } = defined;
    const deps = dependencyList(list, fn);

    // Export names before this generation (the linked module's at first), for `added`. The
    // linked module's namespace is asked for now, alongside the dependencies (with the
    // off-thread hooks each import() is a round trip to the hooks thread).
    let before = exportNames.get(file);
    let linkedNamespace: Promise<unknown> | undefined;
    if (before === undefined) {
      const known = namespaceOf.get(file);
      linkedNamespace = known === undefined ? compiled.load(url, undefined) : Promise.resolve(known);
      linkedNamespace.catch(() => undefined);
    }

    const loaded = await loadDependencies(file, url, compiled, deps);
    if (!loaded.ok) return { ok: false, error: loaded.error };
    const { namespaces } = loaded;

    if (before === undefined) {
      try {
        before = new Set(Object.keys((await linkedNamespace) as object));
      } catch {
        before = new Set();
      }
    }

    const record = runtime.record(url);
    const require = (specifier: string): unknown => namespaces.get(specifier);
    const values = list.map((name) =>
      name === "require" ? require : name === "exports" ? generation.exports : name === "module" ? undefined : namespaces.get(name),
    );
    record?.beginReload();
    try {
      await factory(...values);
    } catch (error) {
      runtime.record(url)?.rollback();
      return { ok: false, error };
    }
    generation.commit();
    runtime.record(url)?.commit(generation.exports);
    fullyReloaded.add(file);
    const names = Object.keys(generation.exports);
    exportNames.set(file, new Set(names));
    const previous = before;
    return { ok: true, exports: generation.exports, added: names.filter((n) => !previous.has(n)) };
  };

  /**
   * A patch of a module whose scope reaches its imports through namespaces (a reload generation),
   * or whose patch needs `import.meta` or an import of its own: the patch is compiled with the
   * file's imports and turned into a generation function as a full reload is, and that function
   * is evaluated in the module's live scope; its factory then runs there with the dependencies'
   * namespaces (the same objects the running generation holds).
   */
  const patchAsGeneration: Patcher = async (request) => {
    const { file, record } = request;
    const url = pathToFileURL(file).href;
    let prepared: ReturnType<typeof preparePatch>;
    try {
      prepared = preparePatch(request, true);
    } catch (error) {
      if (error instanceof PatchRefusal) return { ok: false, fallback: error.message };
      throw error;
    }
    let fn: FunctionModule;
    try {
      fn = toFunctionModule(prepared.code, file);
    } catch (error) {
      return { ok: false, fallback: `its patch could not be turned into a generation (${String((error as Error)?.message ?? error)})` };
    }
    const text = wrapForEvaluation(
      fn.code,
      url,
      prepared.earlier.map(([n]) => n),
      (body) => `const module = { exports: {} };${body}\n;return module.exports;`,
    );
    let compiled: CompiledGeneration;
    try {
      compiled = (record.evaluate(text) as (...args: unknown[]) => CompiledGeneration)(
        prepared.sink,
        prepared.bind,
        ...prepared.earlier.map(([, value]) => value),
      );
    } catch (error) {
      return evaluationRefusal(error);
    }
    let defined: { names: readonly string[]; factory: Factory };
    try {
      defined = define(compiled, file, url, linked.enter, (value) => value);
    } catch (error) {
      return { ok: false, error };
    }
    const loaded = await loadDependencies(file, url, compiled, dependencyList(defined.names, fn));
    if (!loaded.ok) return { ok: false, error: loaded.error };
    const require = (specifier: string): unknown => loaded.namespaces.get(specifier);
    const values = defined.names.map((name) =>
      name === "require" ? require : name === "exports" ? {} : name === "module" ? undefined : loaded.namespaces.get(name),
    );
    return commitPatch(request, prepared, () => defined.factory(...values));
  };

  const patch: Patcher = async (request) => {
    if (!reloadedInFull(request.file)) {
      const plain = await applyPatch(request);
      // The linked generation's scope has the imports as bindings; only a patch that cannot run
      // as plain statements there (`import.meta`, an import the compiler added) takes the other way.
      if (plain.ok || plain.fallback === undefined || !plain.fallback.startsWith("its patch could not be evaluated in place")) return plain;
    }
    return patchAsGeneration(request);
  };

  return { reload, patch };
}

/** The file a module id / generation URL is about. */
export const fileOfId = (id: string): string => (id.startsWith("file:") ? fileURLToPath(id.split("?")[0] ?? id) : id);
