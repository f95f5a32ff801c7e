/** The identifiers and snippets the emitters write, from the ABI constants (runtime/src/abi.ts). */
import { ARGS_NAME, EVALUATOR_PARAM, MODULE_ALLOC, MODULE_NAME, REST_NAME, TOKEN_NAME, slotName } from "@autoreload/abi";
import type { Tokens } from "./tokenize.js";
import { Kind } from "./tokenize.js";
import { isPunct } from "./token-walk.js";

export interface Names {
  /** `_ar$G` (or `_ar$G_<hash>` in classic scripts). */
  readonly token: string;
  /** `_ar$m` (or `_ar$m_<hash>`). */
  readonly module: string;
  readonly rest: string;
  readonly args: string;
  /** `undefined`, or `void 0` when the file binds `undefined`. */
  readonly undef: string;
  /** The parameter of the module's evaluator, `(_ar$c) => eval(_ar$c)` (`_ar$c2` … when the file uses `_ar$c`). */
  readonly evaluator: string;
}

/** The ABI names; `_ar$r`/`_ar$a` become `_ar$r2`/`_ar$a2` when the file uses them already. */
export function makeNames(suffix: string, reserved: ReadonlySet<string>, undefinedBound: boolean): Names {
  return {
    token: TOKEN_NAME + suffix,
    module: MODULE_NAME + suffix,
    rest: freeName(REST_NAME, reserved),
    args: freeName(ARGS_NAME, reserved),
    undef: undefinedBound ? "void 0" : "undefined",
    evaluator: freeName(EVALUATOR_PARAM, reserved),
  };
}

export function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(base + i)) return base + i;
}

export type CheckKind = "plain" | "async" | "generator";

/** `_ar$G.$i`: a named slot (V8 inlines the miss; an indexed one is ~15× slower per call). */
const slot = (n: Names, i: number): string => `${n.token}.${slotName(i)}`;

/** `_ar$G.$i !== undefined` */
export function pending(n: Names, i: number): string {
  return `${slot(n, i)} !== ${n.undef}`;
}

/**
 * The first statement of an instrumented function body (docs/abi.md, "Functions"). Forwarding
 * is inline (`Reflect.apply(…, arguments)` in the function itself) so V8 forwards the arguments
 * without materialising an arguments object.
 */
export function functionCheck(n: Names, i: number, kind: CheckKind): string {
  const apply = `Reflect.apply(${slot(n, i)}, this, arguments)`;
  const fwd = kind === "plain" ? `new.target === ${n.undef} ? ${apply} : Reflect.construct(${slot(n, i)}, arguments, new.target)` : apply;
  return `if (${pending(n, i)}) return ${kind === "generator" ? "yield* " : ""}${fwd};`;
}

/** `_ar$m.alloc`: what a reload generation of a base class extends (ABI 3). */
export function allocator(n: Names): string {
  return `${n.module}.${MODULE_ALLOC}`;
}

/** The first statement of an instrumented class constructor. */
export function constructorCheck(n: Names, i: number): string {
  return `if (${pending(n, i)}) return Reflect.construct(${slot(n, i)}, arguments, new.target);`;
}

/** `Reflect.apply(_ar$G.$i, undefined, <args>)` for arrows. */
export function arrowForward(n: Names, i: number, args: string): string {
  return `Reflect.apply(${slot(n, i)}, ${n.undef}, ${args})`;
}

/** Text offset just inside a function body: after `{` and after its directives. */
export function bodyInsertPos(t: Tokens, bodyOpen: number): number {
  let k = bodyOpen + 1;
  let pos = t.end[bodyOpen]!;
  while (t.kind[k] === Kind.String && isPunct(t, k + 1, ";")) {
    pos = t.end[k + 1]!;
    k += 2;
  }
  return pos;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `{ f: ` — the object literal whose property definition names the function (NamedEvaluation). */
export function wrapOpen(name: string): string {
  return IDENT.test(name) ? `{ ${name}: ` : `{ ${JSON.stringify(name)}: `;
}

/** ` }.f` */
export function wrapClose(name: string): string {
  return IDENT.test(name) ? ` }.${name}` : ` }[${JSON.stringify(name)}]`;
}
