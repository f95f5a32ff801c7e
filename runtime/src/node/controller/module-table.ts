import { createHash } from "node:crypto";
import type { ModuleFormat } from "../compile/compiler.js";

/** What the Node layer knows about one loaded source file (IPython's `modules_mtimes`, plus hashes). */
export interface LoadedModule {
  readonly file: string;
  readonly format: ModuleFormat;
  /** Load order, used to reload dependencies before dependents when several files changed. */
  readonly order: number;
  mtimeMs: number;
  size: number;
  /** Hash of the content now running. */
  hash: string;
  /** Hash of the content whose reload failed last (not retried until the content changes). */
  failedHash: string | undefined;
  deleted: boolean;
  /** Reload count, for `autoreload.status()`. */
  reloads: number;
}

export const contentHash = (source: string): string => createHash("sha1").update(source).digest("hex");

/** Loaded modules by absolute file name. */
export class ModuleTable {
  private readonly modules = new Map<string, LoadedModule>();
  private nextOrder = 0;

  track(file: string, format: ModuleFormat, source: string, mtimeMs: number, size: number): LoadedModule {
    const existing = this.modules.get(file);
    if (existing !== undefined) return existing;
    const entry: LoadedModule = {
      file,
      format,
      order: this.nextOrder++,
      mtimeMs,
      size,
      hash: contentHash(source),
      failedHash: undefined,
      deleted: false,
      reloads: 0,
    };
    this.modules.set(file, entry);
    return entry;
  }

  get(file: string): LoadedModule | undefined {
    return this.modules.get(file);
  }

  has(file: string): boolean {
    return this.modules.has(file);
  }

  files(): IterableIterator<string> {
    return this.modules.keys();
  }

  /** Every module, dependencies before dependents (reverse load order; the map keeps load order). */
  allInReloadOrder(): LoadedModule[] {
    return [...this.modules.values()].reverse();
  }

  /** Dependencies before dependents: a module loads after the module that required it. */
  inReloadOrder(files: Iterable<string>): LoadedModule[] {
    const list: LoadedModule[] = [];
    for (const f of files) {
      const m = this.modules.get(f);
      if (m !== undefined) list.push(m);
    }
    return list.sort((a, b) => b.order - a.order);
  }
}
