/**
 * swc-plugin-autoreload: the autoreload instrumentation (docs/abi.md) for `@swc/core`.
 *
 *   import autoreload, { transformSync } from "swc-plugin-autoreload";
 *   swc.transformSync(src, { plugin: autoreload() });                      // classic JS plugin
 *   transformSync(src, { filename, swcOptions, autoreload: { moduleId } }); // fast path
 *   describeSync(src, { filename, swcOptions, autoreload: { moduleId } });  // its facts, no output
 */
import { autoreload } from "./plugin.js";

export default autoreload;
export { autoreload };
export type { SwcPlugin } from "./plugin.js";
export { describeSync, transformSync } from "./transform.js";
export type { TransformOptions, TransformResult } from "./transform.js";
export type { AutoreloadOptions } from "./options.js";
export type { ModuleFacts, StatementFacts, CellFacts } from "@autoreload/abi";
