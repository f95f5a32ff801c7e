import { Module } from "node:module";
import { addHook } from "pirates";
import { SOURCE_EXTENSIONS, isTypeScript } from "../compile/compiler.js";

/** Called for every CommonJS module the hook compiles; returns the instrumented code. */
export type CompileHook = (source: string, file: string) => string;

const extensions = Module as unknown as { _extensions: Record<string, ((m: unknown, f: string) => void) | undefined> };

/**
 * Installs the CommonJS require hook (pirates) for `.js/.cjs/.jsx/.ts/.cts/.tsx`. Returns its undo.
 * `.mjs/.mts` are ESM and go through the module hooks instead. `node_modules` is left alone
 * unless `instrumentNodeModules` is set.
 */
export function installCommonJSHook(
  hook: CompileHook,
  options: { readonly instrumentNodeModules: boolean; readonly matcher: (file: string) => boolean },
): () => void {
  const exts = SOURCE_EXTENSIONS.filter((e) => e !== ".mjs" && e !== ".mts");
  // Node 22.18+/24 strip TypeScript types in their own `.ts` loader before `_compile`, and reject
  // enums and namespaces there; ours compiles the original source, so start from the `.js` loader.
  const replaced: Array<[string, ((m: unknown, f: string) => void) | undefined]> = [];
  for (const ext of exts) {
    if (isTypeScript(`x${ext}`) && extensions._extensions[ext] !== undefined) {
      replaced.push([ext, extensions._extensions[ext]]);
      extensions._extensions[ext] = extensions._extensions[".js"];
    }
  }
  const revert = addHook(hook, { exts, ignoreNodeModules: !options.instrumentNodeModules, matcher: options.matcher });
  return () => {
    revert();
    for (const [ext, loader] of replaced) {
      // Only restore what is still ours to restore.
      if (extensions._extensions[ext] === extensions._extensions[".js"]) extensions._extensions[ext] = loader;
    }
  };
}
