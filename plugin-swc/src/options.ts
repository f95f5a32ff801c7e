/**
 * Plugin options: the schema, defaults and error texts are `@autoreload/abi`'s, shared with
 * babel-plugin-autoreload (docs/abi.md, "Plugin options").
 */
import { resolveOptions as resolveShared, type AutoreloadOptions, type ResolvedOptions } from "@autoreload/abi";

export type { AutoreloadOptions, ResolvedOptions };

export function resolveOptions(options: AutoreloadOptions | undefined): ResolvedOptions {
  return resolveShared(options, "swc-plugin-autoreload");
}
