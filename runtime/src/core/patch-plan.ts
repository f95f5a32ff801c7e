import type { CellFacts, ModuleFacts, StatementFacts } from "@autoreload/abi";
import type { GenerationToken } from "@autoreload/abi";

/**
 * The patch decision (IPython 9's deduperreload, for JavaScript): compares the running
 * generation's top-level statements with a new version's, from the facts the plugins report, and
 * says what a reload has to do. This is the only place that decides; the loaders carry it out.
 *
 * - Statements that declare names are matched by those names, so moving definitions costs nothing;
 *   the others by shape, in order.
 * - Same shape, same cell bodies: nothing to do (a comment-only save changes nothing).
 * - Same shape, other bodies: those cells are patched (every function object anyone holds runs
 *   the new body).
 * - A changed class whose new version is side-effect free is evaluated again and patched into
 *   the stable class.
 * - Added statements run once; added function/class/const declarations are kept for later patches.
 * - Removed declarations keep their last value; everything else is a full reload, with the reason.
 */

/** Where a running cell lives: the token of the evaluation that created it, its slot, its key. */
export interface CellTarget {
  readonly token: GenerationToken;
  readonly slot: number;
  readonly key: string | undefined;
}

/** A statement of the running generation: its facts and, per cell, where that cell lives. */
export interface RunningStatement {
  readonly facts: StatementFacts;
  /** `targets[i]` is where `facts.cells[i]` lives. */
  readonly targets: readonly CellTarget[];
}

/** The running generation of a module as the decision sees it. */
export interface RunningFacts {
  readonly unpatchable: string | undefined;
  readonly statements: readonly RunningStatement[];
}

/** A cell whose body changed: the new statement and cell index, and the running cell it replaces. */
export interface CellChange {
  readonly statement: number;
  readonly cell: number;
  readonly target: CellTarget;
}

/** What happens to one statement of the new version (for the verbose log and the events). */
export interface StatementDecision {
  readonly line: number;
  readonly decision: "same" | "patched" | "class" | "added" | "rebound" | "full";
  /** For `patched`: how many cells; for `full`: why. */
  readonly detail?: string;
}

export type PatchPlan =
  | { readonly kind: "same"; readonly statements: readonly StatementDecision[] }
  | {
      readonly kind: "patch";
      readonly cells: readonly CellChange[];
      /** Indices (in the new version) of class statements to evaluate again. */
      readonly classes: readonly number[];
      /** Indices (in the new version) of statements to run once. */
      readonly added: readonly number[];
      /**
       * Indices (in the new version) of side-effect-free constants evaluated again: the changed
       * ones and those computed from them. Their new values shadow the module's bindings for
       * everything evaluated with them (cells that read them are evaluated again too).
       */
      readonly rebound: readonly number[];
      /** The names those constants declare. */
      readonly reboundNames: readonly string[];
      /** For each statement of the new version, the running statement it matched, if any. */
      readonly matched: ReadonlyArray<RunningStatement | undefined>;
      readonly statements: readonly StatementDecision[];
    }
  | { readonly kind: "full"; readonly reason: string; readonly line: number | undefined; readonly statements: readonly StatementDecision[] };

/** Labels statements for messages: `line 12: app.use(cors())`. */
export type Labeler = (statement: StatementFacts) => string;

const DECLARATION_KINDS = new Set(["function", "class", "const", "let", "var", "import"]);

/** The running facts of a generation that has just been evaluated: every cell lives in `token`. */
export function runningFromFacts(facts: ModuleFacts, token: GenerationToken): RunningFacts {
  return {
    unpatchable: facts.unpatchable,
    statements: facts.statements.map((s) => ({ facts: s, targets: s.cells.map((c) => targetOf(c, token)) })),
  };
}

export function targetOf(cell: CellFacts, token: GenerationToken): CellTarget {
  return { token, slot: cell.slot, key: cell.key };
}

/** How a declaring statement is matched: its kind and names; a default export without a name by "default". */
const nameKey = (s: StatementFacts): string | undefined =>
  s.declares.length > 0 ? `${s.kind}:${s.declares.join(",")}` : s.exportSpan !== undefined ? `${s.kind}:default` : undefined;

function sameNames(a: StatementFacts, b: StatementFacts): boolean {
  return a.declares.length === b.declares.length && a.declares.every((n, i) => n === b.declares[i]);
}

/**
 * Decides how to go from `running` to `next`. `format` matters for imports: an ES module's
 * import bindings are fixed at link time, so a changed or added import is a full reload.
 */
export function planPatch(running: RunningFacts, next: ModuleFacts, label: Labeler, format: "commonjs" | "module"): PatchPlan {
  const statements: StatementDecision[] = [];
  const full = (reason: string, line: number | undefined): PatchPlan => ({ kind: "full", reason, line, statements });
  if (running.unpatchable !== undefined) return full(running.unpatchable, undefined);
  if (next.unpatchable !== undefined) return full(next.unpatchable, undefined);

  // Index the running statements: by the names they declare, and by shape for the others.
  const byName = new Map<string, RunningStatement>();
  const byShape = new Map<string, RunningStatement[]>();
  const declaredBy = new Map<string, RunningStatement>();
  for (const r of running.statements) {
    const key = nameKey(r.facts);
    if (key !== undefined && !byName.has(key)) byName.set(key, r);
    else {
      const list = byShape.get(r.facts.shape);
      if (list === undefined) byShape.set(r.facts.shape, [r]);
      else list.push(r);
    }
    for (const name of r.facts.declares) declaredBy.set(name, r);
  }

  const used = new Set<RunningStatement>();
  const matched: Array<RunningStatement | undefined> = [];
  const cells: CellChange[] = [];
  const classes: number[] = [];
  const added: number[] = [];
  const rebound: number[] = [];

  for (let i = 0; i < next.statements.length; i++) {
    const s = next.statements[i]!;
    const key = nameKey(s);
    let old: RunningStatement | undefined;
    if (key !== undefined) {
      old = byName.get(key);
      if (old !== undefined && used.has(old)) old = undefined;
    } else {
      const list = byShape.get(s.shape);
      while (list !== undefined && list.length > 0 && old === undefined) {
        const candidate = list.shift()!;
        if (!used.has(candidate)) old = candidate;
      }
    }
    if (old !== undefined) used.add(old);
    matched.push(old);
    if (old !== undefined && old.facts.frozen === true && s.frozen !== true) {
      statements.push({ line: s.line, decision: "full", detail: "now assigned" });
      return full(`line ${s.line}: ${s.declares.join(", ")} is assigned now; it ran as a constant (a \`let\` nothing assigned)`, s.line);
    }

    if (old === undefined) {
      // A name declared before by a statement of another shape (`let x` became `const x`, a
      // destructuring gained a name): not a new definition but a changed one.
      const redeclared = s.declares.find((n) => declaredBy.has(n));
      if (redeclared !== undefined) {
        statements.push({ line: s.line, decision: "full", detail: "changed" });
        return full(`line ${s.line} changed how ${redeclared} is declared: ${label(s)}`, s.line);
      }
      const why = addedRefusal(s, format);
      if (why !== undefined) {
        statements.push({ line: s.line, decision: "full", detail: why });
        return full(`line ${s.line} was added: ${label(s)} (${why})`, s.line);
      }
      added.push(i);
      statements.push({ line: s.line, decision: "added" });
      continue;
    }

    if (old.facts.shape === s.shape && old.facts.kind === s.kind && sameNames(old.facts, s)) {
      let changed = 0;
      for (let c = 0; c < s.cells.length; c++) {
        const before = old.facts.cells[c];
        const after = s.cells[c]!;
        const target = old.targets[c];
        if (before === undefined || target === undefined || before.form !== after.form) {
          statements.push({ line: s.line, decision: "full", detail: "cells differ" });
          return full(`line ${s.line} changed: ${label(s)}`, s.line);
        }
        if (before.body !== after.body) {
          cells.push({ statement: i, cell: c, target });
          changed++;
        }
      }
      statements.push(
        changed === 0 ? { line: s.line, decision: "same" } : { line: s.line, decision: "patched", detail: `${changed} function${changed === 1 ? "" : "s"}` },
      );
      continue;
    }

    // The statement's shape changed.
    if (rebindable(old.facts, s)) {
      rebound.push(i);
      statements.push({ line: s.line, decision: "rebound" });
      continue;
    }
    const why = changeRefusal(old.facts, s, format);
    if (why !== undefined) {
      statements.push({ line: s.line, decision: "full", detail: why });
      return full(`line ${s.line} changed: ${label(s)} (${why})`, s.line);
    }
    classes.push(i);
    statements.push({ line: s.line, decision: "class" });
  }

  for (const r of running.statements) {
    if (used.has(r)) continue;
    const f = r.facts;
    // An exports object loses the names a removed export declaration gave it only when the module runs again.
    if (f.exportSpan !== undefined && format === "commonjs") {
      return full(`the export ${f.declares.join(", ") || "default"} (line ${f.line}) was removed; the exports object loses it on a full reload`, undefined);
    }
    if (f.pure || f.kind === "function" || f.kind === "class" || (f.kind === "import" && format === "commonjs")) continue; // a removed definition keeps its last value
    if (f.kind === "import") return full(`the import at line ${f.line} was removed (an ES module's imports are fixed when it is linked)`, undefined);
    // A statement without names that changed shape looks removed and added: say it changed.
    const replacement = added.map((i) => next.statements[i]!).find((n) => n.declares.length === 0 && n.kind === f.kind);
    if (replacement !== undefined) return full(`line ${replacement.line} changed: ${label(replacement)}`, replacement.line);
    return full(`the statement at line ${f.line} was removed; it had run code (side effects cannot be undone)`, undefined);
  }

  const names = new Set<string>();
  if (rebound.length > 0) {
    const why = spreadRebinding(next, matched, rebound, names, cells, classes, added, label);
    if (why !== undefined) return full(why.reason, why.line);
    for (const i of rebound) {
      const d = statements.findIndex((x) => x.line === next.statements[i]!.line);
      if (d !== -1 && statements[d]!.decision !== "rebound") statements[d] = { line: next.statements[i]!.line, decision: "rebound" };
    }
  }
  if (cells.length === 0 && classes.length === 0 && added.length === 0 && rebound.length === 0) return { kind: "same", statements };
  return { kind: "patch", cells, classes, added, rebound, reboundNames: [...names], matched, statements };
}

/** A changed constant that can be evaluated again: both versions side-effect free, the same names, reads known. */
function rebindable(before: StatementFacts, after: StatementFacts): boolean {
  return (
    before.kind === "const" &&
    after.kind === "const" &&
    before.pure &&
    after.pure &&
    sameNames(before, after) &&
    after.reads !== undefined &&
    after.cells.length === 0 &&
    before.cells.length === 0
  );
}

const readsAny = (reads: readonly string[] | undefined, names: ReadonlySet<string>): boolean => reads === undefined || reads.some((n) => names.has(n));

/**
 * Constants changed: the side-effect-free constants computed from them are evaluated again too;
 * every cell and class that reads one of them is evaluated again (it must close over the new
 * value); any other statement that read one ran with the old value, and only a full reload can
 * run it again. Fills `names`, and adds to `cells`, `classes` and `rebound`. Returns why a full
 * reload is needed, if it is.
 */
function spreadRebinding(
  next: ModuleFacts,
  matched: ReadonlyArray<RunningStatement | undefined>,
  rebound: number[],
  names: Set<string>,
  cells: CellChange[],
  classes: number[],
  added: readonly number[],
  label: Labeler,
): { reason: string; line: number } | undefined {
  for (const i of rebound) for (const n of next.statements[i]!.declares) names.add(n);
  // Constants computed from rebound ones, in order, until nothing more is found.
  for (let grew = true; grew; ) {
    grew = false;
    next.statements.forEach((s, i) => {
      if (rebound.includes(i) || s.kind !== "const" || !s.pure || s.cells.length > 0 || s.reads === undefined || !readsAny(s.reads, names)) return;
      rebound.push(i);
      for (const n of s.declares) names.add(n);
      grew = true;
    });
  }
  rebound.sort((a, b) => a - b);
  const changing = new Set(cells.map((c) => `${c.statement}:${c.cell}`));
  for (let i = 0; i < next.statements.length; i++) {
    const s = next.statements[i]!;
    if (rebound.includes(i) || added.includes(i) || classes.includes(i)) continue; // evaluated with the new values anyway
    const old = matched[i];
    if (s.kind === "class") {
      if (!readsAny(s.reads, names)) continue;
      if (!s.pure || old === undefined)
        return { reason: `line ${s.line} uses a changed constant (${[...names].join(", ")}) and cannot be evaluated again: ${label(s)}`, line: s.line };
      classes.push(i);
      continue;
    }
    if (s.kind !== "function" && readsAny(s.reads, names)) {
      return {
        reason: `line ${s.line} ran with the old value of ${[...names].filter((n) => s.reads?.includes(n)).join(", ") || [...names].join(", ")}: ${label(s)}`,
        line: s.line,
      };
    }
    s.cells.forEach((cell, c) => {
      const target = old?.targets[c];
      if (target === undefined || changing.has(`${i}:${c}`) || !readsAny(cell.reads, names)) return;
      cells.push({ statement: i, cell: c, target });
    });
  }
  return undefined;
}

/** Why an added statement cannot simply run once, or undefined when it can. */
function addedRefusal(s: StatementFacts, format: "commonjs" | "module"): string | undefined {
  if (s.kind === "import" && format === "module") return "an ES module's imports are fixed when it is linked";
  if (s.kind === "reexport") return "exports are fixed when the module is linked";
  if (s.kind === "let" || s.kind === "var") return `new module state (${s.kind}) that later patches could not share`;
  if (s.exportSpan !== undefined && format === "module") return "an ES module cannot gain exports while it runs";
  if (s.kind === "other" && s.declares.length > 0) return "it declares names";
  return undefined;
}

/** Why a statement whose shape changed needs a full reload, or undefined for a class to patch. */
function changeRefusal(before: StatementFacts, after: StatementFacts, format: "commonjs" | "module"): string | undefined {
  if (before.kind !== after.kind) return `it was a ${before.kind} and is now a ${after.kind}`;
  if ((before.exportSpan === undefined) !== (after.exportSpan === undefined)) return "its export changed";
  switch (after.kind) {
    case "class":
      if (!after.pure) return "the class has decorators, static blocks or static initializers that run code";
      if (format === "commonjs" && after.exportSpan !== undefined && after.declares.length === 0) return "an anonymous default-exported class";
      return undefined;
    case "import":
      return "an import changed";
    case "let":
    case "var":
      return `its initializer changed (module state would be re-initialised)`;
    case "const":
      return after.pure && before.pure ? "a changed constant (rebinding constants is not supported yet)" : "its initializer runs code";
    case "function":
      return "the function's declaration changed";
    default:
      return DECLARATION_KINDS.has(after.kind) ? "its declaration changed" : "it runs code";
  }
}
