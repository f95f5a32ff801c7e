// Node's module customization hooks for ES modules (docs/esm.md).
//
// One implementation, two installations (esm-install.ts):
// - Node ≥ 22.15 / 23.5: `module.registerHooks({ resolve, load })`, in-thread and synchronous;
//   `createSyncHooks()` builds them around the controller's compiler and `track()`.
// - Node 20 (and older 22): `module.register(thisFile, { data })`: the hooks run on Node's hooks
//   thread (`initialize`, `resolve`, `load` below), compile there with their own compiler, and
//   tell the main thread about each loaded file through a MessagePort.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Compiler } from "../compile/compiler.js";
import { fallbackPath, formatOf, isSourceFile, isUnderNodeModules } from "./format.js";

/** What the hooks need from their installation. */
export interface HookContext {
  /** Compiles an ES module (instrumented, inline source map). Throws on syntax errors. */
  compile(file: string, source: string, url: string): string;
  /** Called once per loaded ES module file, with the source it was compiled from. */
  track(file: string, source: string): void;
  readonly instrumentNodeModules: boolean;
  /** Whether a load hook may leave `source` empty for CommonJS (the CommonJS loader then loads it). */
  readonly cjsWithoutSource: boolean;
  /** True while the (shared) compiler is compiling a file: what loads then is the compiler's own. */
  readonly compiling?: () => boolean;
}

interface ResolveContext {
  readonly parentURL?: string | undefined;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null | undefined;
  shortCircuit?: boolean;
}
interface LoadContext {
  readonly format?: string | null | undefined;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string | null | undefined;
  source?: string | ArrayBuffer | Uint8Array | null | undefined;
  shortCircuit?: boolean;
}

/** The runtime's own files (`dist/`, `src/`) are never instrumented, wherever the package lives. */
const OWN_DIR = fileURLToPath(new URL("../../../", import.meta.url));

const NOT_FOUND = new Set(["ERR_MODULE_NOT_FOUND", "ERR_UNSUPPORTED_DIR_IMPORT"]);

/** The file URL a TypeScript project means by a relative specifier Node could not find, if any. */
function resolveFallback(specifier: string, context: ResolveContext, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !NOT_FOUND.has(code)) return undefined;
  const parent = context.parentURL;
  if (parent === undefined || !parent.startsWith("file:")) return undefined;
  if (!/^(\.\.?(\/|$)|\/|file:)/.test(specifier)) return undefined;
  let target: URL;
  try {
    target = new URL(specifier, parent);
  } catch {
    return undefined;
  }
  const alt = fallbackPath(fileURLToPath(target));
  if (alt === undefined) return undefined;
  const url = pathToFileURL(alt);
  url.search = target.search;
  return url.href;
}

type Decision = { readonly kind: "next" } | { readonly kind: "commonjs"; readonly file: string } | { readonly kind: "module"; readonly file: string };

function decide(url: string, context: LoadContext, ctx: HookContext): Decision {
  if (!url.startsWith("file:")) return { kind: "next" };
  if (context.importAttributes !== undefined && context.importAttributes.type !== undefined) return { kind: "next" };
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    return { kind: "next" };
  }
  if (!isSourceFile(file) || file.startsWith(OWN_DIR)) return { kind: "next" };
  if (!ctx.instrumentNodeModules && isUnderNodeModules(file)) return { kind: "next" };
  return formatOf(file) === "module" ? { kind: "module", file } : { kind: "commonjs", file };
}

function loadModule(file: string, url: string, ctx: HookContext): LoadResult {
  const source = readFileSync(file, "utf8");
  // The id instrumented code passes to `enter` is the URL without query (reload generations add one).
  const id = url.includes("?") || url.includes("#") ? pathToFileURL(file).href : url;
  const code = ctx.compile(file, source, id);
  ctx.track(file, source);
  return { format: "module", source: code, shortCircuit: true };
}

type SyncResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
type SyncLoad = (url: string, context?: LoadContext) => LoadResult;

/** Synchronous hooks for `module.registerHooks` (in-thread; also see `require()` calls). */
export function createSyncHooks(ctx: HookContext): {
  resolve(specifier: string, context: ResolveContext, nextResolve: SyncResolve): ResolveResult;
  load(url: string, context: LoadContext, nextLoad: SyncLoad): LoadResult;
} {
  // Modules loaded while a file is being compiled are the compiler's own (a project's Babel
  // config and plugins): loaded as they are, never instrumented (that would recurse).
  let compiling = false;
  const guarded: HookContext = {
    ...ctx,
    compile(file, source, url) {
      compiling = true;
      try {
        return ctx.compile(file, source, url);
      } finally {
        compiling = false;
      }
    },
  };
  return {
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const url = resolveFallback(specifier, context, error);
        if (url === undefined) throw error;
        return { url, shortCircuit: true };
      }
    },
    load(url, context, nextLoad) {
      if (compiling || ctx.compiling?.() === true) return nextLoad(url, context);
      const d = decide(url, context, ctx);
      if (d.kind === "module") return loadModule(d.file, url, guarded);
      if (d.kind === "commonjs" && ctx.cjsWithoutSource) return { format: "commonjs", shortCircuit: true };
      return nextLoad(url, context);
    },
  };
}

// ---- module.register (off-thread) ----------------------------------------------------------

/** `data` passed to `module.register(…, { data })` by esm-install.ts. */
export interface RegisterData {
  /**
   * Name of the BroadcastChannel to the main thread. (Not a transferred MessagePort: a port in
   * `register()`'s transferList makes Node 20 and 24 exit silently when registered from a `-r`
   * preload; see docs/node-quirks.md.)
   */
  readonly channel: string;
  readonly compiler: string;
  readonly instrumentNodeModules: boolean;
}

/** Message the hooks thread posts to the main thread for each loaded ES module. */
export interface TrackMessage {
  readonly type: "track";
  readonly file: string;
  readonly source: string;
}

let threadContext: HookContext | undefined;
let threadCompile: ((file: string, source: string, url: string) => string) | undefined;
let threadCompilerName = "babel";

export function initialize(data: RegisterData): void {
  const channel = new BroadcastChannel(data.channel);
  channel.unref();
  threadCompilerName = data.compiler;
  threadContext = {
    compile: (file, source, url) => {
      if (threadCompile === undefined) throw new Error("[autoreload] the compiler is not loaded");
      return threadCompile(file, source, url);
    },
    track: (file, source) => channel.postMessage({ type: "track", file, source } satisfies TrackMessage),
    instrumentNodeModules: data.instrumentNodeModules,
    // With module.register, a CommonJS result without source makes Node use the CommonJS loader
    // (Module._load), where the require hook compiles and tracks it.
    cjsWithoutSource: true,
  };
}

let compilerLoading: Promise<void> | undefined;

async function ensureCompiler(): Promise<void> {
  if (threadCompile !== undefined) return;
  // The hooks also see this thread's own imports: the compiler's modules load as they are.
  compilerLoading ??= loadCompiler();
  return compilerLoading;
}

async function loadCompiler(): Promise<void> {
  // Loaded on first use: processes that never import an ES module do not pay for a compiler here.
  // The same choice as the main thread's (start.ts): auto (SWC, Babel where a Babel config applies), babel, swc.
  const babel = async (): Promise<Compiler> => (await import("../compile/babel.js")).createBabelCompiler();
  const swc = async (): Promise<Compiler> => (await import("../compile/swc.js")).createSwcCompiler();
  let compiler: Compiler;
  switch (threadCompilerName) {
    case "babel":
      compiler = await babel();
      break;
    case "swc":
      compiler = await swc();
      break;
    case "auto": {
      // Both loaded up front: the factories must be synchronous. One after the other: the SWC
      // plugin is require()d (an ES module: require(esm)) and imports modules of this package,
      // which Node 20 fails on ("reading 'getStatus'") while an import() of one of them is in flight.
      const [b] = await Promise.allSettled([babel()]);
      const [w] = await Promise.allSettled([swc()]);
      const { createAutoCompiler } = await import("../compile/auto.js");
      const pick = (r: PromiseSettledResult<Compiler>) => (): Compiler => {
        if (r.status === "rejected") throw r.reason;
        return r.value;
      };
      compiler = createAutoCompiler({ babel: pick(b), swc: pick(w) });
      break;
    }
    default:
      throw new Error(`[autoreload] unknown compiler ${JSON.stringify(threadCompilerName)}`);
  }
  threadCompile = (filename, source, moduleId) => compiler.compile({ filename, source, format: "module", moduleId });
}

type AsyncResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult> | ResolveResult;
type AsyncLoad = (url: string, context?: LoadContext) => Promise<LoadResult> | LoadResult;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: AsyncResolve): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const url = resolveFallback(specifier, context, error);
    if (url === undefined) throw error;
    return { url, shortCircuit: true };
  }
}

export async function load(url: string, context: LoadContext, nextLoad: AsyncLoad): Promise<LoadResult> {
  const ctx = threadContext;
  if (ctx === undefined || (compilerLoading !== undefined && threadCompile === undefined)) return nextLoad(url, context);
  const d = decide(url, context, ctx);
  if (d.kind === "module") {
    await ensureCompiler();
    return loadModule(d.file, url, ctx);
  }
  if (d.kind === "commonjs") return { format: "commonjs", shortCircuit: true };
  return nextLoad(url, context);
}
