// Exported value bindings of ES modules (SPEC §3.3.2, docs/abi.md "ESM live bindings").
//
// Importers are linked by Node to the bindings of the generation Node evaluated (the first one);
// reload generations are evaluated by the runtime (superreload-esm.ts) and nobody links to them.
// So the setters that matter are the linked generation's. This adapter records them when that
// generation calls `_ar$m.live(name, get, set)`, and gives each reload generation an `exports`
// object whose writes go to them: buffered while the generation runs (a failed reload changes
// nothing), pushed at commit, and written through afterwards while the generation is current
// (`export let count = 0; export function inc() { count++; }` keeps importers up to date).
//
// It wraps `runtime.enter` (the core keeps every generation's live map privately); see
// docs/esm.md for the core API that would make the wrapper unnecessary.
import type { GenerationToken, ModuleHandle } from "../abi.js";
import { normalizeId, type Runtime } from "../core/index.js";

type Setter = (value: unknown) => void;
type Enter = (id: string, token: GenerationToken, abi: number) => ModuleHandle;

/** One reload generation's `exports` object and what happens to its writes. */
export interface GenerationExports {
  readonly exports: Record<string, unknown>;
  /** Pushes every value written so far into the linked bindings and writes through from now on. */
  commit(): void;
  /** A newer generation took over: later writes stay local. */
  retire(): void;
}

export class LinkedBindings {
  /** Setters of linked generations, by module id, by exported name. */
  private readonly setters = new Map<string, Map<string, Setter[]>>();
  /** The generation whose writes go through, by module id. */
  private readonly current = new Map<string, GenerationExports>();
  /** The runtime's own `enter` (reload generations call it directly: they are not linked). */
  readonly enter: Enter;

  /** `beforeLinkedEnter`: called when a linked ES module starts evaluating (esm-install drains track messages). */
  constructor(runtime: Runtime, beforeLinkedEnter?: () => void) {
    const original: Enter = runtime.enter.bind(runtime);
    this.enter = original;
    const wrapped: Enter = (id, token, abi) => {
      if (!id.startsWith("file:")) return original(id, token, abi);
      beforeLinkedEnter?.();
      const handle = original(id, token, abi);
      const key = normalizeId(id);
      const handleLive = handle.live;
      const own = Object.create(handle) as ModuleHandle & { live: ModuleHandle["live"] };
      Object.defineProperty(own, "live", {
        value: (name: string, get: () => unknown, set: Setter) => {
          handleLive(name, get, set);
          this.add(key, name, set);
        },
      });
      return own;
    };
    (runtime as { enter: Enter }).enter = wrapped;
  }

  private add(id: string, name: string, set: Setter): void {
    let byName = this.setters.get(id);
    if (byName === undefined) {
      byName = new Map();
      this.setters.set(id, byName);
    }
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [set]);
    else list.push(set);
  }

  /** Names the linked generations of `id` export as values. */
  names(id: string): ReadonlySet<string> {
    return new Set(this.setters.get(id)?.keys() ?? []);
  }

  /** A fresh `exports` object for a reload generation of `id`. */
  generation(id: string): GenerationExports {
    const setters = this.setters.get(id) ?? new Map<string, Setter[]>();
    const values = new Map<string, unknown>();
    let state: "running" | "current" | "retired" = "running";
    const exports: Record<string, unknown> = {};
    const push = (name: string, value: unknown): void => {
      for (const set of setters.get(name) ?? []) set(value);
    };
    for (const name of setters.keys()) {
      Object.defineProperty(exports, name, {
        enumerable: true,
        configurable: true,
        get: () => values.get(name),
        set: (value: unknown) => {
          values.set(name, value);
          if (state === "current") push(name, value);
        },
      });
    }
    const generation: GenerationExports = {
      exports,
      commit: () => {
        this.current.get(id)?.retire();
        this.current.set(id, generation);
        state = "current";
        for (const [name, value] of values) push(name, value);
      },
      retire: () => {
        state = "retired";
      },
    };
    return generation;
  }
}

/** A module handle for a generation nobody links to: its `live` registrations are not kept. */
export function unlinkedHandle(handle: ModuleHandle): ModuleHandle {
  const own = Object.create(handle) as ModuleHandle;
  Object.defineProperty(own, "live", { value: () => {} });
  return own;
}
