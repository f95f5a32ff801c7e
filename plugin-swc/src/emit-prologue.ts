/**
 * The module prologue and the registrations of hoisted function declarations:
 *
 *   import "autoreload/install";                     // CommonJS: require("autoreload/install");
 *   function _ar$G() {}
 *   const _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 1);
 *   add = _ar$m.fn("add", add, 0);
 */
import { ABI_VERSION, GLOBAL_NAME, MODULE_FN, RUNTIME_ENTER } from "autoreload/abi";
import type { ResolvedOptions } from "./options.js";
import type { Plan } from "./plan.js";
import type { Names } from "./emit-names.js";
import type { Tokens } from "./tokenize.js";
import { insert, type Edit } from "./edits.js";
import { str } from "./token-walk.js";

export function emitPrologue(t: Tokens, plan: Plan, n: Names, opts: ResolvedOptions, id: string | undefined): Edit {
  const lines: string[] = [];
  if (opts.runtimeImport !== false && plan.moduleKind !== "script") {
    lines.push(plan.moduleKind === "esm" ? `import ${str(opts.runtimeImport)};` : `require(${str(opts.runtimeImport)});`);
  }
  const idExpr = id !== undefined ? str(id) : plan.moduleKind === "esm" ? "import.meta.url" : "__filename";
  lines.push(`function ${n.token}() {}`);
  lines.push(`const ${n.module} = globalThis.${GLOBAL_NAME}.${RUNTIME_ENTER}(${idExpr}, ${n.token}, ${ABI_VERSION});`);
  for (const item of plan.items) {
    if (item.type !== "function-declaration") continue;
    const local = item.anonymousDefault ? plan.defaultName : t.text[item.shape.nameTok]!;
    const nameArg = item.anonymousDefault ? `, ${str(item.key)}` : "";
    lines.push(`${local} = ${n.module}.${MODULE_FN}(${str(item.key)}, ${local}, ${item.index}${nameArg});`);
  }
  const body = lines.join("\n");
  return insert(plan.prologueAt, plan.prologueNewline ? "\n" + body : body + "\n");
}
