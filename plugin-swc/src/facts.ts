/**
 * The statement facts (ABI 4, abi/src/facts.ts) of a module the plugin instrumented: one entry per
 * top-level statement of the *original* source, with spans into that text.
 *
 * The plugin instruments SWC's printing, but the facts describe the file as written, so they are
 * read from the original's own tokens (`source-tokens.ts`, `source-statements.ts`): statement
 * boundaries, kinds, declared names, purity and the structural hashes all come from there, the
 * same whichever route (two passes, the direct CommonJS route) printed the code. What only the
 * instrumentation knows — which functions are cells and their slots — is carried over through
 * SWC's source map: the first token of each instrumented function is mapped to its start in the
 * original (`source-map-lookup.ts`), where the function is read again (`source-cells.ts`). A cell
 * whose start SWC does not map exactly is left out of the facts (its text stays in its statement's
 * shape, so an edit to it is a changed statement: never a wrong patch).
 */
import {
  FACTS_VERSION,
  StructureHash,
  UNPATCHABLE_EVAL,
  UNPATCHABLE_WITH,
  type CellFacts,
  type CellForm,
  type ModuleFacts,
  type StatementFacts,
} from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, isPunct, isWord } from "./token-walk.js";
import type { Item } from "./plan.js";
import type { PrintedOrigins } from "./source-map-lookup.js";
import { tokenAt } from "./source-map-lookup.js";
import { tokenizeSource } from "./source-tokens.js";
import { sourceStatements, type SourceStatement } from "./source-statements.js";
import { arrowAt, functionAt, memberAt, type SourceCell } from "./source-cells.js";
import { CELL, addToken, addTokens, type Reads } from "./fact-hash.js";

export interface FactsInput {
  /** The text SWC was given (TypeScript, JSX), which spans refer to. */
  readonly original: string;
  readonly jsx: boolean;
  readonly typescript: boolean;
  /** SWC's printing, as the instrumentation read it, and where its tokens come from. */
  readonly printed: Tokens;
  readonly origins: PrintedOrigins | undefined;
  readonly items: readonly Item[];
}

/** Facts of a module that is always reloaded in full. */
export function unpatchableFacts(reason: string): ModuleFacts {
  return { version: FACTS_VERSION, unpatchable: reason, statements: [] };
}

/**
 * The facts of the module; never throws: what cannot be described makes the module `unpatchable`
 * (reloaded in full), it does not fail the compile.
 */
export function moduleFacts(input: FactsInput): ModuleFacts {
  try {
    return describeModule(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return unpatchableFacts(`the SWC plugin could not describe the file's statements (${message})`);
  }
}

function describeModule(input: FactsInput): ModuleFacts {
  const { original, origins } = input;
  if (origins === undefined)
    return unpatchableFacts(
      "the SWC plugin had no source map of this file from SWC (the file's own input source map?), so it cannot tell where its functions are",
    );
  const t = tokenizeSource(original, { jsx: input.jsx, hints: origins.hints });
  const statements = sourceStatements(t, input.typescript);
  const cells = locateCells(t, input, statements);
  const frozen = frozenStatements(t, input, statements);
  const names = new Set<string>();
  for (const s of statements) for (const n of s.declares) names.add(n);
  const out: StatementFacts[] = [];
  let line = 1;
  let lineFrom = 0;
  statements.forEach((s, i) => {
    const start = t.start[s.first]!;
    for (let nl = original.indexOf("\n", lineFrom); nl >= 0 && nl < start; nl = original.indexOf("\n", nl + 1)) line++;
    lineFrom = start;
    out.push(statementFacts(t, s, cells[i] ?? [], line, names, frozen.has(i)));
  });
  const reason = unpatchableReason(t);
  return reason === undefined ? { version: FACTS_VERSION, statements: out } : { version: FACTS_VERSION, unpatchable: reason, statements: out };
}

interface LocatedCell {
  readonly at: SourceCell;
  readonly slot: number;
  readonly form: CellForm;
  readonly key: string | undefined;
}

interface PrintedCell {
  readonly form: CellForm;
  readonly slot: number;
  readonly key: string | undefined;
  /** Printed tokens: the function's first, and its body's `}` (or -1: an arrow's expression body). */
  readonly first: number;
  readonly close: number;
}

/** The cells the instrumentation made, as the printed code has them. */
function printedCells(printed: Tokens, items: readonly Item[]): PrintedCell[] {
  const out: PrintedCell[] = [];
  for (const item of items) {
    if (item.type === "function-declaration") {
      out.push({ form: "declaration", slot: item.index, key: item.key, first: item.shape.start, close: item.shape.bodyClose });
    } else if (item.type === "function-value" || item.type === "inline-function") {
      const shape = item.shape;
      const close = shape.kind === "function" ? shape.bodyClose : shape.bodyOpen >= 0 ? closeOf(printed, shape.bodyOpen) : -1;
      if (item.type === "function-value") out.push({ form: "expression", slot: item.index, key: item.key, first: shape.start, close });
      else out.push({ form: item.form, slot: item.index, key: undefined, first: item.start, close });
    }
  }
  return out;
}

/** The printed tokens whose original positions the facts need (ascending): cells' and frozen `let`s'. */
export function wantedTokens(printed: Tokens, items: readonly Item[]): number[] {
  const out: number[] = [];
  for (const c of printedCells(printed, items)) {
    out.push(c.first);
    if (c.close >= 0) out.push(c.close);
  }
  for (const item of items) if (item.type === "freeze") out.push(item.letTok);
  return out.sort((a, b) => a - b);
}

/** The statements whose `let` the code declares as `const` (`FreezeItem`). */
function frozenStatements(t: Tokens, input: FactsInput, statements: readonly SourceStatement[]): Set<number> {
  const out = new Set<number>();
  for (const item of input.items) {
    if (item.type !== "freeze") continue;
    const o = input.origins!.of[item.letTok]!;
    const k = o < 0 ? -1 : tokenAt(t, o);
    const s = k < 0 ? -1 : statementOf(statements, k);
    if (s >= 0 && statements[s]!.first === k && statements[s]!.kind === "let") out.add(s);
  }
  return out;
}

/** The instrumented functions, found in the original and grouped by statement (source order). */
function locateCells(t: Tokens, input: FactsInput, statements: readonly SourceStatement[]): LocatedCell[][] {
  const { printed, origins } = input;
  const byStatement: LocatedCell[][] = [];
  for (const { form, slot, key, first, close } of printedCells(printed, input.items)) {
    const o = origins!.of[first]!;
    const k = o < 0 ? -1 : tokenAt(t, o);
    if (k < 0) continue;
    const isFunction = isWord(t, k, "function") || (isWord(t, k, "async") && isWord(t, k + 1, "function"));
    const at = form === "declaration" ? functionAt(t, k) : form === "expression" ? (isFunction ? functionAt(t, k) : arrowAt(t, k)) : memberAt(t, k);
    if (at === undefined) continue;
    if (close >= 0) {
      // the body's `}` is mapped too: it must be the one found here
      const c = origins!.of[close]!;
      if (c >= 0 && c !== t.start[at.end - 1]) continue;
      if (!isPunct(t, at.end - 1, "}")) continue;
    }
    const s = statementOf(statements, at.first);
    if (s < 0 || at.end > statements[s]!.end) continue;
    (byStatement[s] ??= []).push({ at, slot, form, key });
  }
  for (const list of byStatement) list?.sort((a, b) => a.at.first - b.at.first);
  return byStatement;
}

/** Index of the statement whose tokens contain token `k`, or -1. */
function statementOf(statements: readonly SourceStatement[], k: number): number {
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid]!;
    if (k < s.first) hi = mid - 1;
    else if (k >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function span(t: Tokens, first: number, end: number): [number, number] {
  return [t.start[first]!, t.end[end - 1]!];
}

function statementFacts(
  t: Tokens,
  s: SourceStatement,
  cells: readonly LocatedCell[],
  line: number,
  names: ReadonlySet<string>,
  frozen: boolean,
): StatementFacts {
  const shape = new StructureHash();
  const reads: Reads = { names, found: new Set() };
  const out: CellFacts[] = [];
  let k = s.first;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    const { at } = cell;
    if (at.first < k) continue; // nested in a cell already left out
    addTokens(shape, t, k, at.first, s.first, s.end, reads);
    // the placeholder: the cell's form, and the name or key it is defined under
    shape.add(CELL).add(cell.form);
    if (at.nameTok >= 0) addToken(shape, t, at.nameTok);
    for (let j = at.keyFrom; j < at.keyTo; j++) addToken(shape, t, j);
    out.push(cellFacts(t, cell, names));
    k = at.end;
  }
  addTokens(shape, t, k, s.end, s.first, s.end, reads);
  const facts: StatementFacts = {
    kind: s.kind,
    shape: shape.digest(),
    declares: s.declares,
    pure: s.pure,
    span: span(t, s.first, s.end),
    ...(s.exportTok >= 0 ? { exportSpan: span(t, s.exportTok, s.exportEnd) } : {}),
    line,
    cells: out,
    ...(frozen ? { frozen: true } : {}),
    reads: [...reads.found],
  };
  return facts;
}

function cellFacts(t: Tokens, cell: LocatedCell, names: ReadonlySet<string>): CellFacts {
  const { at } = cell;
  const body = new StructureHash().add(cell.form);
  const reads: Reads = { names, found: new Set() };
  addTokens(body, t, at.first, at.end, at.first, at.end, reads);
  return {
    slot: cell.slot,
    body: body.digest(),
    form: cell.form,
    span: span(t, at.first, at.end),
    ...(cell.form === "declaration" && at.nameTok >= 0 ? { nameSpan: [t.start[at.nameTok]!, t.end[at.nameTok]!] as const } : {}),
    ...(cell.key !== undefined ? { key: cell.key } : {}),
    reads: [...reads.found],
  };
}

const afterDot = (t: Tokens, k: number): boolean => k > 0 && t.kind[k - 1] === Kind.Punct && (t.text[k - 1] === "." || t.text[k - 1] === "?.");

const BINDS = new Set(["var", "let", "const", "function", "class", "import", "as"]);

/**
 * `eval(…)` called directly, a `with` statement, or a top-level binding named `eval` (the
 * module's evaluator would call it instead of the global one): the module can only be reloaded
 * in full. (A call of an `eval` that a local binding shadows counts too: never wrongly patchable.)
 */
function unpatchableReason(t: Tokens): string | undefined {
  for (let k = 0; k < t.count; k++) {
    if (t.kind[k] !== Kind.Ident || afterDot(t, k)) continue;
    const w = t.text[k];
    if (w === "eval") {
      if (isPunct(t, k + 1, "(")) return UNPATCHABLE_EVAL;
      if (t.kind[k - 1] === Kind.Ident && BINDS.has(t.text[k - 1]!) && (t.parent[k] === -1 || t.text[k - 1] === "as")) return EVAL_BOUND;
    } else if (w === "with" && isPunct(t, k + 1, "(") && !isMember(t, k)) {
      return UNPATCHABLE_WITH;
    }
  }
  return undefined;
}

const EVAL_BOUND = "the module declares its own eval at its top level, so its evaluator could not run code in the module scope";

/** `with(…) {…}` as an object or class member (a method named `with`), not a `with` statement. */
function isMember(t: Tokens, k: number): boolean {
  const p = t.parent[k]!;
  if (p < 0 || !isPunct(t, p, "{")) return false;
  const before = p - 1;
  if (before < 0) return false;
  if (t.kind[before] === Kind.Punct && ["=", "(", ",", ":", "?", "[", "...", "&&", "||", "??"].includes(t.text[before]!)) return true; // an object literal
  if (isWord(t, before, "return")) return true;
  // a class body: `class [Name] [extends …] {`
  for (let j = before, steps = 0; j >= 0 && steps < 64; j--, steps++) {
    const m = t.match[j]!;
    if (m >= 0 && m < j) {
      j = m;
      continue;
    }
    if (isWord(t, j, "class")) return true;
    if (t.kind[j] === Kind.Punct && (t.text[j] === ";" || t.text[j] === "{" || t.text[j] === "}")) return false;
  }
  return false;
}
