/**
 * The hot API (docs/abi.md, "Hot API"): `import.meta.hot` (ESM) and `module.hot` (`module` not
 * bound by the file — CommonJS, and ESM-syntax files compiled to CommonJS, as webpack users write
 * them) become the module handle's `_ar$m.hot`.
 */
import type { NodePath, types as t } from "@babel/core";
import type { Emit } from "./emit.js";
import type { ModuleKind } from "./module-kind.js";

type Member = NodePath<t.MemberExpression | t.OptionalMemberExpression>;

/** Every `import.meta.hot` / `module.hot` in the file. Read-only. */
export function collectHot(program: NodePath<t.Program>, kind: ModuleKind): Member[] {
  if (kind === "script") return [];
  const found: Member[] = [];
  program.traverse({
    "MemberExpression|OptionalMemberExpression"(path) {
      const member = path as Member;
      const { object } = member.node;
      if (!isHotProperty(member.node)) return;
      if (kind === "esm" && object.type === "MetaProperty" && object.meta.name === "import" && object.property.name === "meta") {
        found.push(member);
      } else if (object.type === "Identifier" && object.name === "module" && !member.scope.hasBinding("module", { noGlobals: true })) {
        found.push(member);
      }
    },
  });
  return found;
}

function isHotProperty(node: t.MemberExpression | t.OptionalMemberExpression): boolean {
  if (node.optional) return false;
  return node.computed ? node.property.type === "StringLiteral" && node.property.value === "hot"
    : node.property.type === "Identifier" && node.property.name === "hot";
}

/** import.meta.hot → _ar$m.hot ; module.hot → _ar$m.hot */
export function rewriteHot(e: Emit, members: readonly Member[]): void {
  for (const member of members) member.replaceWith(e.hot());
}
