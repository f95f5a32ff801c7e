/**
 * The identifiers the plugin introduces into a file. The prologue names (`_ar$G`, `_ar$m`) are
 * fixed by the ABI, except in classic scripts, where every script shares one global scope and
 * they get a suffix from a hash of the module id: `_ar$G_1a2b3c4d`. The others (`_ar$r`, `_ar$a`,
 * `_ar$default`) are ABI names too, but fall back to a fresh `_ar$r2`-style name when the file
 * already uses them.
 */
import type { NodePath, types as t } from "@babel/core";
import { ARGS_NAME, ID_PREFIX, KEY_DEFAULT, MODULE_NAME, REST_NAME, TOKEN_NAME } from "@autoreload/abi";

export interface Names {
  /** Generation token, `_ar$G` (script: `_ar$G_<hash>`). */
  readonly token: string;
  /** Module handle, `_ar$m` (script: `_ar$m_<hash>`). */
  readonly module: string;
  /** Extra rest parameter of arrows with simple parameters. */
  readonly rest: string;
  /** Rest parameter of the wrapper of arrows with default or destructured parameters. */
  readonly args: string;
  /** Whether the file binds `undefined` somewhere: then checks use `void 0`. */
  readonly undefinedShadowed: boolean;
}

/** Whether `name` is bound anywhere in the file, or referenced as a global. */
export function isUsed(program: NodePath<t.Program>, name: string): boolean {
  return program.scope.hasReference(name) || program.scope.hasGlobal(name) || program.scope.hasBinding(name);
}

/** The ABI name `base` when the file does not use it, else a fresh `_base2`-style name. */
export function freeName(program: NodePath<t.Program>, base: string): string {
  return isUsed(program, base) ? program.scope.generateUid(base) : base;
}

export function fileNames(program: NodePath<t.Program>, scriptSuffix: string | undefined): Names {
  const suffix = scriptSuffix === undefined ? "" : `_${scriptSuffix}`;
  return {
    token: TOKEN_NAME + suffix,
    module: MODULE_NAME + suffix,
    rest: freeName(program, REST_NAME),
    args: freeName(program, ARGS_NAME),
    undefinedShadowed: program.scope.hasReference("undefined"),
  };
}

/** Name for `export default function () {}` / `export default class {}`: `_ar$default`. */
export function defaultExportName(program: NodePath<t.Program>): string {
  return freeName(program, `${ID_PREFIX}${KEY_DEFAULT}`);
}
