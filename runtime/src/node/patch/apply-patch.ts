// Carries out a patch plan (core/patch-plan.ts) in the live module scope: builds the patch's
// source (patch-source.ts), compiles it with the file's compiler, evaluates it with the running
// generation's evaluator, points the changed cells at the new functions, and commits — or rolls
// everything back if any step throws (a patch is atomic, as a reload is).
//
// Two ways to evaluate: `applyPatch` runs the compiled patch as plain statements in the module's
// scope (CommonJS, and an ES module's first generation, whose imports are bindings of that
// scope); the ES-module reloader runs it as a reload generation does (superreload-esm.ts), for
// modules whose running code is one.
import type { ModuleFacts } from "@autoreload/abi";
import type { ModuleRecord } from "../../core/index.js";
import type { PatchPlan, RunningFacts, RunningStatement } from "../../core/patch-plan.js";
import { targetOf } from "../../core/patch-plan.js";
import { BIND_SINK, CELL_SINK, PatchRefusal, patchSource, type PatchSource, type SinkEntry } from "./patch-source.js";

const firstLine = (error: unknown): string =>
  String((error as Error | undefined)?.message ?? error)
    .split("\n")[0]!
    .trim();

export type PatchOutcome =
  /** `added`: names the module's exports object gained (CommonJS; mode `complete` pushes them). */
  | { readonly ok: true; readonly summary: string; readonly added?: readonly string[]; readonly exports?: unknown }
  /** The patch could not be attempted (say why); a full reload should run instead. */
  | { readonly ok: false; readonly fallback: string }
  | { readonly ok: false; readonly error: unknown; readonly fallback?: undefined };

export type PatchCompile = (source: string) => { readonly code: string; readonly facts: ModuleFacts | undefined };

export interface PatchRequest {
  readonly record: ModuleRecord;
  readonly file: string;
  readonly source: string;
  readonly facts: ModuleFacts;
  readonly plan: Extract<PatchPlan, { kind: "patch" }>;
  readonly format: "commonjs" | "module";
  readonly compile: PatchCompile;
}

/** How a loader evaluates patches of its modules. */
export type Patcher = (request: PatchRequest) => PatchOutcome | Promise<PatchOutcome>;

const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;
let patchCount = 0;

/** The function a sink value stands for: the value itself, or the member of the one-member object a method was written in. */
function functionOf(value: unknown, entry: SinkEntry): Function {
  if (entry.form === "method" || entry.form === "getter" || entry.form === "setter") {
    const object = value as object;
    const key = Reflect.ownKeys(object)[0];
    const d = key === undefined ? undefined : Reflect.getOwnPropertyDescriptor(object, key);
    const fn = entry.form === "getter" ? d?.get : entry.form === "setter" ? d?.set : d?.value;
    if (typeof fn !== "function") throw new Error(`[autoreload] patch: the new ${entry.form} is not a function`);
    return fn;
  }
  if (typeof value !== "function") throw new Error("[autoreload] patch: the new cell is not a function");
  return value;
}

/**
 * The text the evaluator runs: an arrow whose parameters are the sinks and the names earlier
 * patches added, around `body` (which returns what `prepare` wants back, if anything).
 * `//# sourceURL` gives the code its own name per patch, so Node maps its frames with this
 * patch's source map (which names the real file).
 */
export function wrapForEvaluation(code: string, file: string, names: readonly string[], prepare: (body: string) => string = (b) => b): string {
  const map = SOURCE_MAP_COMMENT.exec(code);
  const body = map === null ? code : code.slice(0, map.index);
  return (
    `((${[CELL_SINK, BIND_SINK, ...names].join(", ")}) => {${prepare(body)}\n})` +
    `\n//# sourceURL=${file}?autoreload-patch=${++patchCount}` +
    (map === null ? "" : map[0].replace(/\s*$/, ""))
  );
}

/** The summary the log line and the event carry: `patched 2 functions, added 1 statement`. */
function summarize(plan: Extract<PatchPlan, { kind: "patch" }>): string {
  const parts: string[] = [];
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (plan.cells.length > 0) parts.push(`patched ${count(plan.cells.length, "function", "functions")}`);
  if (plan.classes.length > 0) parts.push(`patched ${count(plan.classes.length, "class", "classes")}`);
  if (plan.added.length > 0) parts.push(`added ${count(plan.added.length, "statement", "statements")}`);
  if (plan.rebound.length > 0) parts.push(`${count(plan.rebound.length, "constant", "constants")} evaluated again (${plan.reboundNames.join(", ")})`);
  return parts.join(", ");
}

/** The running statements after the patch: where each cell of the new version lives. */
function nextRunning(request: PatchRequest, patchFacts: ModuleFacts | undefined): RunningFacts {
  const { facts, plan, record } = request;
  const token = record.enteredPatchToken;
  const statements: RunningStatement[] = facts.statements.map((s, i) => {
    const old = plan.matched[i];
    if (old !== undefined && old.facts.shape === s.shape) return { facts: s, targets: old.targets };
    if (plan.added.includes(i) && token !== undefined && patchFacts !== undefined) {
      const same = patchFacts.statements.find((p) => p.line === s.line && p.shape === s.shape);
      if (same !== undefined && same.cells.length === s.cells.length) return { facts: s, targets: same.cells.map((c) => targetOf(c, token)) };
    }
    // A re-evaluated class (no cells of its own), or cells not found: a later edit of them is a full reload.
    return { facts: s, targets: [] };
  });
  return { unpatchable: facts.unpatchable, statements };
}

/** A patch made ready: its source and compiled code, the names earlier patches added, and its sinks. */
export interface PreparedPatch {
  readonly piece: PatchSource;
  readonly code: string;
  readonly patchFacts: ModuleFacts | undefined;
  /** Names (and values) earlier patches added that this one does not declare again: parameters of its code. */
  readonly earlier: ReadonlyArray<readonly [string, unknown]>;
  readonly sink: (id: number, value: unknown) => void;
  readonly bind: (getters: Record<string, () => unknown>) => void;
  readonly bound: Map<string, unknown>;
}

/**
 * Builds and compiles the patch. Throws `PatchRefusal` when this tool cannot express the change as
 * a patch (a full reload follows); the new version itself compiled, so a patch that does not
 * compile is such a case too.
 */
export function preparePatch(request: PatchRequest, withImports: boolean): PreparedPatch {
  const { record, source, facts, plan } = request;
  const piece = patchSource(source, facts, plan, withImports);
  let compiled: ReturnType<PatchCompile>;
  try {
    compiled = request.compile(piece.text);
  } catch (error) {
    throw new PatchRefusal(`its patch did not compile (${firstLine(error)})`);
  }
  const earlier = [...record.addedNames()].filter(([name]) => !piece.declared.has(name));
  const bound = new Map<string, unknown>();
  return {
    piece,
    code: compiled.code,
    patchFacts: compiled.facts,
    earlier,
    bound,
    sink: (id, value) => {
      const entry = piece.sinks[id];
      if (entry === undefined) throw new Error(`[autoreload] patch: unknown cell ${id}`);
      record.patchCell(entry.change.target, functionOf(value, entry), entry.name);
    },
    bind: (getters) => {
      for (const [name, get] of Object.entries(getters)) bound.set(name, get());
    },
  };
}

/** What a patch that could not be evaluated at all means: a limit of this tool (full reload) or the user's error. */
export function evaluationRefusal(error: unknown): PatchOutcome {
  if (error instanceof EvalError) return { ok: false, fallback: `code generation from strings is disallowed here (${error.message})` };
  // The new version compiled, so a patch that does not parse is this tool's limit, not the user's error.
  if (error instanceof SyntaxError) return { ok: false, fallback: `its patch could not be evaluated in place (${error.message})` };
  return { ok: false, error };
}

/**
 * Constants a patch evaluated again reach the module's importers: ES modules through their linked
 * bindings; CommonJS through the exports object, where it holds the old value as a plain data
 * property of the same name (`module.exports.K = K`, Babel's `exports.K = K`). A getter (SWC's
 * CommonJS exports) reads the module's own binding, which keeps its value until a full reload.
 */
function publishRebound(request: PatchRequest, prepared: PreparedPatch, before: ReadonlyMap<string, unknown>, exports: unknown): void {
  for (const name of request.plan.reboundNames) {
    if (!prepared.bound.has(name)) continue;
    const value = prepared.bound.get(name);
    if (request.record.setLinked(name, value)) continue;
    if (typeof exports !== "object" || exports === null) continue;
    const d = Reflect.getOwnPropertyDescriptor(exports, name);
    if (d !== undefined && "value" in d && d.writable === true && d.value === before.get(name)) (exports as Record<string, unknown>)[name] = value;
  }
}

/** The values the rebound constants have before the patch (read in the module scope). */
function valuesBefore(request: PatchRequest): Map<string, unknown> {
  const before = new Map<string, unknown>();
  const added = request.record.addedNames();
  for (const name of request.plan.reboundNames) {
    if (added.has(name)) before.set(name, added.get(name));
    else if (/^[A-Za-z_$][\w$]*$/.test(name)) {
      try {
        before.set(name, request.record.evaluate(name));
      } catch {
        // not readable (TDZ): nothing to compare with
      }
    }
  }
  return before;
}

/** Runs `evaluate` as the patch (staged), then commits it and records what is running now. */
export async function commitPatch(request: PatchRequest, prepared: PreparedPatch, evaluate: () => unknown, exports?: unknown): Promise<PatchOutcome> {
  const { record } = request;
  const before = request.plan.reboundNames.length > 0 ? valuesBefore(request) : new Map<string, unknown>();
  const keysBefore = typeof exports === "object" && exports !== null ? new Set(Object.keys(exports)) : undefined;
  record.beginPatch();
  try {
    await evaluate();
    record.addNames(prepared.bound);
  } catch (error) {
    record.rollback();
    return { ok: false, error };
  }
  const running = nextRunning(request, prepared.patchFacts);
  record.commit();
  record.setRunning(running);
  publishRebound(request, prepared, before, exports);
  const added = keysBefore === undefined ? [] : Object.keys(exports as object).filter((k) => !keysBefore.has(k));
  return { ok: true, summary: summarize(request.plan), added, exports };
}

/**
 * The patch as plain statements in the module's scope (CommonJS; an ES module's linked
 * generation). `exports`: the CommonJS module's exports object.
 */
export async function applyPatch(request: PatchRequest, exports?: unknown): Promise<PatchOutcome> {
  let prepared: PreparedPatch;
  try {
    prepared = preparePatch(request, request.format === "commonjs");
  } catch (error) {
    if (error instanceof PatchRefusal) return { ok: false, fallback: error.message };
    throw error;
  }
  const text = wrapForEvaluation(
    prepared.code,
    request.file,
    prepared.earlier.map(([n]) => n),
  );
  let run: unknown;
  try {
    run = request.record.evaluate(text);
  } catch (error) {
    return evaluationRefusal(error);
  }
  if (typeof run !== "function") return { ok: false, fallback: "the module's evaluator returned no function" };
  return commitPatch(
    request,
    prepared,
    () => (run as (...args: unknown[]) => unknown)(prepared.sink, prepared.bind, ...prepared.earlier.map(([, value]) => value)),
    exports,
  );
}
