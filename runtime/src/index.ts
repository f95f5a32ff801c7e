/**
 * `import { autoreload } from "autoreload"`: the running controller (started on first import
 * when the process was not started with `autoreload/register` or the `autoreload` command).
 */
import { start } from "./node/start.js";

export const autoreload = start();
export { start } from "./node/start.js";
export type { Autoreload } from "./node/autoreload.js";
export type { Options, Mode } from "./node/options.js";
export type { ReloadOutcome, ReloadError, SkipReason } from "./node/outcome.js";
export { createRuntime, ModuleRecord, type Runtime } from "./core/index.js";
