/**
 * CommonJS export assignments (docs/abi.md, "CommonJS assignments"), top-level expression
 * statements of CommonJS files only. Keys:
 *   module.exports = …        → "module.exports"
 *   exports.x = …             → "exports.x"
 *   module.exports.x = …      → "exports.x"
 * A member assignment does not name a function, so no `{ k: … }.k` wrapper is used.
 */
import type { NodePath, types as t } from "@babel/core";
import { KEY_EXPORTS_PREFIX, KEY_MODULE_EXPORTS } from "@autoreload/abi";

export interface ExportsAssignment {
  readonly key: string;
  readonly right: NodePath<t.Expression>;
}

/** Reads `module.exports = <right>;` and its variants; undefined for anything else. Read-only. */
export function matchExportsAssignment(statement: NodePath<t.Statement>): ExportsAssignment | undefined {
  if (!statement.isExpressionStatement()) return undefined;
  const expression = statement.get("expression");
  if (!expression.isAssignmentExpression({ operator: "=" })) return undefined;
  const left = expression.get("left");
  const key = exportsKey(left.node, (name) => !statement.scope.hasBinding(name, { noGlobals: true }));
  return key === undefined ? undefined : { key, right: expression.get("right") };
}

function exportsKey(node: t.Node, free: (name: string) => boolean): string | undefined {
  if (isModuleExports(node, free)) return KEY_MODULE_EXPORTS;
  if (node.type !== "MemberExpression") return undefined;
  const property = propertyName(node);
  if (property === undefined) return undefined;
  const object = node.object;
  if (object.type === "Identifier" && object.name === "exports" && free("exports")) return KEY_EXPORTS_PREFIX + property;
  if (isModuleExports(object, free)) return KEY_EXPORTS_PREFIX + property;
  return undefined;
}

function isModuleExports(node: t.Node, free: (name: string) => boolean): boolean {
  return (
    node.type === "MemberExpression" && node.object.type === "Identifier" && node.object.name === "module" && free("module") && propertyName(node) === "exports"
  );
}

/** `o.name` or `o["name"]`. */
function propertyName(node: t.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  if (node.computed && node.property.type === "StringLiteral") return node.property.value;
  return undefined;
}
