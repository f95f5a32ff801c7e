/**
 * The hot API (docs/abi.md, "Hot API"): `import.meta.hot` (ESM) and `module.hot` (`module` not
 * bound by the file — CommonJS, and ESM-syntax files compiled to CommonJS, as webpack users write
 * them) become the module handle's `_ar$m.hot`.
 */
import type { NodePath, types as t } from "@babel/core";
import { replaceNode } from "./edit.js";
import type { Emit } from "./emit.js";
import type { ModuleKind } from "./module-kind.js";

type Member = NodePath<t.MemberExpression | t.OptionalMemberExpression>;

/**
 * Whether the source text can spell `hot` (as a property name or string) at all: the walk below is
 * skipped when it cannot. An escape (`\u0068ot`, `"h\x6ft"`, `"h\157t"`, a line continuation)
 * can spell it too, so one of those means a walk. No source (`transformFromAst`): walk.
 */
const MAY_SPELL_HOT = /hot|\\[ux0-7\r\n\u2028\u2029]/;
function mayMentionHot(code: string | undefined): boolean {
  return code === undefined || code === "" || MAY_SPELL_HOT.test(code);
}

/** Every `import.meta.hot` / `module.hot` in the file. Read-only. */
export function collectHot(program: NodePath<t.Program>, kind: ModuleKind, code: string | undefined): Member[] {
  if (kind === "script" || !mayMentionHot(code)) return [];
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
  return node.computed
    ? node.property.type === "StringLiteral" && node.property.value === "hot"
    : node.property.type === "Identifier" && node.property.name === "hot";
}

/** import.meta.hot → _ar$m.hot ; module.hot → _ar$m.hot */
export function rewriteHot(e: Emit, members: readonly Member[]): void {
  for (const member of members) {
    const hot = e.hot();
    replaceNode(e.t, member, hot);
    e.scope.generatedAt(member.parentPath!, member.listKey ?? String(member.key), hot);
  }
}
