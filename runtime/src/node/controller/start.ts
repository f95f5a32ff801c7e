import { realpathSync } from "node:fs";
import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { installGlobal } from "../../core/global.js";
import { Autoreload } from "./autoreload.js";
import { installCommonJSHook } from "../cjs/loader.js";
import { createAutoCompiler } from "../compile/auto.js";
import { createBabelCompiler } from "../compile/babel.js";
import { createSwcCompiler } from "../compile/swc.js";
import type { Compiler } from "../compile/compiler.js";
import { resolveOptions, type Options } from "./options.js";
import { exportsOf, superreloadCommonJS } from "../cjs/superreload.js";
import { applyPatch } from "../patch/apply-patch.js";
import { installESM } from "../esm/install.js";
import { fileOfId } from "../esm/superreload.js";

const ACTIVE = Symbol.for("autoreload.controller");
type WithController = typeof globalThis & { [ACTIVE]?: Autoreload };

function createCompiler(options: Options): Compiler {
  switch (options.compiler) {
    case "auto":
      return createAutoCompiler({ babel: createBabelCompiler, swc: createSwcCompiler });
    case "babel":
      return createBabelCompiler();
    case "swc":
      return createSwcCompiler();
    default: {
      const check: never = options.compiler;
      return check;
    }
  }
}

const isUnderNodeModules = (file: string): boolean => /[\\/]node_modules[\\/]/.test(file);

/**
 * autoreload's own packages (the runtime and both plugins) are never instrumented, wherever they
 * live: installed they are under node_modules, but in a workspace or `npm link` their real path is not.
 */
function ownPackageRoots(): string[] {
  const require = createRequire(import.meta.url);
  const roots = [fileURLToPath(new URL("../../../", import.meta.url))];
  for (const name of ["babel-plugin-autoreload", "swc-plugin-autoreload"]) {
    try {
      roots.push(`${dirname(realpathSync(require.resolve(`${name}/package.json`)))}${sep}`);
    } catch {
      // not installed: nothing of it can be loaded either
    }
  }
  return roots;
}

/** The controller running in this process, if any. */
export function running(): Autoreload | undefined {
  return (globalThis as WithController)[ACTIVE];
}

/**
 * Starts autoreload in this process (once; later calls return the running controller): installs
 * the runtime global, turns on source maps for stack traces, installs the CommonJS require hook
 * and the watcher.
 */
export function start(partial: Partial<Options> = {}): Autoreload {
  const g = globalThis as WithController;
  const running = g[ACTIVE];
  if (running !== undefined) {
    if (partial.mode !== undefined) running.mode(partial.mode);
    return running;
  }
  const options = resolveOptions(partial);
  const runtime = installGlobal();
  process.setSourceMapsEnabled(true);
  // Files required while a file is being compiled are the compiler's own (a project's Babel
  // config and its plugins): they are loaded as they are, never instrumented (that would recurse).
  let compiling = false;
  const inner = createCompiler(options);
  const guarded = <T>(work: () => T): T => {
    const outer = compiling;
    compiling = true;
    try {
      return work();
    } finally {
      compiling = outer;
    }
  };
  const compiler: Compiler = {
    name: inner.name,
    compile: (request) => guarded(() => inner.compile(request)),
    describe: (request) => guarded(() => inner.describe?.(request)),
  };
  const controller = new Autoreload(runtime, compiler, options);
  controller.guardServers();
  runtime.onInvalidate = (record) => void controller.check({ files: [fileOfId(record.id)], now: true, force: true });
  const ownRoots = ownPackageRoots();
  installCommonJSHook(
    (source, file) => {
      const code = compiler.compile({ filename: file, source, format: "commonjs", moduleId: file });
      controller.track(file, "commonjs", source);
      return code;
    },
    {
      instrumentNodeModules: options.instrumentNodeModules,
      matcher: (file) => !compiling && !ownRoots.some((root) => file.startsWith(root)) && (options.instrumentNodeModules || !isUnderNodeModules(file)),
    },
  );
  controller.setReloader("commonjs", (file, code) => superreloadCommonJS(runtime, file, code));
  controller.setPatcher("commonjs", (request) => applyPatch(request, exportsOf(request.file)));
  // ES modules: module hooks (registerHooks in-thread, or register off-thread) and the "module" reloader.
  installESM(controller, runtime, compiler, options, () => compiling);
  g[ACTIVE] = controller;
  return controller;
}
