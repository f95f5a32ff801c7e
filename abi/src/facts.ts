/**
 * Statement facts (ABI 4): what a plugin reports about each top-level statement of a module, so
 * that the runtime can decide, in one place (`runtime/src/core/patch-plan.ts`), whether an edit is
 * a *patch* (only changed definitions are evaluated, in the live module scope) or a full reload.
 *
 * Both plugins compute the same facts from their own AST:
 * - `shape`: a structural hash of the statement with the body of every cell inside it left out
 *   (a placeholder per cell, its kind kept): positions, comments and whitespace never count; names,
 *   operators, literal values and the order of things do.
 * - one `CellFacts` per cell inside the statement, in source order; the cell's `body` hash covers
 *   everything of the function that the shape leaves out (parameters, body, async/generator).
 * - spans are UTF-16 offsets into the *original* source text the plugin was given (before
 *   TypeScript or JSX were stripped), so the runtime can cut a statement or a function out of it.
 *
 * The facts of the running generation travel inside its code (the fifth argument of `enter`,
 * `encodeFacts`); the facts of a new compile come with the compile's result.
 */

/** What kind of top-level statement it is, as far as the patch decision cares. */
export type StatementKind =
  /** `import …` (ESM syntax), also `import x = require()` in TypeScript. */
  | "import"
  /** `export … from`, `export * from`. */
  | "reexport"
  /** `function f() {}`, `export function f() {}`, `export default function () {}`. */
  | "function"
  /** `class C {}`, `export class C {}`, `export default class {}`, `const C = class {}`. */
  | "class"
  /** `const` declarations (not classes). */
  | "const"
  /** `let` declarations. */
  | "let"
  /** `var` declarations. */
  | "var"
  /** Anything else: expression statements, `if`, loops, `export { a }`, `module.exports = …`. */
  | "other";

/** How the runtime rebuilds a cell's function from its source span (`CellFacts.span`). */
export type CellForm =
  /** A function declaration: the span starts at `function`/`async` and `nameSpan` is its name. */
  | "declaration"
  /** A function or arrow expression: the span is the whole expression. */
  | "expression"
  /** An object-literal method: the span is the whole member (key included). */
  | "method"
  /** An object-literal getter (`get x() {}`), the whole member. */
  | "getter"
  /** An object-literal setter (`set x(v) {}`), the whole member. */
  | "setter";

export interface CellFacts {
  /** The slot of the cell in the module's generation token (`_ar$G.$slot`). */
  readonly slot: number;
  /** Structural hash of the function itself: parameters, body, async/generator, form. */
  readonly body: string;
  readonly form: CellForm;
  /** [start, end) of the function (or object member) in the original source. */
  readonly span: readonly [number, number];
  /** `declaration` only: [start, end) of the function's name in the original source. */
  readonly nameSpan?: readonly [number, number];
  /** The cell's registration key when it has one (`_ar$m.fn(key, …)`), e.g. `"add"`, `"default"`. */
  readonly key?: string;
  /**
   * Module-scope names (declared by a top-level statement of this module) the function mentions
   * as variables, in its parameters or body. May include names a local binding shadows (a safe
   * over-approximation); property names (`a.K`, `{ K: 1 }` keys) are not variables.
   */
  readonly reads?: readonly string[];
}

export interface StatementFacts {
  readonly kind: StatementKind;
  /** Structural hash of the statement, cell bodies left out. */
  readonly shape: string;
  /** Names the statement declares in the module scope, in source order. */
  readonly declares: readonly string[];
  /**
   * Whether running the statement has no effect besides binding its names: a declaration whose
   * initializers are literals, templates without tags, arithmetic/logic, array and object literals
   * of such, function/arrow/class-free references to other names (`const L = K * 2`).
   * Function and class declarations are side-effect free too.
   */
  readonly pure: boolean;
  /** [start, end) of the statement in the original source. */
  readonly span: readonly [number, number];
  /**
   * [start, end) of a leading `export` or `export default` (the statement without it is still a
   * statement: a declaration, or a named function/class), so the runtime can evaluate the
   * declaration alone.
   */
  readonly exportSpan?: readonly [number, number];
  /** 1-based line of the statement's first character, for messages. */
  readonly line: number;
  /** The cells inside the statement, in source order. */
  readonly cells: readonly CellFacts[];
  /**
   * A `let` declaration the module never assigns after its initializer: the plugin emitted it as
   * `const` (the module's evaluator in scope would otherwise make every read of it a real load).
   * A new version that assigns it is a full reload (a patch's code could not assign a `const`).
   */
  readonly frozen?: boolean;
  /**
   * Module-scope names the statement mentions as variables outside its cells (as `CellFacts.reads`):
   * for `const L = K * 2`, `["K"]`; for `app.listen(PORT)`, `["app", "PORT"]`. Class statements
   * include their members' bodies.
   */
  readonly reads?: readonly string[];
}

export interface ModuleFacts {
  /** Version of this format (FACTS_VERSION). */
  readonly version: number;
  /**
   * Why the module can only be reloaded in full, whatever changed: `eval` or `with` in the module
   * (code could reach names no fact describes), or the plugin could not describe a statement.
   */
  readonly unpatchable?: string;
  readonly statements: readonly StatementFacts[];
}

export const FACTS_VERSION = 1;

/** The form facts travel in inside emitted code: a JSON string, parsed only when a patch needs it. */
export function encodeFacts(facts: ModuleFacts): string {
  return JSON.stringify(facts);
}

/** Reads `encodeFacts` output; undefined for anything else (an older ABI, a damaged string). */
export function decodeFacts(text: string | undefined): ModuleFacts | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const facts = JSON.parse(text) as ModuleFacts;
    return facts !== null && typeof facts === "object" && facts.version === FACTS_VERSION && Array.isArray(facts.statements) ? facts : undefined;
  } catch {
    return undefined;
  }
}

/** A short, one-line rendering of a statement's source for log lines (`app.use(cors())`). */
export function statementLabel(source: string, span: readonly [number, number], max = 60): string {
  const text = source.slice(span[0], span[1]).replace(/\s+/g, " ").trim().replace(/;$/, "");
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
