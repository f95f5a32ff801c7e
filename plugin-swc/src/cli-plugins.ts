/**
 * `--plugin NAME`: resolves `swc-plugin-NAME`, then `NAME`, from the working directory and then
 * from this package. A plugin module's default export is a factory: `(options) => (program) => program`.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { autoreload } from "./plugin.js";
import type { SwcPlugin } from "./plugin.js";
import { CliError } from "./cli-error.js";

export interface LoadedPlugin {
  readonly name: string;
  /** This package's own plugin: the CLI runs the fast path for it. */
  readonly isAutoreload: boolean;
  readonly plugin: SwcPlugin;
}

export async function loadPlugin(name: string, cwd: string): Promise<LoadedPlugin> {
  const candidates = name.startsWith("swc-plugin-") || name.startsWith(".") || name.startsWith("/") ? [name] : [`swc-plugin-${name}`, name];
  const bases = [join(cwd, "noop.js"), import.meta.url];
  for (const candidate of candidates) {
    for (const base of bases) {
      let resolved: string;
      try {
        resolved = createRequire(base).resolve(candidate.startsWith(".") ? join(cwd, candidate) : candidate);
      } catch {
        continue;
      }
      const mod = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
      const factory = typeof mod.default === "function" ? mod.default : mod;
      if (typeof factory !== "function") {
        throw new CliError(
          `plugin "${name}" (${resolved}) does not export a function`,
          "A JS plugin's default export must be a factory: (options) => (program) => program.",
        );
      }
      const plugin = (factory as (o?: unknown) => unknown)(undefined);
      if (typeof plugin !== "function") {
        throw new CliError(
          `plugin "${name}" (${resolved}): its factory did not return a function`,
          "A JS plugin's default export must be a factory: (options) => (program) => program.",
        );
      }
      return { name, isAutoreload: factory === autoreload, plugin: plugin as SwcPlugin };
    }
  }
  throw new CliError(
    `unknown plugin "${name}": neither ${candidates.join(" nor ")} could be found from ${cwd}`,
    `Install it (npm install --save-dev ${candidates[0]}) or check the name; for autoreload use --plugin autoreload.`,
  );
}
