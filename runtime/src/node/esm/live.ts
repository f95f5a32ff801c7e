// Exported value bindings of ES modules (docs/semantics.md, docs/abi.md "ESM live bindings").
//
// Importers are linked by Node to the bindings of the generation Node evaluated (the first one);
// reload generations are evaluated by the runtime (superreload-esm.ts) and nobody links to them.
// So the setters that matter are the linked generation's. This adapter records them when that
// generation calls `_ar$m.live(name, get, set)`. A reload generation registers its values the same
// way (`live(name, get)`: getters of its own bindings), and they reach the linked bindings:
// not while it runs (a failed reload changes nothing), all of them at commit, and afterwards each
// time the generation writes one while it is current (`export let count = 0; export function
// inc() { count++; }` keeps importers up to date). How a write is told depends on the route of
// esm-transform.ts: the SWC route wraps every write of an exported value in `__ar$w(value,
// …names)`; the Babel route writes `exports.x = …` (a Proxy's `set` tells).
//
// It wraps `runtime.enter` (the core keeps every generation's live map privately); see
// docs/esm.md for the core API that would make the wrapper unnecessary.
import type { ModuleHandle, RuntimeGlobal } from "@autoreload/abi";
import { normalizeId, type Runtime } from "../../core/index.js";

type Setter = (value: unknown) => void;
type Enter = RuntimeGlobal["enter"];

/** One reload generation: its `exports` object and how its values reach the linked bindings. */
export interface Generation {
  readonly exports: Record<string, unknown>;
  /** The handle the generation's `enter` returns: its `live` registrations are kept here, not in the core. */
  handle(handle: ModuleHandle): ModuleHandle;
  /** `__ar$w(value, …names)`: the generation wrote these exported values (by `live` name); returns `value`. */
  write(value: unknown, ...names: string[]): unknown;
  /** Pushes every registered value into the linked bindings, and later writes from now on. */
  commit(): void;
  /** A newer generation took over: later writes stay local. */
  retire(): void;
}

export class LinkedBindings {
  /** Setters of linked generations, by module id, by exported name. */
  private readonly setters = new Map<string, Map<string, Setter[]>>();
  /** The generation whose writes go through, by module id. */
  private readonly current = new Map<string, Generation>();
  /** The runtime's own `enter` (reload generations call it directly: they are not linked). */
  readonly enter: Enter;

  /** `beforeLinkedEnter`: called when a linked ES module starts evaluating (esm-install drains track messages). */
  constructor(runtime: Runtime, beforeLinkedEnter?: () => void) {
    const original: Enter = runtime.enter.bind(runtime);
    this.enter = original;
    const wrapped: Enter = (id, token, abi, evaluate, facts) => {
      if (!id.startsWith("file:")) return original(id, token, abi, evaluate, facts);
      beforeLinkedEnter?.();
      const handle = original(id, token, abi, evaluate, facts);
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

  /**
   * A fresh reload generation of `id`. `exportWrites`: every write to its `exports` object tells
   * (the Babel route, which writes `exports.x = …`); otherwise only `write()` does (the SWC route).
   */
  generation(id: string, exportWrites = false): Generation {
    const getters = new Map<string, () => unknown>();
    let state: "running" | "current" | "retired" = "running";
    const push = (name: string): void => {
      const list = this.setters.get(id)?.get(name);
      const get = getters.get(name);
      if (list === undefined || get === undefined) return;
      let value: unknown;
      try {
        value = get();
      } catch {
        return; // not initialised (TDZ): nothing to push yet
      }
      for (const set of list) set(value);
    };
    const target: Record<string, unknown> = {};
    const generation: Generation = {
      exports: exportWrites
        ? new Proxy(target, {
            set(object, key, value) {
              const done = Reflect.set(object, key, value);
              // `exports.y = x = …` names the export, not the local the registration uses: all of them.
              if (state === "current") for (const name of getters.keys()) push(name);
              return done;
            },
          })
        : target,
      handle(handle) {
        const own = Object.create(handle) as ModuleHandle;
        Object.defineProperty(own, "live", {
          value: (name: string, get: () => unknown) => {
            getters.set(name, get);
          },
        });
        return own;
      },
      write(value, ...names) {
        if (state === "current") for (const name of names) push(name);
        return value;
      },
      commit: () => {
        this.current.get(id)?.retire();
        this.current.set(id, generation);
        state = "current";
        // A linked name this generation no longer registers keeps its last value.
        for (const name of this.setters.get(id)?.keys() ?? []) push(name);
      },
      retire() {
        state = "retired";
      },
    };
    return generation;
  }
}
