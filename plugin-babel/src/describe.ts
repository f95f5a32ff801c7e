/**
 * The statement facts of a source without compiling it (ABI 4): what a patch decision needs
 * before anything is compiled. The caller parses the source with the options it would compile it
 * with (`babel.parseSync`), and `describeProgram` runs the plugin's read-only passes (module kind,
 * names, plan, facts: `prepareProgram` in instrument.ts, the code a compile runs) on that AST.
 * No edit, no other plugin's visitor, no code generation: the facts equal those a compile of the
 * same text with the same options reports as `result.metadata.autoreload.facts`, provided no
 * plugin ahead of this one edits the program before it (`pre` hooks, `Program` visitors of a
 * project's config: Babel runs config-file plugins before programmatic ones).
 *
 *   const ast = babel.parseSync(code, options);
 *   const facts = describeProgram(babel, ast, code, { filename, moduleId });
 */
import type { BabelFile, NodePath, types as BabelTypes, types as t } from "@babel/core";
import type { ModuleFacts } from "@autoreload/abi";
import { prepareProgram } from "./instrument.js";
import { type Options, resolveOptions } from "./options.js";

/** What `describeProgram` needs of `@babel/core` (pass the module itself: `import babel from "@babel/core"`). */
export interface DescribeBabel {
  readonly types: typeof BabelTypes;
  /** Babel's `File` (exported by @babel/core, untyped there): the program path and scope a transform's plugins get. */
  readonly File: unknown;
}

/** The plugin's options, and the file name Babel was given (the module kind and a script's id depend on it). */
export interface DescribeOptions extends Options {
  readonly filename?: string | undefined;
}

type FileClass = new (
  options: { filename?: string | undefined },
  input: { code: string; ast: t.File; inputMap: null },
) => { readonly path: NodePath<t.Program> };

/**
 * The facts a compile of `code` would report (undefined where it would report none: option
 * `patch: false`, a file left as written). `ast`: `code` as Babel parsed it, with the compile's
 * parser options, or the `BabelFile` a plugin of a transform gets (`this.file`: its program path
 * and scope are used as they are); it is read, never edited. Throws what the compile would (the
 * plugin's errors, with the file name in front as Babel's transform puts it).
 */
export function describeProgram(babel: DescribeBabel, ast: t.File | BabelFile, code: string, options: DescribeOptions = {}): ModuleFacts | undefined {
  const { filename, ...pluginOptions } = options;
  const resolved = resolveOptions(pluginOptions);
  // A plugin in a transform: Babel's transform reports what it throws.
  if ("path" in ast) return prepareProgram(babel.types, ast.path, resolved, filename, code)?.facts;
  try {
    const { path } = new (babel.File as FileClass)({ filename }, { code, ast, inputMap: null });
    return prepareProgram(babel.types, path, resolved, filename, code)?.facts;
  } catch (error) {
    // As `transformSync` reports an error a plugin throws (@babel/core, transformation/index.js).
    if (error instanceof Error) {
      error.message = `${filename ?? "unknown file"}: ${error.message}`;
      const coded = error as Error & { code?: string };
      if (!coded.code) coded.code = "BABEL_TRANSFORM_ERROR";
    }
    throw error;
  }
}
