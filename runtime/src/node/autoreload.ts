import { EventEmitter } from "node:events";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Runtime } from "../core/index.js";
import type { Compiler, ModuleFormat } from "./compile.js";
import { describeError } from "./errors.js";
import { contentHash, ModuleTable, type LoadedModule } from "./module-table.js";
import { parseMode, type Mode, type Options } from "./options.js";
import type { ReloadOutcome } from "./outcome.js";
import { displayPath, render } from "./render.js";
import { Watcher } from "./watcher.js";
import type { ModuleFacts } from "@autoreload/abi";
import { attemptPatch } from "./patch/attempt.js";
import type { Patcher } from "./patch/apply-patch.js";
import { installServerGuard, type ServerGuard } from "./servers.js";

/** Re-evaluates one module of a given format; returns its new exports or the error it threw. */
export type ReloadResult = { readonly ok: true; readonly exports: unknown; readonly added: readonly string[] } | { readonly ok: false; readonly error: unknown };
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
  private currentMode: Mode;
  private print: boolean;
  private hideErrors: boolean;
  private verbose: boolean;
  private readonly marked = new Set<string>();
  private readonly skipped = new Set<string>();
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
    this.currentMode = options.mode;
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
    this.servers ??= installServerGuard(
      (file) => this.modules.has(file),
      (line, file) => this.log(`[autoreload] ${displayPath(file)}: ${line}`),
    );
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
    if (mode !== undefined) this.currentMode = parseMode(mode);
    return this.currentMode;
  }

  /**
   * IPython's `%aimport`: `aimport("foo")` marks a module for reload in `explicit` mode,
   * `aimport("-foo")` skips it in every mode, `aimport("a, -b")` does both, `aimport()` lists.
   * Names are resolved like `require()` from the working directory (`./src/foo`, a file path).
   */
  aimport(spec = ""): { marked: string[]; skipped: string[] } {
    for (const raw of spec.split(",")) {
      const item = raw.trim();
      if (item === "") continue;
      const skip = item.startsWith("-");
      const file = this.resolveName(skip ? item.slice(1).trim() : item);
      if (skip) {
        this.skipped.add(file);
        this.marked.delete(file);
      } else {
        this.marked.add(file);
        this.skipped.delete(file);
      }
    }
    return { marked: [...this.marked].map((f) => displayPath(f)), skipped: [...this.skipped].map((f) => displayPath(f)) };
  }

  private resolveName(name: string): string {
    if (isAbsolute(name)) return name;
    try {
      return createRequire(`${process.cwd()}/`).resolve(name.startsWith(".") ? name : `./${name}`);
    } catch {
      throw new Error(`[autoreload] aimport: cannot find module ${JSON.stringify(name)} from ${process.cwd()}. Give a path such as ./src/${name}.`);
    }
  }

  private selected(file: string, now: boolean): boolean {
    if (this.skipped.has(file)) return false;
    if (now) return true;
    switch (this.currentMode) {
      case "off":
        return false;
      case "explicit":
        return this.marked.has(file);
      case "all":
      case "complete":
        return true;
      default: {
        const check: never = this.currentMode;
        return check;
      }
    }
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
        const seen = this.examine(m, now, force);
        const outcome = seen.kind === "changed" ? await this.reload(m, seen.source, seen.hash) : seen;
        if (this.report(outcome)) outcomes.push(outcome);
      }
      return outcomes;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Has `m` changed since it last ran? The outcome when there is nothing to reload, else the new content. */
  private examine(m: LoadedModule, now: boolean, force: boolean): ReloadOutcome | { readonly kind: "changed"; readonly source: string; readonly hash: string } {
    const file = m.file;
    if (!this.selected(file, now)) return { kind: "skipped", file, reason: "mode" };
    let st;
    try {
      st = statSync(file);
    } catch {
      if (m.deleted) return { kind: "unchanged", file };
      m.deleted = true;
      this.watchForReturn();
      return { kind: "skipped", file, reason: "deleted" };
    }
    if (!force && !m.deleted && st.mtimeMs === m.mtimeMs && st.size === m.size) return { kind: "unchanged", file };
    m.deleted = false;
    m.mtimeMs = st.mtimeMs;
    m.size = st.size;
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch {
      return { kind: "skipped", file, reason: "deleted" };
    }
    const hash = contentHash(source);
    if (hash === m.hash) return { kind: "unchanged", file };
    if (hash === m.failedHash) return { kind: "skipped", file, reason: "same-error" };
    if (source.trim() === "") return { kind: "skipped", file, reason: "empty" };
    const declined = this.runtime.record(this.moduleId(m))?.declined;
    if (declined !== undefined) {
      m.hash = hash;
      return { kind: "declined", file, reason: declined };
    }
    return { kind: "changed", source, hash };
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
    let code: string;
    let facts: ModuleFacts | undefined;
    try {
      code = this.compiler.compile({ filename: file, source, format: m.format, moduleId, reload: true, onFacts: (f) => (facts = f) });
    } catch (error) {
      m.failedHash = hash;
      return { kind: "failed", file, ms: performance.now() - start, error: describeError(error, "compile", file, source) };
    }
    // A patch first: only the changed definitions, evaluated in the live module scope.
    const attempt = await attemptPatch({
      record: this.runtime.record(moduleId),
      file,
      source,
      facts,
      format: m.format,
      compile: (text) => {
        let patchFacts: ModuleFacts | undefined;
        const patchCode = this.compiler.compile({ filename: file, source: text, format: m.format, moduleId, reload: true, onFacts: (f) => (patchFacts = f) });
        return { code: patchCode, facts: patchFacts };
      },
      explain: this.verbose ? (lines) => this.log([`[autoreload] ${displayPath(file)}: patch decisions`, ...lines].join("\n")) : undefined,
      apply: this.patchers.get(m.format),
    });
    switch (attempt.kind) {
      case "same":
        this.settled(m, hash);
        return { kind: "same", file, ms: performance.now() - start };
      case "patched":
        this.settled(m, hash);
        return { kind: "reloaded", file, ms: performance.now() - start, added: [], how: "patch", summary: attempt.summary };
      case "failed":
        m.failedHash = hash;
        return { kind: "failed", file, ms: performance.now() - start, error: describeError(attempt.error, "evaluate", file, source) };
      case "full":
        break;
    }
    this.servers?.beginReload(file);
    const result = await reloader(file, code);
    const ms = performance.now() - start;
    if (result.ok) this.servers?.commit(file);
    else this.servers?.discard(file);
    if (!result.ok) {
      m.failedHash = hash;
      return { kind: "failed", file, ms, error: describeError(result.error, "evaluate", file, source) };
    }
    this.settled(m, hash);
    if (this.currentMode === "complete" && result.added.length > 0) this.push(result.exports, result.added);
    return { kind: "reloaded", file, ms, added: result.added, how: "full", reason: attempt.reason };
  }

  /** The content now running is `hash`. */
  private settled(m: LoadedModule, hash: string): void {
    m.hash = hash;
    m.failedHash = undefined;
    m.reloads++;
  }

  private readonly pushTargets = new Set<Record<string, unknown>>();

  /**
   * Mode `complete` (IPython's autoload of new names): an object that holds names taken from
   * modules, such as the REPL's context. When a reload adds export `n` to a module and the target
   * already holds another export of that module under its own name, `target[n]` is set too.
   */
  addPushTarget(target: Record<string, unknown>): () => void {
    this.pushTargets.add(target);
    return () => this.pushTargets.delete(target);
  }

  private push(exports: unknown, added: readonly string[]): void {
    if (typeof exports !== "object" || exports === null) return;
    const values = exports as Record<string, unknown>;
    for (const target of this.pushTargets) {
      const holdsThisModule = Object.keys(values).some((k) => !added.includes(k) && Object.prototype.hasOwnProperty.call(target, k) && target[k] === values[k]);
      if (!holdsThisModule) continue;
      for (const name of added) if (!Object.prototype.hasOwnProperty.call(target, name)) target[name] = values[name];
    }
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
