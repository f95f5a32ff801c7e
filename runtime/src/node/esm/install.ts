// Main-thread side of ES module support: installs the module hooks (esm-hooks.ts) the way this
// Node version allows, the live-binding adapter (esm-live.ts) and the "module" reloader.
import * as nodeModule from "node:module";
import { BroadcastChannel, receiveMessageOnPort, threadId } from "node:worker_threads";
import type { Runtime } from "../../core/index.js";
import type { Autoreload } from "../controller/autoreload.js";
import type { Compiler } from "../compile/compiler.js";
import { createSyncHooks, type RegisterData, type TrackMessage } from "./hooks.js";
import { LinkedBindings } from "./live.js";
import type { Options } from "../controller/options.js";
import { createESMReloader } from "./superreload.js";

/** How the hooks were installed: in-thread `module.registerHooks` or off-thread `module.register`. */
export type HooksKind = "registerHooks" | "register";

/** `globalThis[ESM_HOOKS]`: the `HooksKind` in use (tests and `AUTORELOAD_DEBUG` read it). */
export const ESM_HOOKS = Symbol.for("autoreload.esmHooks");

type RegisterHooks = (hooks: ReturnType<typeof createSyncHooks>) => { deregister(): void };

function chooseKind(): HooksKind {
  const forced = process.env.AUTORELOAD_ESM_HOOKS;
  const hasSync = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === "function";
  if (forced === "register") return "register";
  if (forced === "registerHooks" && !hasSync) {
    throw new Error(`[autoreload] AUTORELOAD_ESM_HOOKS=registerHooks, but Node ${process.version} has no module.registerHooks (Node ≥ 22.15 / 23.5).`);
  }
  return hasSync ? "registerHooks" : "register";
}

/**
 * Installs ES module support for `controller`: returns how the hooks were installed.
 * - `registerHooks` (Node ≥ 22.15/23.5): synchronous hooks in this thread, compiling with the
 *   controller's compiler and calling `track()` directly; they also see `require()` calls.
 * - `register` (Node 20, older 22): hooks on Node's hooks thread, with their own compiler; each
 *   loaded file is reported over a BroadcastChannel whose main side is unref'd (it never keeps
 *   the process alive).
 */
export function installESM(controller: Autoreload, runtime: Runtime, compiler: Compiler, options: Options, compiling: () => boolean = () => false): HooksKind {
  const kind = chooseKind();
  let drain: (() => void) | undefined;
  const linked = new LinkedBindings(runtime, () => drain?.());
  const reloader = createESMReloader(runtime, linked);
  controller.setReloader("module", reloader.reload);
  controller.setPatcher("module", reloader.patch);
  if (kind === "registerHooks") {
    const registerHooks = (nodeModule as unknown as { registerHooks: RegisterHooks }).registerHooks;
    registerHooks(
      createSyncHooks({
        compile: (filename, source, moduleId) => compiler.compile({ filename, source, format: "module", moduleId }),
        track: (file, source) => controller.track(file, "module", source),
        instrumentNodeModules: options.instrumentNodeModules,
        // In-thread hooks also see `require()`: CommonJS goes on to Node (and the require hook).
        cjsWithoutSource: false,
        // …including the compiler's own (a project's Babel config, the SWC plugin loading lazily).
        compiling,
      }),
    );
  } else {
    const name = `autoreload:esm:${process.pid}:${threadId}:${Math.random().toString(36).slice(2)}`;
    const channel = new BroadcastChannel(name);
    const onMessage = (message: TrackMessage): void => {
      if (message.type === "track") controller.track(message.file, "module", message.source);
    };
    channel.onmessage = (event) => onMessage((event as MessageEvent).data as TrackMessage);
    channel.unref();
    // Messages arrive as tasks; a module that starts evaluating takes the ones already posted
    // (its own among them) at once, so `check()` right after an import knows the file.
    drain = () => {
      for (let m = receiveMessageOnPort(channel as never); m !== undefined; m = receiveMessageOnPort(channel as never)) onMessage(m.message as TrackMessage);
    };
    const data: RegisterData = { channel: name, compiler: options.compiler, instrumentNodeModules: options.instrumentNodeModules };
    nodeModule.register(new URL("./hooks.js", import.meta.url), { parentURL: import.meta.url, data });
  }
  (globalThis as Record<symbol, unknown>)[ESM_HOOKS] = kind;
  if (process.env.AUTORELOAD_DEBUG) options.log(`[autoreload] ES module hooks: module.${kind}${kind === "register" ? " (off-thread)" : " (in-thread)"}`);
  return kind;
}
