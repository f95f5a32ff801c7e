/**
 * The module prologue and the registrations of hoisted function declarations:
 *
 *   import "autoreload/install";                     // CommonJS: require("autoreload/install");
 *   function _ar$G() {}
 *   const _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 4, (_ar$c) => eval(_ar$c), "<facts>");
 *   add = _ar$m.fn("add", add, 0);
 *
 * With the option `patch` (the default), `enter` gets the module's evaluator — an arrow at the
 * module's top level with a direct `eval`, so code it runs sees and writes the module's scope — and
 * the module's statement facts (`encodeFacts`, as a string literal); without it, neither.
 *
 * In SWC's CommonJS output of an ES module (the direct route) the import is a require, placed
 * before the first require SWC hoisted, and the rest after SWC's glue (`cjs-glue.ts`).
 */
import { ABI_VERSION, GLOBAL_NAME, MODULE_FN, RUNTIME_ENTER, type ModuleFacts } from "@autoreload/abi";
import { factsLiteral } from "./facts-literal.js";
import type { ResolvedOptions } from "./options.js";
import type { Plan } from "./plan.js";
import type { Names } from "./emit-names.js";
import type { Tokens } from "./tokenize.js";
import { insert, type Edit } from "./edits.js";
import { str } from "./token-walk.js";

/** `facts`: the module's statement facts when the option `patch` is on, else undefined. */
export function emitPrologue(
  t: Tokens,
  plan: Plan,
  n: Names,
  opts: ResolvedOptions,
  id: string | undefined,
  facts: ModuleFacts | undefined,
  out: Edit[],
): void {
  const lines: string[] = [];
  if (opts.runtimeImport !== false && plan.moduleKind !== "script") {
    if (plan.moduleKind === "esm" && !plan.commonJsOutput) lines.push(`import ${str(opts.runtimeImport)};`);
    else if (plan.moduleKind === "esm" && plan.installAt >= 0) out.push(insert(plan.installAt, `require(${str(opts.runtimeImport)});\n`));
    else lines.push(`require(${str(opts.runtimeImport)});`);
  }
  lines.push(`function ${n.token}() {}`);
  const patch = facts === undefined ? "" : `, (${n.evaluator}) => eval(${n.evaluator}), ${factsLiteral(facts)}`;
  lines.push(
    `const ${n.module} = globalThis.${GLOBAL_NAME}.${RUNTIME_ENTER}(${id !== undefined ? str(id) : defaultId(plan)}, ${n.token}, ${ABI_VERSION}${patch});`,
  );
  for (const item of plan.items) {
    if (item.type !== "function-declaration") continue;
    const local = item.anonymousDefault ? plan.defaultName : t.text[item.shape.nameTok]!;
    // the anonymous default function (`_ar$default`, or SWC's `_default` in CommonJS output) is named "default"
    const nameArg = item.anonymousDefault || item.key !== local ? `, ${str(item.key)}` : "";
    lines.push(`${local} = ${n.module}.${MODULE_FN}(${str(item.key)}, ${local}, ${item.index}${nameArg});`);
  }
  const body = lines.join("\n");
  out.push(insert(plan.prologueAt, plan.prologueNewline ? "\n" + body : body + "\n"));
}

/** `import.meta.url` in ESM; in SWC's CommonJS output of an ES module, what SWC turns it into. */
function defaultId(plan: Plan): string {
  if (plan.moduleKind !== "esm") return "__filename";
  return plan.commonJsOutput ? 'require("url").pathToFileURL(__filename).toString()' : "import.meta.url";
}
