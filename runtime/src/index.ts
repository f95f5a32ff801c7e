/**
 * `import { autoreload } from "autoreload"`: the controller, started on first use. Importing has no
 * effect of its own: the first property read (`autoreload.check()`, `.mode()`, `.on()`, …) starts
 * autoreload in this process (with options from the environment, as `autoreload/register` does), or
 * reaches the controller already running under `npx autoreload` / `node --import autoreload/register`.
 * `start(options)` starts it explicitly with options of your own.
 */
import type { Autoreload } from "./node/controller/autoreload.js";
import { optionsFromEnv } from "./node/controller/options.js";
import { running, start } from "./node/controller/start.js";

const controller = (): Autoreload => running() ?? start(optionsFromEnv());

export const autoreload: Autoreload = new Proxy({} as Autoreload, {
  get(_target, key) {
    const current = controller();
    const value: unknown = Reflect.get(current, key, current);
    return typeof value === "function" ? (value as Function).bind(current) : value;
  },
  has: (_target, key) => Reflect.has(controller(), key),
});
export { start } from "./node/controller/start.js";
export type { Autoreload } from "./node/controller/autoreload.js";
export type { Options, Mode } from "./node/controller/options.js";
export type { ReloadOutcome, ReloadError, SkipReason } from "./node/report/outcome.js";
export { createRuntime, ModuleRecord, type Runtime } from "./core/index.js";
