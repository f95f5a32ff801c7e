/**
 * Looking through parentheses and TypeScript's type-only expression wrappers, which do not change
 * what a value is: `(() => 1) as Handler` is still an anonymous arrow once the types are stripped.
 */
import type { NodePath, types as t } from "@babel/core";

export type FunctionValue = t.ArrowFunctionExpression | t.FunctionExpression | t.ClassExpression;

const TRANSPARENT = new Set(["ParenthesizedExpression", "TSAsExpression", "TSSatisfiesExpression", "TSTypeAssertion", "TSNonNullExpression"]);

/** The expression under any parentheses and `as`/`satisfies`/`<T>`/`!` wrappers. */
export function unwrap(path: NodePath<t.Expression>): NodePath<t.Expression> {
  let current = path;
  while (TRANSPARENT.has(current.node.type)) current = current.get("expression") as NodePath<t.Expression>;
  return current;
}

export function unwrapNode(node: t.Expression): t.Expression {
  let current: t.Expression = node;
  while (TRANSPARENT.has(current.type)) current = (current as { expression: t.Expression }).expression;
  return current;
}

/** The function or class expression `path` evaluates to, if that is all it is. */
export function functionValue(path: NodePath<t.Expression>): NodePath<FunctionValue> | undefined {
  const inner = unwrap(path);
  if (inner.isArrowFunctionExpression() || inner.isFunctionExpression() || inner.isClassExpression()) return inner;
  return undefined;
}

/** ECMAScript's IsAnonymousFunctionDefinition: an initializer that NamedEvaluation names. */
export function isAnonymousFunctionDefinition(node: t.Expression): boolean {
  const inner = unwrapNode(node);
  if (inner.type === "ArrowFunctionExpression") return true;
  if (inner.type === "FunctionExpression" || inner.type === "ClassExpression") return inner.id == null;
  return false;
}

/**
 * Whether the identifier at `path` sits in a TypeScript type position (`x: C`, `f<C>()`,
 * `implements C`, `y as C`), where it names a type, not a value, and must not be rewritten.
 */
export function inTypePosition(path: NodePath): boolean {
  let child: NodePath = path;
  let parent = path.parentPath;
  while (parent) {
    const type = parent.node.type;
    if (type.startsWith("TS") && !VALUE_CHILD.get(type)?.includes(String(child.key))) return true;
    if (parent.isStatement() || parent.isFunction() || parent.isClassBody() || parent.isProgram()) return false;
    child = parent;
    parent = parent.parentPath;
  }
  return false;
}

/** TypeScript nodes whose child under these keys is a value, not a type. */
const VALUE_CHILD = new Map<string, string[]>([
  ["TSAsExpression", ["expression"]],
  ["TSSatisfiesExpression", ["expression"]],
  ["TSTypeAssertion", ["expression"]],
  ["TSNonNullExpression", ["expression"]],
  ["TSInstantiationExpression", ["expression"]],
  ["TSParameterProperty", ["parameter"]],
  ["TSExportAssignment", ["expression"]],
  ["TSEnumMember", ["initializer"]],
]);
