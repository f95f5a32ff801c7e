import { watch, type FSWatcher } from "chokidar";
import { watch as watchDirectory, type FSWatcher as DirectoryWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

export interface WatcherOptions {
  /** Quiet period after the last event of a burst before the batch is handed on (ms). */
  readonly debounceMs: number;
  readonly usePolling: boolean;
}

export interface WatcherEvents {
  /** Paths that changed (content, unlink, add) — one call per burst. */
  readonly onChange: (files: Set<string>) => void;
  /**
   * Paths whose watching just started. Anything written between a module's load and this moment
   * produced no event, so the caller checks these files once (chokidar's `add()` arms watchers
   * asynchronously and says nothing when done; a watcher per batch says so with `ready`).
   */
  readonly onArmed: (files: Set<string>) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * Watches loaded files (chokidar) and hands bursts of changed paths on.
 * - never keeps the process alive (`persistent: false`, unref'd timers);
 * - write-temp-then-rename saves show up as change/unlink/add: each counts as a change of the
 *   path, and the content check decides what happened;
 * - the first change after a quiet period goes out at once; the rest of a burst is coalesced
 *   into batches `debounceMs` apart (the content check decides what each batch means);
 * - files loaded in one tick are added as one batch, with one chokidar watcher per batch;
 * - chokidar drops a `change` that comes within 50 ms of the previous one for the same path (its
 *   throttle has no trailing call), so a quick second save would be lost: the `raw` events, which
 *   come before that throttle, count as touches too;
 * - the directories holding the files are watched too, so that delete-and-re-create and
 *   rename-over are seen: with `fs.watch` directly (one event per name), not chokidar, which
 *   re-reads a whole directory on each event in it (10,000 modules in one folder: ~10 ms per
 *   save). With polling (where `fs.watch` does not work) chokidar polls the directories as well.
 */
export class Watcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly dirWatchers: DirectoryWatcher[] = [];
  /** Every file handed to `add()`, and the directories holding them. */
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();
  private readonly toAdd = new Set<string>();
  private readonly pending = new Set<string>();
  private scheduled = false;
  /** The trailing flush of a burst, while one is waiting. */
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = -Infinity;
  private addScheduled = false;
  private closed = false;

  constructor(
    private readonly events: WatcherEvents,
    private readonly options: WatcherOptions,
  ) {}

  add(file: string): void {
    if (this.closed || this.files.has(file)) return;
    this.files.add(file);
    this.toAdd.add(file);
    if (!this.addScheduled) {
      this.addScheduled = true;
      setImmediate(() => this.flushAdds()).unref();
    }
  }

  private flushAdds(): void {
    this.addScheduled = false;
    if (this.closed || this.toAdd.size === 0) return;
    const batch = new Set(this.toAdd);
    this.toAdd.clear();
    // The files' directories are watched too (entries other than loaded files ignored): a file
    // that is deleted and written again, or renamed over, shows up there at once, without waiting
    // for chokidar to re-arm a watcher on the file itself.
    const newDirs = [...new Set([...batch].map((f) => dirname(f)))].filter((d) => !this.dirs.has(d));
    for (const d of newDirs) this.dirs.add(d);
    const polling = this.options.usePolling;
    if (!polling) for (const d of newDirs) this.watchDir(d);
    const w = watch(polling ? [...batch, ...newDirs] : [...batch], {
      persistent: false,
      ignoreInitial: true,
      usePolling: this.options.usePolling,
      interval: 50,
      atomic: false,
      depth: 0,
      ignored: (path: string) => !this.files.has(path) && !this.dirs.has(path),
    });
    const touched = (path: string): void => this.touched(path);
    w.on("change", touched).on("add", touched).on("unlink", touched).on("error", this.events.onError);
    w.on("raw", (_event, name, details) => {
      const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (typeof watched !== "string") return;
      if (name === "") return;
      // A file watcher reports its own base name; a directory watcher the name of the entry.
      const path = basename(watched) === name && this.files.has(watched) ? watched : join(watched, name);
      if (this.files.has(path)) touched(path);
    });
    w.once("ready", () => {
      if (!this.closed) this.events.onArmed(batch);
    });
    this.watchers.push(w);
  }

  private watchDir(dir: string): void {
    try {
      const w = watchDirectory(dir, { persistent: false }, (_event, name) => {
        if (name === null) return;
        const path = join(dir, name);
        if (this.files.has(path)) this.touched(path);
      });
      // A directory that is removed ends its watcher; its files' own watchers and the deleted-file
      // poll take over. Other errors are news.
      w.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT" && error.code !== "EPERM") this.events.onError(error);
      });
      this.dirWatchers.push(w);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.events.onError(error);
    }
  }

  private touched(path: string): void {
    if (this.closed) return;
    this.pending.add(path);
    if (this.scheduled) return;
    this.scheduled = true;
    // Leading edge: the first event after a quiet period is handed on at once (after the events
    // of this loop turn are in); events during or right after a flush wait for `debounceMs` of quiet.
    if (performance.now() - this.lastFlush >= this.options.debounceMs) {
      this.flushSoon();
    } else {
      this.timer = setTimeout(() => this.flush(), this.options.debounceMs).unref();
    }
  }

  /**
   * The last batch found a file mid-write (emptied, not yet written: `writeFileSync` and many
   * editors truncate, then write, two events microseconds apart). The write's own event is
   * handed on at once rather than after `debounceMs`: a save caught between its truncate and
   * its write took a whole debounce period longer (p95 ~12 ms against a p50 of ~2.5 ms).
   */
  expectRest(): void {
    this.lastFlush = -Infinity;
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushSoon();
  }

  /** The flush after the events of this loop turn are in. */
  private flushSoon(): void {
    setImmediate(() => this.flush()).unref();
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduled = false;
    this.lastFlush = performance.now();
    if (this.closed || this.pending.size === 0) return;
    const batch = new Set(this.pending);
    this.pending.clear();
    this.events.onChange(batch);
  }

  /** Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.dirWatchers) w.close();
    await Promise.all(this.watchers.map((w) => w.close()));
  }
}
