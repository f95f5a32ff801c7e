import { Module } from "node:module";
import { dirname } from "node:path";
import type { Runtime } from "../../core/index.js";

/** Node's Module, with the members superreload uses (all long-standing, used by every CJS tool). */
interface NodeModule {
  id: string;
  filename: string;
  loaded: boolean;
  exports: unknown;
  paths: string[];
  parent?: NodeModule | null | undefined;
  children: NodeModule[];
  _compile(code: string, filename: string): unknown;
}
interface ModuleStatics {
  new (id: string, parent?: NodeModule | null): NodeModule;
  _cache: Record<string, NodeModule | undefined>;
  _nodeModulePaths(dir: string): string[];
}
const NodeModuleClass = Module as unknown as ModuleStatics;

const isObjectLike = (v: unknown): v is object => typeof v === "object" && v !== null;

/**
 * Keeps the old `exports` object (docs/semantics.md; Python keeps the module object): copies the new
 * generation's own properties onto it as descriptors and deletes the ones it no longer has.
 * When either side is not a plain exports object (`module.exports = function/class/value`), the
 * module's exports become the new value (a function/class there is a cell handle, so it is the
 * same identity as before when it was one before).
 */
function syncExports(old: NodeModule, fresh: NodeModule): string[] {
  const before = old.exports;
  const after = fresh.exports;
  if (before === after) return [];
  if (!isObjectLike(before) || !isObjectLike(after) || Array.isArray(before) !== Array.isArray(after)) {
    old.exports = after;
    return [];
  }
  const added = Object.keys(after).filter((key) => !Object.prototype.hasOwnProperty.call(before, key));
  for (const key of Reflect.ownKeys(before)) {
    if (!Reflect.getOwnPropertyDescriptor(after, key)) Reflect.deleteProperty(before, key);
  }
  for (const key of Reflect.ownKeys(after)) {
    const d = Reflect.getOwnPropertyDescriptor(after, key);
    if (d === undefined) continue;
    const existing = Reflect.getOwnPropertyDescriptor(before, key);
    if (existing !== undefined && existing.configurable !== true) {
      // Babel's `__esModule` and re-export getters are non-configurable; their values agree.
      if (existing.writable === true && "value" in d) (before as Record<PropertyKey, unknown>)[key] = d.value;
      continue;
    }
    Reflect.defineProperty(before, key, d);
  }
  return added;
}

/**
 * The Modules of each file's newest reload evaluations: the last committed one, and the failed one
 * after it, if any. Node keeps a CommonJS source map on the Module object that compiled the code
 * and finds it by file name through a WeakRef to that Module (the newest registration for a file
 * name wins), so the Module it registered last must stay alive, or stack traces lose their mapping
 * once it is collected (E8). A code that did not compile registered nothing, hence both. At most
 * two per file; the ones they replace are collectable, with their source maps and exports.
 */
const committedEvaluation = new Map<string, NodeModule>();
const failedEvaluation = new Map<string, NodeModule>();

/** The exports object of a loaded CommonJS module (the one importers hold). */
export function exportsOf(file: string): unknown {
  return NodeModuleClass._cache[file]?.exports;
}

export type ReloadResult =
  | { readonly ok: true; readonly exports: unknown; readonly added: readonly string[] }
  | { readonly ok: false; readonly error: unknown };

/**
 * IPython's `superreload` for one CommonJS module: evaluates the new code in a fresh `Module`
 * (requires resolve to the cached modules, so nothing else re-evaluates), then commits its cells
 * and syncs its exports into the old exports object — or, if it threw, rolls every cell back.
 */
export function superreloadCommonJS(runtime: Runtime, file: string, code: string): ReloadResult {
  const old = NodeModuleClass._cache[file];
  const record = runtime.record(file);
  const parent = old?.parent ?? null;
  const fresh = new NodeModuleClass(file, parent);
  // Node's Module constructor appends the new module to `parent.children`, which lives as long as
  // the parent: one Module (and its exports, its source map entry) kept per reload. The parent's
  // child is the module in require.cache (`old`), so the evaluation's Module is taken out again.
  if (parent !== null && Array.isArray(parent.children)) {
    const i = parent.children.lastIndexOf(fresh);
    if (i !== -1) parent.children.splice(i, 1);
  }
  fresh.filename = file;
  fresh.paths = old?.paths ?? NodeModuleClass._nodeModulePaths(dirname(file));
  record?.beginReload();
  try {
    fresh._compile(code, file);
  } catch (error) {
    failedEvaluation.set(file, fresh);
    runtime.record(file)?.rollback();
    return { ok: false, error };
  }
  fresh.loaded = true;
  committedEvaluation.set(file, fresh);
  failedEvaluation.delete(file);
  let added: string[] = [];
  if (old === undefined) {
    NodeModuleClass._cache[file] = fresh;
  } else {
    added = syncExports(old, fresh);
  }
  const target = old ?? fresh;
  runtime.record(file)?.commit(target.exports);
  return { ok: true, exports: target.exports, added };
}
