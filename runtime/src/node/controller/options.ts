import type { CompilerChoice } from "../compile/compiler.js";

/** IPython's modes: 0 off, 1 explicit (only `aimport`ed), 2 all but skipped, 3 all + push new names. */
export type Mode = "off" | "explicit" | "all" | "complete";

const MODES: Record<string, Mode> = {
  off: "off",
  "0": "off",
  explicit: "explicit",
  "1": "explicit",
  all: "all",
  "2": "all",
  complete: "complete",
  "3": "complete",
};

/** Parses `off|0|explicit|1|all|2|complete|3`; throws an error that lists the valid ones. */
export function parseMode(value: string | number): Mode {
  const mode = MODES[String(value).trim().toLowerCase()];
  if (mode === undefined) {
    throw new Error(`[autoreload] unknown mode ${JSON.stringify(value)}: use off (0), explicit (1), all (2) or complete (3); "now" checks once.`);
  }
  return mode;
}

export interface Options {
  /** Which modules reload (default `all`). */
  readonly mode: Mode;
  /** Watch loaded files and reload on save (default true). Without it, call `check()`. */
  readonly watch: boolean;
  /** Compiler for the loaders: `auto` (default: SWC, Babel where the project has a Babel config), `swc`, `babel`. */
  readonly compiler: CompilerChoice;
  /** Print a line for each reload (default true). */
  readonly print: boolean;
  /** Hide reload errors (default false). */
  readonly hideErrors: boolean;
  /** Print the patch decision for each top-level statement of an edited module (IPython's `--log`; default false). */
  readonly verbose: boolean;
  /**
   * Patch reloads (default true): an edit evaluates only the changed definitions in the live
   * module scope. `false`: every reload runs the module's top level again.
   */
  readonly patch: boolean;
  /** Where lines go (default: `console.error`). */
  readonly log: (line: string) => void;
  /** Minimum gap between two batches of file events in a burst (ms, default 10); the first change after a quiet period is handled at once. */
  readonly debounceMs: number;
  /** Poll the file system instead of native events (network drives, some containers). */
  readonly usePolling: boolean;
  /** Instrument and watch modules under node_modules too (default false). */
  readonly instrumentNodeModules: boolean;
}

export const DEFAULT_OPTIONS: Options = Object.freeze({
  mode: "all",
  watch: true,
  compiler: "auto",
  print: true,
  hideErrors: false,
  verbose: false,
  patch: true,
  log: (line: string) => console.error(line),
  debounceMs: 10,
  usePolling: false,
  instrumentNodeModules: false,
});

/** Fills defaults once into a frozen internal object; validates what a user can get wrong. */
export function resolveOptions(partial: Partial<Options> = {}): Options {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<Options>;
  const options: Options = { ...DEFAULT_OPTIONS, ...defined, mode: parseMode(defined.mode ?? DEFAULT_OPTIONS.mode) };
  if (options.compiler !== "babel" && options.compiler !== "swc" && options.compiler !== "auto") {
    throw new Error(`[autoreload] unknown compiler ${JSON.stringify(options.compiler)}: use "auto", "swc" or "babel".`);
  }
  if (!Number.isFinite(options.debounceMs) || options.debounceMs < 0) {
    throw new Error(`[autoreload] debounceMs must be a non-negative number of milliseconds, got ${String(options.debounceMs)}.`);
  }
  return Object.freeze(options);
}

/** Options from the environment, for `--import/-r autoreload/register`: AUTORELOAD_MODE, … */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Options> {
  const flag = (v: string | undefined): boolean | undefined => (v === undefined || v === "" ? undefined : !/^(0|false|no|off)$/i.test(v));
  const partial: { -readonly [K in keyof Options]?: Options[K] } = {};
  if (env.AUTORELOAD_MODE) partial.mode = parseMode(env.AUTORELOAD_MODE);
  if (env.AUTORELOAD_COMPILER) partial.compiler = env.AUTORELOAD_COMPILER as CompilerChoice;
  const watch = flag(env.AUTORELOAD_WATCH);
  if (watch !== undefined) partial.watch = watch;
  const quiet = flag(env.AUTORELOAD_QUIET);
  if (quiet !== undefined) partial.print = !quiet;
  const hide = flag(env.AUTORELOAD_HIDE_ERRORS);
  if (hide !== undefined) partial.hideErrors = hide;
  const patch = flag(env.AUTORELOAD_PATCH);
  if (patch !== undefined) partial.patch = patch;
  const verbose = flag(env.AUTORELOAD_VERBOSE);
  if (verbose !== undefined) partial.verbose = verbose;
  const poll = flag(env.AUTORELOAD_POLL);
  if (poll !== undefined) partial.usePolling = poll;
  if (env.AUTORELOAD_DEBOUNCE_MS) partial.debounceMs = Number(env.AUTORELOAD_DEBOUNCE_MS);
  return partial;
}
