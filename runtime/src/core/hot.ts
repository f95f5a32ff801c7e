/**
 * `import.meta.hot` / `module.hot` (docs/semantics.md), in the shape Vite and webpack users know.
 * In-place reload needs no `accept()`: every module is accepted. `accept(cb)` callbacks are
 * called with the module's new exports after each successful reload of it.
 */
export type DisposeHandler = (data: Record<string, unknown>) => void;
export type AcceptHandler = (exports: unknown) => void;

/** What a module's code and the record share about hot state for one generation. */
export interface HotState {
  dispose: DisposeHandler[];
  accept: AcceptHandler[];
  declined: string | undefined;
  invalidated: boolean;
}

export function newHotState(): HotState {
  return { dispose: [], accept: [], declined: undefined, invalidated: false };
}

export interface HotContext {
  readonly data: Record<string, unknown>;
  accept(cb?: AcceptHandler | string | readonly string[], cb2?: AcceptHandler): void;
  dispose(cb: DisposeHandler): void;
  prune(cb: DisposeHandler): void;
  decline(reason?: string): void;
  invalidate(message?: string): void;
  on(event: string, cb: (...args: unknown[]) => void): void;
  off(event: string, cb: (...args: unknown[]) => void): void;
}

export function createHotContext(state: HotState, data: Record<string, unknown>, onInvalidate: (message: string | undefined) => void): HotContext {
  return {
    data,
    accept(cb, cb2) {
      const handler = typeof cb === "function" ? cb : cb2;
      if (handler !== undefined) state.accept.push(handler);
    },
    dispose(cb) {
      state.dispose.push(cb);
    },
    prune(cb) {
      state.dispose.push(cb);
    },
    decline(reason) {
      state.declined = reason ?? "the module called hot.decline()";
    },
    invalidate(message) {
      state.invalidated = true;
      onInvalidate(message);
    },
    on() {},
    off() {},
  };
}
