import { extname } from "node:path";
import type { ModuleFacts } from "@autoreload/abi";

/** How Node will evaluate the compiled code. */
export type ModuleFormat = "commonjs" | "module";

export interface CompileRequest {
  readonly filename: string;
  readonly source: string;
  readonly format: ModuleFormat;
  /** Id the instrumented code passes to `__autoreload.enter` (file path for CJS, URL for ESM). */
  readonly moduleId: string;
  /**
   * A reload's compile: the plugins emit a reload generation (option `reload`: base classes over
   * the runtime's allocator, docs/abi.md), and the on-disk transform cache is skipped (edited
   * content is rarely seen again, and its write would sit on the reload's critical path; its
   * entries are first generations); start-up compiles use it.
   */
  readonly reload?: boolean;
  /**
   * Receives the statement facts the plugin reported for this compile (patch reloads compare
   * them with the running generation's). Not called when the plugin reported none.
   */
  readonly onFacts?: (facts: ModuleFacts) => void;
}

/** Turns a source file into instrumented JavaScript with an inline source map. Throws on syntax errors. */
export interface Compiler {
  readonly name: CompilerName;
  compile(request: CompileRequest): string;
  /**
   * The statement facts of a source, without compiling it (what a patch decision needs; a patch
   * then compiles only its own small source). Undefined when the plugin reports none. Throws on
   * syntax errors, as `compile` does. Optional: without it, a reload compiles the whole file first.
   */
  describe?(request: CompileRequest): ModuleFacts | undefined;
}

export type CompilerName = "babel" | "swc";
/** What users choose: `auto` (default) is SWC, or Babel for files a project's Babel config covers. */
export type CompilerChoice = CompilerName | "auto";

/** Extensions the loaders compile. */
export const SOURCE_EXTENSIONS = [".js", ".cjs", ".mjs", ".jsx", ".ts", ".cts", ".mts", ".tsx"] as const;

export const isTypeScript = (filename: string): boolean => /\.[cm]?tsx?$/.test(extname(filename));
export const isJsx = (filename: string): boolean => /\.[jt]sx$/.test(filename);
