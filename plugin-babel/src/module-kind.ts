/**
 * Which prologue a file gets. A file with import/export declarations is an ES module; so is any
 * `.mjs`/`.mts` file (an ES module needs no import to be one, and `require` does not exist there).
 * Anything else is CommonJS, unless the `script` option says it is a classic script.
 */
import type { NodePath, types as t } from "@babel/core";

import type { ModuleKind } from "@autoreload/abi";
export type { ModuleKind };

export function hasModuleSyntax(program: NodePath<t.Program>): boolean {
  return program.node.body.some(
    (s) => s.type === "ImportDeclaration" || s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration" || s.type === "ExportAllDeclaration",
  );
}

export function moduleKind(program: NodePath<t.Program>, filename: string | undefined, script: boolean): ModuleKind {
  const esm = hasModuleSyntax(program);
  if (script) {
    if (esm) {
      throw program.buildCodeFrameError(
        "[autoreload] babel-plugin-autoreload: option `script: true` was given, but this file has import/export declarations, which classic scripts cannot have. Drop `script` for modules.",
      );
    }
    return "script";
  }
  if (esm) return "esm";
  if (filename !== undefined && /\.m[jt]s$/i.test(filename)) return "esm";
  return "commonjs";
}
