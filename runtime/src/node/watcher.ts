import { watch, type FSWatcher } from "chokidar";

export interface WatcherOptions {
  /** Quiet period after the last event of a burst before the batch is handed on (ms). */
  readonly debounceMs: number;
  readonly usePolling: boolean;
}

/**
 * Watches loaded files and hands batches of changed paths to `onChange`.
 * - never keeps the process alive (`persistent: false`, unref'd timer);
 * - editors that save by write-temp-then-rename show up as unlink/add pairs: both count as a
 *   change of the path, and the content check decides what happened;
 * - bursts of saves are coalesced: one batch after `debounceMs` of quiet.
 */
export class Watcher {
  private readonly fsWatcher: FSWatcher;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: (files: Set<string>) => void,
    private readonly options: WatcherOptions,
    onError: (error: unknown) => void,
  ) {
    this.fsWatcher = watch([], {
      persistent: false,
      ignoreInitial: true,
      usePolling: options.usePolling,
      interval: 50,
      atomic: false,
    });
    const touched = (path: string): void => this.touched(path);
    this.fsWatcher.on("change", touched).on("add", touched).on("unlink", touched).on("error", onError);
  }

  add(file: string): void {
    if (!this.closed) this.fsWatcher.add(file);
  }

  private touched(path: string): void {
    if (this.closed) return;
    this.pending.add(path);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs);
    this.timer.unref();
  }

  private flush(): void {
    this.timer = undefined;
    if (this.closed || this.pending.size === 0) return;
    const batch = new Set(this.pending);
    this.pending.clear();
    this.onChange(batch);
  }

  /** Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.fsWatcher.close();
  }
}
