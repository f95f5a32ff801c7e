/**
 * The plugins' options: one schema, one validation, one error text per bad option, for
 * babel-plugin-autoreload and swc-plugin-autoreload alike (docs/abi.md, "Plugin options").
 */

/** Specifier of the side-effect module that installs the runtime global (module mode). */
export const INSTALL_SPECIFIER = "autoreload/install";

/** What a module is to the plugins: it decides the prologue. */
export type ModuleKind = "esm" | "commonjs" | "script";

export interface AutoreloadOptions {
  /** String id of the module; default `import.meta.url` (ESM), `__filename` (CommonJS), the file name (script). */
  moduleId?: string | undefined;
  /** Specifier of the side-effect import/require that installs the runtime; `false` omits it. */
  runtimeImport?: string | false | undefined;
  /** Classic script: no import/require, generated top-level names suffixed with a hash of the id. */
  script?: boolean | undefined;
  /**
   * The file is compiled as a reload generation of a module that has run (the runtime's loaders
   * set it): base classes are emitted over the runtime's allocator (docs/abi.md, "Classes").
   */
  reload?: boolean | undefined;
  /**
   * Emit the module's evaluator and statement facts, so that edits can be patch reloads
   * (default true). `false` for environments that forbid `eval`: every reload is then a full one.
   */
  patch?: boolean | undefined;
}

export interface ResolvedOptions {
  readonly moduleId: string | undefined;
  readonly runtimeImport: string | false;
  readonly script: boolean;
  readonly reload: boolean;
  readonly patch: boolean;
}

export const OPTION_NAMES = ["moduleId", "runtimeImport", "script", "reload", "patch"] as const;

/** A bad option: the message names the plugin, the option, what was given and what is expected. */
export class OptionsError extends TypeError {
  override name = "OptionsError";
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}

function checkBoolean(plugin: string, name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new OptionsError(`[autoreload] ${plugin}: "${name}" must be true or false, got ${describe(value)}.`);
  }
  return value;
}

/** Checks options once and fills in the defaults; throws `OptionsError` on anything unknown or ill-typed. */
export function resolveOptions(raw: unknown, plugin: string): ResolvedOptions {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new OptionsError(`[autoreload] ${plugin}: options must be an object such as { moduleId: "file:///app/x.js" }, got ${describe(raw)}.`);
  }
  const options = raw as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new OptionsError(`[autoreload] ${plugin}: unknown option "${key}". Known options: ${OPTION_NAMES.join(", ")} (see docs/abi.md, "Plugin options").`);
    }
  }
  const { moduleId, runtimeImport } = options;
  if (moduleId !== undefined && (typeof moduleId !== "string" || moduleId === "")) {
    throw new OptionsError(
      `[autoreload] ${plugin}: "moduleId" must be a non-empty string (the id the runtime knows the module by), got ${describe(moduleId)}. Omit it to use import.meta.url / __filename.`,
    );
  }
  if (runtimeImport !== undefined && runtimeImport !== false && (typeof runtimeImport !== "string" || runtimeImport === "")) {
    throw new OptionsError(
      `[autoreload] ${plugin}: "runtimeImport" must be a module specifier string or false (to omit the import), got ${describe(runtimeImport)}.`,
    );
  }
  const script = checkBoolean(plugin, "script", options.script);
  const reload = checkBoolean(plugin, "reload", options.reload);
  const patch = checkBoolean(plugin, "patch", options.patch);
  return Object.freeze({
    moduleId: moduleId as string | undefined,
    runtimeImport: runtimeImport === undefined ? INSTALL_SPECIFIER : (runtimeImport as string | false),
    script: script === true,
    reload: reload === true,
    patch: patch !== false,
  });
}
