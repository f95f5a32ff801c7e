import { ABI_VERSION, OLDEST_ABI_VERSION, type Evaluator, type GenerationToken, type ModuleHandle, type RuntimeGlobal } from "@autoreload/abi";
import { ModuleRecord } from "./module-record.js";

/**
 * The platform-neutral runtime: one per realm, installed as `globalThis.__autoreload`.
 * Loading, watching and reporting are layered on top by the Node side (runtime/src/node).
 */
export interface Runtime extends RuntimeGlobal {
  /** Every module that entered the runtime, by id (file path or URL). */
  readonly records: ReadonlyMap<string, ModuleRecord>;
  /** The record for `id`, without creating it. */
  record(id: string): ModuleRecord | undefined;
  /** Called when a module calls `hot.invalidate()`; the Node layer reloads it. */
  onInvalidate: ((record: ModuleRecord, message: string | undefined) => void) | undefined;
}

/** Normalises ids: reload generations of ESM modules carry a `?autoreload=N` query. */
export function normalizeId(id: string): string {
  const q = id.indexOf("?");
  if (q === -1) return id;
  const query = new URLSearchParams(id.slice(q + 1));
  if (!query.has("autoreload")) return id;
  query.delete("autoreload");
  const rest = query.toString();
  return rest === "" ? id.slice(0, q) : `${id.slice(0, q)}?${rest}`;
}

export function createRuntime(): Runtime {
  const records = new Map<string, ModuleRecord>();
  const runtime: Runtime = {
    abi: ABI_VERSION,
    records,
    onInvalidate: undefined,
    record: (id) => records.get(normalizeId(id)),
    enter(id: string, token: GenerationToken, abi: number, evaluate?: Evaluator, facts?: string): ModuleHandle {
      // Older ABIs that this one only added to run as they did (OLDEST_ABI_VERSION, docs/abi.md).
      if (!(abi >= OLDEST_ABI_VERSION && abi <= ABI_VERSION)) {
        throw new Error(
          `[autoreload] ${id} was instrumented for ABI ${String(abi)}, but the runtime speaks ABI ${ABI_VERSION}. ` +
            "Rebuild it with the plugin version that matches the installed autoreload runtime.",
        );
      }
      const key = normalizeId(id);
      let record = records.get(key);
      if (record === undefined) {
        record = new ModuleRecord(key, (r, message) => runtime.onInvalidate?.(r, message));
        records.set(key, record);
      }
      return record.enter(token, typeof evaluate === "function" ? evaluate : undefined, typeof facts === "string" ? facts : undefined);
    },
  };
  return runtime;
}
