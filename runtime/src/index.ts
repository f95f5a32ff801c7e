/**
 * `import { autoreload } from "autoreload"`: the controller, started on first use. Importing has no
 * effect of its own: the first property read (`autoreload.check()`, `.mode()`, `.on()`, …) starts
 * autoreload in this process (with options from the environment, as `autoreload/register` does), or
 * reaches the controller already running under `npx autoreload` / `node --import autoreload/register`.
 * `start(options)` starts it explicitly with options of your own.
 */
import type { Autoreload } from "./node/controller/autoreload.js";
import { optionsFromEnv } from "./node/controller/options.js";
import { start } from "./node/controller/start.js";

export const autoreload: Autoreload = new Proxy({} as Autoreload, {
  get(_target, key) {
    const controller = start(optionsFromEnv());
    const value: unknown = Reflect.get(controller, key, controller);
    return typeof value === "function" ? (value as Function).bind(controller) : value;
  },
  has: (_target, key) => Reflect.has(start(optionsFromEnv()), key),
});
export { start } from "./node/controller/start.js";
export type { Autoreload } from "./node/controller/autoreload.js";
export type { Options, Mode } from "./node/controller/options.js";
export type { ReloadOutcome, ReloadError, SkipReason } from "./node/report/outcome.js";
export { createRuntime, ModuleRecord, type Runtime } from "./core/index.js";
