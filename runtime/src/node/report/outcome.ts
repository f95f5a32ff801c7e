/** What a reload attempt of one module came to. Rendered in one place: `render.ts`. */
export type ReloadOutcome =
  | {
      readonly kind: "reloaded";
      readonly file: string;
      readonly ms: number;
      /** Export names the new version added (mode `complete` pushes them where the user can reach them). */
      readonly added: readonly string[];
      /**
       * `patch`: only the changed definitions were evaluated, in the live module scope (`summary`
       * says what: `patched 2 functions, added 1 statement`); `full`: the module's code ran again
       * (`reason` says why a patch could not do, when the module could have been patched).
       */
      readonly how: "patch" | "full";
      readonly summary?: string | undefined;
      readonly reason?: string | undefined;
    }
  /** The file changed, but not its code (comments, whitespace, formatting): nothing ran. */
  | { readonly kind: "same"; readonly file: string; readonly ms: number }
  | { readonly kind: "failed"; readonly file: string; readonly ms: number; readonly error: ReloadError }
  | { readonly kind: "unchanged"; readonly file: string }
  | { readonly kind: "skipped"; readonly file: string; readonly reason: SkipReason }
  | { readonly kind: "declined"; readonly file: string; readonly reason: string };

export type SkipReason =
  | "deleted" // the file is gone; the last version keeps running
  | "empty" // the file was emptied (an editor mid-save); waiting for content
  | "same-error" // this exact content failed before; not retried
  | "mode"; // the mode (off/explicit, `aimport -x`) excludes this module

/** An error with the place in the original source it points at. */
export interface ReloadError {
  /** `SyntaxError: Unexpected token`, without location. */
  readonly message: string;
  readonly phase: "compile" | "evaluate";
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Code frame of the original source around line:column, when known. */
  readonly frame: string | undefined;
  readonly cause: unknown;
}
