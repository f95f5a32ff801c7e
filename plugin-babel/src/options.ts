/**
 * Plugin options: the schema, defaults and error texts are `@autoreload/abi`'s, shared with
 * swc-plugin-autoreload (docs/abi.md, "Plugin options").
 */
import { resolveOptions as resolveShared, type AutoreloadOptions, type ResolvedOptions } from "@autoreload/abi";

/** The options as Babel users write them (`plugins: [["autoreload", { … }]]`). */
export type Options = AutoreloadOptions;
export type { ResolvedOptions };

export function resolveOptions(raw: unknown): ResolvedOptions {
  return resolveShared(raw, "babel-plugin-autoreload");
}
