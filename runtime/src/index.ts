/**
 * `import { autoreload } from "autoreload"`: the running controller (started on first import
 * when the process was not started with `autoreload/register` or the `autoreload` command).
 */
import { start } from "./node/controller/start.js";

export const autoreload = start();
export { start } from "./node/controller/start.js";
export type { Autoreload } from "./node/controller/autoreload.js";
export type { Options, Mode } from "./node/controller/options.js";
export type { ReloadOutcome, ReloadError, SkipReason } from "./node/report/outcome.js";
export { createRuntime, ModuleRecord, type Runtime } from "./core/index.js";
