// One patch attempt for a changed module: ask the core for the plan, carry it out if it is a
// patch, and say what happened — nothing to do, patched, failed (nothing changed), or a full
// reload is needed and why.
import { statementLabel, type ModuleFacts, type StatementFacts } from "@autoreload/abi";
import type { ModuleRecord } from "../../core/index.js";
import { planPatch, type StatementDecision } from "../../core/patch-plan.js";
import { applyPatch, type PatchCompile, type Patcher } from "./apply-patch.js";

export type PatchAttempt =
  | { readonly kind: "same" }
  | { readonly kind: "patched"; readonly summary: string; readonly added: readonly string[]; readonly exports: unknown }
  | { readonly kind: "failed"; readonly error: unknown }
  /** `reason` undefined: the module reports no facts (patching off, older ABI); reload it in full silently. */
  | { readonly kind: "full"; readonly reason: string | undefined };

export interface PatchContext {
  readonly record: ModuleRecord | undefined;
  readonly file: string;
  readonly source: string;
  readonly facts: ModuleFacts | undefined;
  readonly format: "commonjs" | "module";
  readonly compile: PatchCompile;
  /** Verbose mode: one line per top-level statement of the new version, with its decision. */
  readonly explain?: ((lines: readonly string[]) => void) | undefined;
  /** Whether this loader can evaluate patches (the ESM route needs its own evaluation). */
  readonly apply?: Patcher | undefined;
}

function describe(d: StatementDecision): string {
  switch (d.decision) {
    case "same":
      return "unchanged";
    case "patched":
      return `patched (${d.detail ?? ""})`;
    case "class":
      return "class evaluated again and patched";
    case "added":
      return "added: runs once";
    case "rebound":
      return "constant evaluated again (its readers follow)";
    case "full":
      return `full reload (${d.detail ?? ""})`;
  }
}

export async function attemptPatch(context: PatchContext): Promise<PatchAttempt> {
  const { record, facts, source } = context;
  if (record === undefined || facts === undefined || !record.patchable) return { kind: "full", reason: undefined };
  const running = record.runningFacts();
  if (running === undefined) return { kind: "full", reason: undefined };
  const label = (s: StatementFacts): string => statementLabel(source, s.span);
  const plan = planPatch(running, facts, label, context.format);
  context.explain?.(plan.statements.map((d) => `  line ${d.line}: ${describe(d)}`));
  if (plan.kind === "same") return { kind: "same" };
  if (plan.kind === "full") return { kind: "full", reason: plan.reason };
  let outcome;
  try {
    outcome = await (context.apply ?? applyPatch)({ record, file: context.file, source, facts, plan, format: context.format, compile: context.compile });
  } catch (error) {
    // Errors of the user's code come back as outcomes; a throw is this tool's own failure.
    return { kind: "full", reason: `the patch failed inside autoreload (${String((error as Error)?.message ?? error).split("\n")[0]}); please report it` };
  }
  if (outcome.ok) return { kind: "patched", summary: outcome.summary, added: outcome.added ?? [], exports: outcome.exports };
  if (outcome.fallback !== undefined) return { kind: "full", reason: outcome.fallback };
  return { kind: "failed", error: outcome.error };
}
