/**
 * Instruments plain JavaScript as SWC prints it: tokenize, analyse (collect), emit (edit).
 * Independent of `@swc/core`: both the fast path and the JS-plugin route call it.
 */
import { tokenize, TokenizeError, type Tokens } from "./tokenize.js";
import { analyze } from "./analyze.js";
import type { Item, ModuleKind, Plan } from "./plan.js";
import type { ResolvedOptions } from "./options.js";
import { applyEdits, replace, shiftMappings, sortEdits, type Edit } from "./edits.js";
import { makeNames } from "./emit-names.js";
import { hash8 } from "@autoreload/abi";
import { emitPrologue } from "./emit-prologue.js";
import { emitFunctionDeclaration, emitFunctionValue, emitInlineFunction } from "./emit-function.js";
import { emitClass } from "./emit-class.js";
import { emitDefaultValue, emitHot, emitLive } from "./emit-live.js";
import { kindFromFilename } from "./module-kind.js";
import { TwoPassNeeded } from "./cjs-glue.js";
import type { ModuleFacts } from "@autoreload/abi";
import { wantedTokens, moduleFacts, unpatchableFacts } from "./facts.js";
import { printedOrigins } from "./source-map-lookup.js";

export interface InstrumentInput {
  readonly code: string;
  /** The `mappings` of SWC's source map for `code`, to be moved along with the edits. */
  readonly mappings?: string | undefined;
  readonly options: ResolvedOptions;
  /** File name (used for the id of classic scripts and to tell ESM from CommonJS). */
  readonly filename?: string | undefined;
  /** ESM or CommonJS as known from the original source, or undefined: decide from the syntax. */
  readonly moduleKind?: ModuleKind | undefined;
  /** The source before SWC (tells SWC's injected helpers from the user's functions). */
  readonly original?: string | undefined;
  /**
   * `code` is SWC's CommonJS output of a file with ES module syntax (the direct route, see
   * `cjs-glue.ts`). Throws `TwoPassNeeded` when that output is not understood.
   */
  readonly commonJsGlue?: boolean | undefined;
  /** `code` is SWC's CommonJS output: text the tokenizer does not understand throws `TwoPassNeeded`. */
  readonly commonJsOutput?: boolean | undefined;
  /**
   * For the statement facts (option `patch`): the text SWC was given, which `mappings` maps `code`
   * back to, and its syntax (`facts.ts`).
   */
  readonly source?: { readonly text: string; readonly jsx: boolean; readonly typescript: boolean } | undefined;
  /** Why the facts cannot describe this module (it is then always reloaded in full), if they cannot. */
  readonly unpatchable?: string | undefined;
}

export interface InstrumentOutput {
  readonly code: string;
  readonly mappings: string | undefined;
  /** The statement facts (option `patch`), also in the code as the last argument of `enter`. */
  readonly facts: ModuleFacts | undefined;
}

/** What the instrumentation reads before it edits anything: the tokens, the plan, the facts. */
export interface Collected {
  readonly tokens: Tokens;
  readonly plan: Plan;
  /** The statement facts (option `patch`). */
  readonly facts: ModuleFacts | undefined;
}

/**
 * The read-only half of `instrument` (the same code, so the same plan and facts): tokenize,
 * analyse, and with option `patch` the facts. Undefined when the code is left exactly as it is.
 * Throws `TwoPassNeeded` as `instrument` does. `describeSync` stops here.
 */
export function collect(input: InstrumentInput): Collected | undefined {
  const { code, options } = input;
  let tokens;
  try {
    tokens = tokenize(code);
  } catch (error) {
    if (error instanceof TokenizeError) {
      if (input.commonJsOutput) throw new TwoPassNeeded(error.message);
      return undefined; // not understood: left as written
    }
    throw error;
  }
  const moduleKind: ModuleKind | undefined = options.script ? "script" : (input.moduleKind ?? kindFromFilename(input.filename));
  // inline cells only where a patch can reach them (the facts of an unpatchable module say none can)
  const plan = analyze(tokens, {
    moduleKind,
    original: input.original,
    commonJsGlue: input.commonJsGlue,
    inlineCells: options.patch && input.unpatchable === undefined,
  });
  if (!plan) return undefined;
  return { tokens, plan, facts: options.patch ? factsOf(input, tokens, plan.items) : undefined };
}

/** Returns undefined when the code is left exactly as it is. */
export function instrument(input: InstrumentInput): InstrumentOutput | undefined {
  const collected = collect(input);
  return collected && emit(input, collected);
}

/** The edits, from what `collect` read of the same input. */
export function emit(input: InstrumentInput, collected: Collected): InstrumentOutput {
  const { code, options } = input;
  const { tokens, plan, facts } = collected;
  const id = options.moduleId ?? (plan.moduleKind === "script" ? (input.filename ?? "unknown") : undefined);
  const names = makeNames(plan.moduleKind === "script" ? "_" + hash8(id ?? "") : "", plan.reserved, plan.undefinedBound);
  const edits: Edit[] = [];
  emitPrologue(tokens, plan, names, options, id, facts, edits);
  for (const item of plan.items) {
    switch (item.type) {
      case "function-declaration":
        emitFunctionDeclaration(tokens, item, names, plan.defaultName, edits);
        break;
      case "function-value":
        emitFunctionValue(tokens, item, names, edits);
        break;
      case "inline-function":
        emitInlineFunction(tokens, item, names, edits);
        break;
      case "class":
        emitClass(tokens, item, names, plan.defaultName, options.reload, edits);
        break;
      case "live":
        emitLive(tokens, item, names, edits);
        break;
      case "default-value":
        emitDefaultValue(tokens, item, names, plan.defaultName, edits);
        break;
      case "hot":
        emitHot(tokens, item, names, edits);
        break;
      case "freeze":
        edits.push(replace(tokens.start[item.letTok]!, tokens.end[item.letTok]!, "const"));
        break;
      default: {
        const check: never = item;
        throw new Error(`autoreload: unknown item ${String(check)}`);
      }
    }
  }
  const sorted = sortEdits(edits);
  return {
    code: applyEdits(code, sorted),
    mappings: input.mappings === undefined ? undefined : shiftMappings(code, input.mappings, sorted),
    facts,
  };
}

function factsOf(input: InstrumentInput, tokens: Tokens, items: readonly Item[]): ModuleFacts {
  if (input.unpatchable !== undefined) return unpatchableFacts(input.unpatchable);
  const { source, mappings } = input;
  if (source === undefined || mappings === undefined) return unpatchableFacts("the SWC plugin was not given the file's source text and SWC's source map of it");
  const origins = printedOrigins(tokens, mappings, source.text, wantedTokens(tokens, items), source.jsx);
  return moduleFacts({ original: source.text, jsx: source.jsx, typescript: source.typescript, printed: tokens, origins, items });
}
