/**
 * The instrumentation rules both plugins apply, written once. Each plugin adapts its own AST (a
 * Babel AST, SWC's printed tokens) to these questions; neither decides them on its own.
 */

/** Unary operators whose application runs no user code beyond evaluating the operand. */
export const PURE_UNARY_OPERATORS: ReadonlySet<string> = new Set(["-", "+", "!", "~", "typeof", "void"]);

/** Binary and logical operators that run no user code beyond evaluating their operands (`in`/`instanceof` can: proxies, Symbol.hasInstance). */
export const PURE_BINARY_OPERATORS: ReadonlySet<string> = new Set([
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "==",
  "!=",
  "===",
  "!==",
  "<",
  "<=",
  ">",
  ">=",
  "<<",
  ">>",
  ">>>",
  "&",
  "|",
  "^",
  "&&",
  "||",
  "??",
  ",",
]);

/**
 * Which functions are cells (docs/abi.md, "Cells"):
 * - declarations: `function f`, `export default function`, `const/let/var f = <function or arrow>`
 *   that the module never reassigns, `module.exports = <function>`, `exports.x = <function>`;
 *   they are registered by key (`_ar$m.fn(key, …)`);
 * - inline cells: function expressions, arrows with simple parameters, and object-literal
 *   methods/getters/setters reachable from a top-level statement through expressions only (no
 *   function, class body, block, loop, `if`, `switch`, `try` or label in between) and not a
 *   declaration cell; they are patched by slot and have no registration call;
 * - classes (`class C`, `export default class`, `const C = class`) are class cells; their
 *   members are not cells of their own.
 * Never cells: a function whose body binds `arguments` itself; a function called where it stands
 * (`(() => {…})()`, `new (function () {…})()`: it never runs again, so a patch could not reach
 * it — its text stays in its statement's shape); arrows with patterns or defaults in their
 * parameters. Object methods, getters and setters forward without the `new.target` test (they
 * cannot be constructed). With the `patch` option off there are no inline cells (nothing could
 * patch them).
 */
export const CELL_RULES = "docs/abi.md#cells";

/** Parameters an arrow may have to be an inline cell: identifiers, then at most one identifier rest. */
export function simpleParameters(params: ReadonlyArray<{ readonly kind: "identifier" | "rest-identifier" | "other" }>): boolean {
  return params.every((p, i) => p.kind === "identifier" || (p.kind === "rest-identifier" && i === params.length - 1));
}

/** Why a module can only be reloaded in full whatever changed (`ModuleFacts.unpatchable`). */
export const UNPATCHABLE_EVAL = "the module calls eval() directly: a patch could not know which names the evaluated code uses";
export const UNPATCHABLE_WITH = "the module uses a with statement: names inside it are resolved at run time";
export const UNPATCHABLE_EVAL_BINDING = "the module binds the name eval: its evaluator would not run code in the module scope";
