import { EventEmitter } from "node:events";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Runtime } from "../../core/index.js";
import type { Compiler, ModuleFormat } from "../compile/compiler.js";
import { describeError } from "../report/errors.js";
import { ModuleTable, type LoadedModule } from "./module-table.js";
import type { Mode, Options } from "./options.js";
import { examine, type Examined } from "./examine.js";
import { PushTargets } from "./push-targets.js";
import { Selection } from "./selection.js";
import type { ReloadOutcome } from "../report/outcome.js";
import { displayPath, render } from "../report/render.js";
import { Watcher } from "../watch/watcher.js";
import type { ModuleFacts } from "@autoreload/abi";
import { attemptPatch } from "../patch/attempt.js";
import type { Patcher } from "../patch/apply-patch.js";
import { installServerGuard, type ServerGuard } from "./servers.js";

/** Re-evaluates one module of a given format; returns its new exports or the error it threw. */
export type ReloadResult =
  | { readonly ok: true; readonly exports: unknown; readonly added: readonly string[] }
  | { readonly ok: false; readonly error: unknown };
export type Reloader = (file: string, code: string) => Promise<ReloadResult> | ReloadResult;

export interface CheckRequest {
  /** Only these files (absolute or relative to the working directory); default: every loaded module. */
  readonly files?: Iterable<string>;
  /** IPython's `%autoreload now`: check whatever the mode. */
  readonly now?: boolean;
  /** Read the content even when mtime and size look unchanged (a watcher event was seen). */
  readonly force?: boolean;
}

export interface AutoreloadEvents {
  reload: [outcome: ReloadOutcome];
}

/**
 * The Node-side controller: knows the loaded modules, decides what to reload (modes, `aimport`),
 * drives compile → superreload → report, and owns the watcher. One per process (`start()`).
 */
export class Autoreload extends EventEmitter<AutoreloadEvents> {
  readonly modules = new ModuleTable();
  private readonly selection: Selection;
  private readonly pushTargets = new PushTargets();
  private print: boolean;
  private hideErrors: boolean;
  private verbose: boolean;
  private readonly reloaders = new Map<ModuleFormat, Reloader>();
  /** How each format evaluates a patch (the default evaluates it with the module's evaluator). */
  private readonly patchers = new Map<ModuleFormat, Patcher>();
  /** Servers the loaded modules opened: a full reload that listens again replaces them (servers.ts). */
  private servers: ServerGuard | undefined;
  private watcher: Watcher | undefined;
  private closed = false;
  /** Serialises checks: a reload never overlaps another (ESM reloads are async). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly runtime: Runtime,
    readonly compiler: Compiler,
    readonly options: Options,
  ) {
    super();
    this.selection = new Selection(options.mode);
    this.print = options.print;
    this.hideErrors = options.hideErrors;
    this.verbose = options.verbose;
    if (options.watch) {
      this.watcher = new Watcher(
        {
          onChange: (files) =>
            void this.check({ files, force: true }).then((outcomes) => {
              if (outcomes.some((o) => o.kind === "skipped" && o.reason === "empty")) this.watcher?.expectRest();
            }),
          onArmed: (files) => void this.check({ files }),
          onError: (error) => this.log(`[autoreload] watcher error: ${String(error)}`),
        },
        options,
      );
    }
  }

  /** Lets a loader (CommonJS, ESM) say how modules of its format are re-evaluated. */
  setReloader(format: ModuleFormat, reloader: Reloader): void {
    this.reloaders.set(format, reloader);
  }

  /** Watches `listen` so that a full reload of a module that opened a server never crashes on its port. */
  guardServers(): void {
    this.servers ??= installServerGuard((line, file) => this.log(`[autoreload] ${displayPath(file)}: ${line}`));
  }

  /** Lets a loader say how patches of its format's modules are evaluated. */
  setPatcher(format: ModuleFormat, patcher: Patcher): void {
    this.patchers.set(format, patcher);
  }

  /** Called by the loaders for every module they compile: remembers it and watches it. */
  track(file: string, format: ModuleFormat, source: string): void {
    if (this.modules.has(file)) return;
    let mtimeMs = 0;
    let size = source.length;
    try {
      const st = statSync(file);
      mtimeMs = st.mtimeMs;
      size = st.size;
    } catch {
      // Virtual or already gone: the content hash still decides.
    }
    this.modules.track(file, format, source, mtimeMs, size);
    this.watcher?.add(file);
  }

  /** IPython's `--print` / `--hide-errors` / `--log` flags: a line per reload, errors shown or not, the patch decision per statement. */
  flags(): { print: boolean; hideErrors: boolean; verbose: boolean } {
    return { print: this.print, hideErrors: this.hideErrors, verbose: this.verbose };
  }

  setFlags(flags: { readonly print?: boolean; readonly hideErrors?: boolean; readonly verbose?: boolean }): void {
    if (flags.print !== undefined) this.print = flags.print;
    if (flags.hideErrors !== undefined) this.hideErrors = flags.hideErrors;
    if (flags.verbose !== undefined) this.verbose = flags.verbose;
  }

  /** `autoreload.mode()` returns the mode; `mode("explicit")`/`mode(1)` sets it. */
  mode(mode?: Mode | string | number): Mode {
    return this.selection.mode(mode);
  }

  /** IPython's `%aimport` (selection.ts): mark, skip, or list (no argument). */
  aimport(spec = ""): { marked: string[]; skipped: string[] } {
    return this.selection.aimport(spec);
  }

  /**
   * Checks loaded modules (or just `files`) for changes and reloads the changed ones, dependencies
   * first. Resolves with the outcomes that are news: reloaded, failed, skipped (deleted, emptied,
   * same broken content), declined — not the unchanged modules or those the mode excludes. `now: true` is IPython's `%autoreload now`: one check whatever the mode. `force` reads
   * the content even when mtime and size look unchanged (the watcher saw an event).
   */
  check(request: CheckRequest = {}): Promise<ReloadOutcome[]> {
    const { files, now = false, force = false } = request;
    const run = async (): Promise<ReloadOutcome[]> => {
      if (this.closed) return [];
      const outcomes: ReloadOutcome[] = [];
      const list = files === undefined ? this.modules.allInReloadOrder() : this.modules.inReloadOrder([...files].map((f) => resolve(f)));
      for (const m of list) {
        // Synchronous up to the reload: a check of 10,000 unchanged modules is 10,000 stats, not 10,000 awaits.
        const seen: Examined = !this.selection.selected(m.file, now)
          ? { kind: "skipped", file: m.file, reason: "mode" }
          : examine(m, force, (x) => this.runtime.record(this.moduleId(x))?.declined);
        if (seen.kind === "skipped" && seen.reason === "deleted") this.watchForReturn();
        const outcome = seen.kind === "changed" ? await this.reload(m, seen.source, seen.hash) : seen;
        if (this.report(outcome)) outcomes.push(outcome);
      }
      return outcomes;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private returnPoll: NodeJS.Timeout | undefined;

  /**
   * While a loaded file is deleted, looks for it every 100 ms (unref'd) and checks it when it is
   * back. File watchers are not reliable across delete-and-recreate on every platform (chokidar
   * re-arms asynchronously; a re-created file may be missed), and a deleted module must not stay
   * stale forever because one event was lost.
   */
  private watchForReturn(): void {
    if (this.returnPoll !== undefined || !this.options.watch) return;
    this.returnPoll = setInterval(() => {
      const back: string[] = [];
      let stillGone = 0;
      for (const file of this.modules.files()) {
        const m = this.modules.get(file);
        if (m === undefined || !m.deleted) continue;
        if (existsSync(file)) back.push(file);
        else stillGone++;
      }
      if (stillGone === 0 && this.returnPoll !== undefined) {
        clearInterval(this.returnPoll);
        this.returnPoll = undefined;
      }
      if (back.length > 0) void this.check({ files: back, force: true });
    }, 100);
    this.returnPoll.unref();
  }

  /** The id instrumented code of `m` passes to `enter` (file path for CJS, file URL for ESM). */
  private moduleId(m: LoadedModule): string {
    return m.format === "module" ? pathToFileURL(m.file).href : m.file;
  }

  private async reload(m: LoadedModule, source: string, hash: string): Promise<ReloadOutcome> {
    const file = m.file;
    const start = performance.now();
    const reloader = this.reloaders.get(m.format);
    if (reloader === undefined) {
      return { kind: "declined", file, reason: `no reloader for ${m.format} modules is installed` };
    }
    const moduleId = this.moduleId(m);
    const request = { filename: file, source, format: m.format, moduleId, reload: true } as const;
    // The facts first: a patch compiles only its own small source. A compiler that cannot describe
    // a source without compiling it reports the facts of the whole compile instead.
    let code: string | undefined;
    let facts: ModuleFacts | undefined;
    try {
      if (this.options.patch) facts = this.compiler.describe?.(request);
      if (facts === undefined) code = this.compiler.compile({ ...request, onFacts: (f) => (facts = f) });
    } catch (error) {
      m.failedHash = hash;
      return { kind: "failed", file, ms: performance.now() - start, error: describeError(error, "compile", file, source) };
    }
    // A patch first: only the changed definitions, evaluated in the live module scope.
    const attempt = await attemptPatch({
      record: this.options.patch ? this.runtime.record(moduleId) : undefined,
      file,
      source,
      facts,
      format: m.format,
      compile: (text) => {
        let patchFacts: ModuleFacts | undefined;
        const patchCode = this.compiler.compile({ ...request, source: text, onFacts: (f) => (patchFacts = f) });
        return { code: patchCode, facts: patchFacts };
      },
      explain: this.verbose ? (lines) => this.log([`[autoreload] ${displayPath(file)}: patch decisions`, ...lines].join("\n")) : undefined,
      apply: this.patchers.get(m.format),
    });
    switch (attempt.kind) {
      case "same":
        this.settled(m, hash);
        return { kind: "same", file, ms: performance.now() - start };
      case "patched": {
        this.settled(m, hash);
        const ms = performance.now() - start;
        if (this.selection.mode() === "complete" && attempt.added.length > 0) this.pushTargets.push(attempt.exports, attempt.added);
        return { kind: "reloaded", file, ms, added: attempt.added, how: "patch", summary: attempt.summary };
      }
      case "failed":
        m.failedHash = hash;
        return { kind: "failed", file, ms: performance.now() - start, error: describeError(attempt.error, "evaluate", file, source) };
      case "full":
        break;
    }
    if (code === undefined) {
      try {
        code = this.compiler.compile(request);
      } catch (error) {
        m.failedHash = hash;
        return { kind: "failed", file, ms: performance.now() - start, error: describeError(error, "compile", file, source) };
      }
    }
    const full = code;
    const result =
      this.servers === undefined
        ? await reloader(file, full)
        : await this.servers.run(
            file,
            async () => reloader(file, full),
            (r) => r.ok,
          );
    const ms = performance.now() - start;
    if (!result.ok) {
      m.failedHash = hash;
      return { kind: "failed", file, ms, error: describeError(result.error, "evaluate", file, source) };
    }
    this.settled(m, hash);
    if (this.selection.mode() === "complete" && result.added.length > 0) this.pushTargets.push(result.exports, result.added);
    return { kind: "reloaded", file, ms, added: result.added, how: "full", reason: attempt.reason };
  }

  /** The content now running is `hash`. */
  private settled(m: LoadedModule, hash: string): void {
    m.hash = hash;
    m.failedHash = undefined;
    m.reloads++;
  }

  /** Mode `complete`: objects (the REPL's context) that get the names a reload adds (push-targets.ts). */
  addPushTarget(target: Record<string, unknown>): () => void {
    return this.pushTargets.add(target);
  }

  /** Emits and prints an outcome; false for the ones that are not news (unchanged, excluded by the mode). */
  private report(outcome: ReloadOutcome): boolean {
    if (outcome.kind === "unchanged" || (outcome.kind === "skipped" && outcome.reason === "mode")) return false;
    this.emit("reload", outcome);
    if (outcome.kind === "failed" && this.hideErrors) return true;
    if (outcome.kind === "reloaded" && !this.print) return true;
    const text = render(outcome);
    if (text !== undefined) this.log(text);
    return true;
  }

  private log(line: string): void {
    this.options.log(line);
  }

  /** Stops watching; loaded code stays as it is. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.returnPoll !== undefined) clearInterval(this.returnPoll);
    await this.watcher?.close();
  }
}
