/**
 * Plugin options (the same names as babel-plugin-autoreload, docs/abi.md "Module prologue"),
 * filled with their defaults once into a frozen internal type.
 */
import { INSTALL_SPECIFIER } from "autoreload/abi";

export interface AutoreloadOptions {
  /** String id of the module; default `import.meta.url` (ESM), `__filename` (CommonJS), the file name (script). */
  moduleId?: string | undefined;
  /** Specifier of the side-effect import/require that installs the runtime; `false` to omit. */
  runtimeImport?: string | false | undefined;
  /** Classic script: no import/require, generated names suffixed with a hash of the id. */
  script?: boolean | undefined;
  /**
   * The file is compiled as a reload generation of a module that has run (the runtime's loaders
   * set it): base classes are emitted over the runtime's allocator (docs/abi.md, "Classes").
   */
  reload?: boolean | undefined;
}

export interface ResolvedOptions {
  readonly moduleId: string | undefined;
  readonly runtimeImport: string | false;
  readonly script: boolean;
  readonly reload: boolean;
}

const KNOWN = new Set(["moduleId", "runtimeImport", "script", "reload"]);

export function resolveOptions(options: AutoreloadOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) {
      throw new TypeError(`[autoreload] unknown option "${k}" for swc-plugin-autoreload. Known options: ${[...KNOWN].join(", ")}.`);
    }
  }
  if (o.moduleId !== undefined && typeof o.moduleId !== "string") throw new TypeError("[autoreload] option moduleId must be a string.");
  if (o.runtimeImport !== undefined && o.runtimeImport !== false && typeof o.runtimeImport !== "string") {
    throw new TypeError('[autoreload] option runtimeImport must be a module specifier or false, e.g. "autoreload/install".');
  }
  if (o.reload !== undefined && typeof o.reload !== "boolean") throw new TypeError("[autoreload] option reload must be true or false.");
  return Object.freeze({
    moduleId: o.moduleId,
    runtimeImport: o.runtimeImport ?? INSTALL_SPECIFIER,
    script: o.script === true,
    reload: o.reload === true,
  });
}
