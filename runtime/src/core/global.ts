import { ABI_VERSION, GLOBAL_NAME } from "@autoreload/abi";
import { createRuntime, type Runtime } from "./runtime.js";

/**
 * Installs the runtime as `globalThis.__autoreload` (non-enumerable, so code that lists globals
 * sees nothing new) unless one is there already, and returns the one in place. A runtime that
 * speaks another ABI is an error that names both versions.
 */
export function installGlobal(realm: object = globalThis): Runtime {
  const existing = (realm as Record<string, unknown>)[GLOBAL_NAME] as Runtime | undefined;
  if (existing !== undefined) {
    if (existing.abi !== ABI_VERSION) {
      throw new Error(
        `[autoreload] two autoreload runtimes in one process: one speaks ABI ${String(existing.abi)}, this one ${ABI_VERSION}. ` +
          "Install a single version of autoreload (npm ls autoreload shows which).",
      );
    }
    return existing;
  }
  const runtime = createRuntime();
  Object.defineProperty(realm, GLOBAL_NAME, { value: runtime, writable: true, enumerable: false, configurable: true });
  return runtime;
}
