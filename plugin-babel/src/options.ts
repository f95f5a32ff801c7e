/**
 * Plugin options: the public `Partial<Options>` is checked once and frozen into
 * `ResolvedOptions` (docs/abi.md, "Plugin options").
 */
import { INSTALL_SPECIFIER } from "autoreload/abi";

export interface Options {
  /** String id of the module; default `import.meta.url` (ESM), `__filename` (CJS), file URL (script). */
  moduleId?: string;
  /** Specifier of the side-effect import/require that installs the runtime; `false` omits it. */
  runtimeImport?: string | false;
  /** Classic script: no import/require, generated top-level names suffixed with a hash of the id. */
  script?: boolean;
  /**
   * The file is compiled as a reload generation of a module that has run (the runtime's loaders
   * set it): base classes are emitted over the runtime's allocator (docs/abi.md, "Classes").
   */
  reload?: boolean;
}

export interface ResolvedOptions {
  readonly moduleId: string | undefined;
  readonly runtimeImport: string | false;
  readonly script: boolean;
  readonly reload: boolean;
}

const KNOWN = ["moduleId", "runtimeImport", "script", "reload"] as const;

function fail(message: string): never {
  throw new Error(`[autoreload] babel-plugin-autoreload: ${message}`);
}

export function resolveOptions(raw: unknown): ResolvedOptions {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    fail(`options must be an object such as { moduleId: "file:///app/x.js" }, got ${describe(raw)}.`);
  }
  const options = raw as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      fail(`unknown option "${key}". Known options: ${KNOWN.join(", ")} (see docs/abi.md, "Plugin options").`);
    }
  }
  const { moduleId, runtimeImport, script, reload } = options;
  if (moduleId !== undefined && (typeof moduleId !== "string" || moduleId === "")) {
    fail(`"moduleId" must be a non-empty string (the id the runtime knows the module by), got ${describe(moduleId)}. Omit it to use import.meta.url / __filename.`);
  }
  if (runtimeImport !== undefined && runtimeImport !== false && (typeof runtimeImport !== "string" || runtimeImport === "")) {
    fail(`"runtimeImport" must be a module specifier string or false (to omit the import), got ${describe(runtimeImport)}.`);
  }
  if (script !== undefined && typeof script !== "boolean") {
    fail(`"script" must be true or false, got ${describe(script)}.`);
  }
  if (reload !== undefined && typeof reload !== "boolean") {
    fail(`"reload" must be true or false, got ${describe(reload)}.`);
  }
  return Object.freeze({
    moduleId: moduleId as string | undefined,
    runtimeImport: runtimeImport === undefined ? INSTALL_SPECIFIER : (runtimeImport as string | false),
    script: script === true,
    reload: reload === true,
  });
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
