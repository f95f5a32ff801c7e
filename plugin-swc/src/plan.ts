/**
 * What the analysis decided, before any edit: a tagged union per instrumented construct, in
 * source order. `emit-*.ts` turn it into text edits.
 */
import type { ArrowShape, ClassShape, FunctionLike, FunctionShape } from "./shapes.js";

import type { ModuleKind } from "@autoreload/abi";
export type { ModuleKind };

/** `function f() {}`, `export function f() {}`, `export default function [f]() {}`. */
export interface FunctionDeclarationItem {
  readonly type: "function-declaration";
  readonly index: number;
  readonly key: string;
  readonly shape: FunctionShape;
  /** Anonymous `export default function () {}`: tokens [export, function) are replaced. */
  readonly anonymousDefault: { readonly exportTok: number; readonly functionTok: number } | undefined;
}

/** `const f = () => …` (wrapped in place) and CommonJS `exports.f = function () {}`. */
export interface FunctionValueItem {
  readonly type: "function-value";
  readonly index: number;
  readonly key: string;
  readonly shape: FunctionLike;
  /** First and last+1 token of the initializer. */
  readonly initStart: number;
  readonly initEnd: number;
  /** Name for the `{ f: … }.f` wrapper (NamedEvaluation), or undefined (no wrapper). */
  readonly wrapName: string | undefined;
}

/**
 * An inline cell (docs/abi.md, "Cells"): a function expression, an arrow with simple parameters,
 * or an object-literal method/getter/setter reachable from a top-level statement through
 * expressions only. It gets the forwarding check on its own slot and no registration call.
 */
export interface InlineFunctionItem {
  readonly type: "inline-function";
  readonly index: number;
  readonly form: "expression" | "method" | "getter" | "setter";
  /** A function expression or an object member (`nameTok` -1), or an arrow. */
  readonly shape: FunctionShape | ArrowShape;
  /** The function's (or member's) first token, and the token after its last. */
  readonly start: number;
  readonly end: number;
}

export type ClassForm =
  | { readonly form: "declaration"; readonly exportTok: number } // -1 when not exported
  | { readonly form: "export-default"; readonly exportTok: number; readonly anonymous: boolean }
  | { readonly form: "value"; readonly initStart: number; readonly initEnd: number; readonly wrap: boolean }
  /**
   * SWC's `let C = class C {…};` for a class declaration (its CommonJS output with `keepClassNames`):
   * instrumented as the declaration; `bindingTok` is the `C` after `let`.
   */
  | { readonly form: "let"; readonly bindingTok: number };

export interface ClassItem {
  readonly type: "class";
  readonly index: number;
  readonly key: string;
  readonly shape: ClassShape;
  readonly how: ClassForm;
  /** Binding name that stands for the class inside its body (`C`), or undefined (anonymous). */
  readonly bindingName: string | undefined;
  /** Name of a named class expression, renamed to `bindingName` inside the body. */
  readonly innerName: string | undefined;
  /** Name given to the class by the `{ N: class {} }.N` wrapper. */
  readonly wrapName: string | undefined;
}

/** `export const x = …`: `_ar$m.live("x", …)` after the statement (ESM only). */
export interface LiveItem {
  readonly type: "live";
  /** The locals and their keys (the local's name, or "default" for SWC's `_default`). */
  readonly bindings: ReadonlyArray<{ readonly local: string; readonly key: string }>;
  /** Token of `const` to turn into `let`, or -1. */
  readonly constTok: number;
  /** Last token of the declaration (the `;`). */
  readonly endTok: number;
}

/**
 * `export default <expression>;` (not a function or class): `let _ar$default = <expression>;`,
 * its `_ar$m.live("default", …)` registration and `export { _ar$default as default };` (ESM only).
 */
export interface DefaultValueItem {
  readonly type: "default-value";
  readonly exportTok: number;
  readonly defaultTok: number;
  /** The statement's `;`. */
  readonly endTok: number;
}

/** `import.meta.hot` / `module.hot` → `_ar$m.hot` (tokens first..last). */
export interface HotItem {
  readonly type: "hot";
  readonly first: number;
  readonly last: number;
}

/**
 * A top-level `let` the module never assigns after its initializer, emitted as `const` (option
 * `patch`): with the module's evaluator in scope (a direct `eval`), every read of a `let` is a
 * real load; a `const` is not. Its facts say `frozen` (a version that assigns it reloads in full).
 */
export interface FreezeItem {
  readonly type: "freeze";
  /** The `let` token. */
  readonly letTok: number;
}

export type Item = FunctionDeclarationItem | FunctionValueItem | InlineFunctionItem | ClassItem | LiveItem | DefaultValueItem | HotItem | FreezeItem;

export interface Plan {
  readonly moduleKind: ModuleKind;
  /** Text offset where the prologue goes (after directives and a hashbang). */
  readonly prologueAt: number;
  /** The prologue starts on a new line (it follows a directive on the same line). */
  readonly prologueNewline: boolean;
  /**
   * Direct route (SWC's CommonJS output of an ES module): where `require("autoreload/install")`
   * goes, before the requires SWC hoisted (where two passes would have placed the import), or -1:
   * with the rest of the prologue.
   */
  readonly installAt: number;
  /** The code is SWC's CommonJS output of an ES module (ESM constructs are already converted). */
  readonly commonJsOutput: boolean;
  readonly items: readonly Item[];
  /** Generated name for an anonymous default export or a default-exported value (`_ar$default` unless taken). */
  readonly defaultName: string;
  /** Identifiers starting with `_ar$` that the file uses (generated names avoid them). */
  readonly reserved: ReadonlySet<string>;
  readonly undefinedBound: boolean;
}
