/**
 * `StatementFacts.pure`: whether running a top-level statement does nothing but bind its names.
 * Pure expressions are those that run no user code beyond reading names and properties (a getter
 * could run: accepted): literals, untagged templates, identifiers, the operators the ABI lists
 * (`PURE_UNARY_OPERATORS`, `PURE_BINARY_OPERATORS`), conditionals, array and object literals
 * (spreads included), functions and arrows (creating a closure runs nothing), pure classes, member
 * access, and parentheses and TypeScript's type-only wrappers around any of these.
 */
import type { types as t } from "@babel/core";
import { PURE_BINARY_OPERATORS, PURE_UNARY_OPERATORS } from "@autoreload/abi";

export function isPureExpression(node: t.Node | null | undefined): boolean {
  if (node == null) return true;
  switch (node.type) {
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
    case "NullLiteral":
    case "RegExpLiteral":
    case "BigIntLiteral":
    case "DecimalLiteral":
    case "Identifier":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      return true;
    case "TemplateLiteral":
      return node.expressions.every(isPureExpression);
    case "UnaryExpression":
      return PURE_UNARY_OPERATORS.has(node.operator) && isPureExpression(node.argument);
    case "BinaryExpression":
    case "LogicalExpression":
      return PURE_BINARY_OPERATORS.has(node.operator) && node.left.type !== "PrivateName" && isPureExpression(node.left) && isPureExpression(node.right);
    case "SequenceExpression":
      return PURE_BINARY_OPERATORS.has(",") && node.expressions.every(isPureExpression);
    case "ConditionalExpression":
      return isPureExpression(node.test) && isPureExpression(node.consequent) && isPureExpression(node.alternate);
    case "ArrayExpression":
      return node.elements.every((e) => e === null || isPureExpression(e.type === "SpreadElement" ? e.argument : e));
    case "ObjectExpression":
      return node.properties.every((p) => {
        if (p.type === "SpreadElement") return isPureExpression(p.argument);
        if (p.computed && !isPureExpression(p.key)) return false;
        return p.type === "ObjectMethod" || isPureExpression(p.value);
      });
    case "MemberExpression":
    case "OptionalMemberExpression":
      return isPureExpression(node.object) && (!node.computed || isPureExpression(node.property));
    case "ClassExpression":
      return isPureClass(node);
    case "ParenthesizedExpression":
    case "TSAsExpression":
    case "TSSatisfiesExpression":
    case "TSTypeAssertion":
    case "TSNonNullExpression":
    case "TSInstantiationExpression":
      return isPureExpression(node.expression);
    default:
      return false;
  }
}

/**
 * A class whose definition runs no user code: no decorators (on the class, its members or their
 * parameters), no static blocks, pure static initializers, pure computed keys, and a pure
 * `extends` expression.
 */
export function isPureClass(node: t.Class): boolean {
  if (node.decorators?.length) return false;
  if (!isPureExpression(node.superClass)) return false;
  for (const member of node.body.body) {
    switch (member.type) {
      case "StaticBlock":
        return false;
      case "ClassMethod":
      case "ClassPrivateMethod":
        if (member.decorators?.length) return false;
        if (member.type === "ClassMethod" && member.computed && !isPureExpression(member.key)) return false;
        if (member.params.some((p) => (p as { decorators?: unknown[] | null }).decorators?.length)) return false;
        break;
      case "ClassProperty":
      case "ClassPrivateProperty":
      case "ClassAccessorProperty":
        if (member.decorators?.length) return false;
        if (member.type !== "ClassPrivateProperty" && member.computed && !isPureExpression(member.key)) return false;
        if (member.static && !isPureExpression(member.value)) return false;
        break;
      default:
        break; // TypeScript index signatures, declared methods: no code
    }
  }
  return true;
}

/** `const`/`let`/`var` whose initializers, destructuring defaults and computed keys are pure (array patterns run an iterator). */
export function isPureDeclaration(node: t.VariableDeclaration): boolean {
  return node.declarations.every((d) => isPurePattern(d.id) && isPureExpression(d.init));
}

function isPurePattern(node: t.Node): boolean {
  switch (node.type) {
    case "Identifier":
      return true;
    case "ObjectPattern":
      return node.properties.every((p) =>
        p.type === "RestElement" ? isPurePattern(p.argument) : (!p.computed || isPureExpression(p.key)) && isPurePattern(p.value),
      );
    case "AssignmentPattern":
      return isPurePattern(node.left) && isPureExpression(node.right);
    default:
      return false;
  }
}
