/**
 * Recognises the function and class expressions the plugin instruments, from their tokens:
 * `function …(…) {…}`, `(…) => …`, `x => …`, `async …`, `class … {…}`. A shape is returned only
 * when the expression is exactly that construct from `s` to `e` (so `(() => 1)()` is not an arrow).
 */
import { Kind, type Tokens } from "./tokenize.js";
import { after, closeOf, isIdent, isOpener, isPunct, isWord, splitAt } from "./token-walk.js";

export interface FunctionShape {
  readonly kind: "function";
  /** First token: `async`, `function`, or an object member's first token (`get`, `*`, its key). */
  readonly start: number;
  readonly async: boolean;
  readonly generator: boolean;
  /** Token index of the name, or -1 when anonymous. */
  readonly nameTok: number;
  readonly bodyOpen: number;
  readonly bodyClose: number;
}

export interface ArrowParams {
  /** Every parameter is an identifier, the last may be `...rest`. */
  readonly simple: boolean;
  readonly names: readonly string[];
  readonly hasRest: boolean;
  /** `Function.prototype.length` of the arrow. */
  readonly length: number;
}

export interface ArrowShape {
  readonly kind: "arrow";
  readonly async: boolean;
  /** First token of the arrow (`async`, `(` or the bare parameter). */
  readonly start: number;
  /** `(` of the parameters, or -1 for a bare `x => …` parameter. */
  readonly paramsOpen: number;
  readonly paramsClose: number;
  readonly params: ArrowParams;
  readonly bodyOpen: number; // -1 for an expression body
  readonly bodyStart: number;
  readonly end: number; // exclusive token index
}

export interface ClassShape {
  readonly kind: "class";
  readonly classTok: number;
  readonly nameTok: number;
  readonly derived: boolean;
  readonly bodyOpen: number;
  readonly bodyClose: number;
}

export type FunctionLike = FunctionShape | ArrowShape;
export type Shape = FunctionLike | ClassShape;

const NOT_NAMES = new Set(["extends", "implements"]);

export function matchFunction(t: Tokens, s: number, e: number): FunctionShape | undefined {
  let k = s;
  const isAsync = isWord(t, k, "async") && isWord(t, k + 1, "function");
  if (isAsync) k++;
  if (!isWord(t, k, "function")) return undefined;
  k++;
  const generator = isPunct(t, k, "*");
  if (generator) k++;
  let nameTok = -1;
  if (isIdent(t, k)) nameTok = k++;
  if (!isPunct(t, k, "(")) return undefined;
  const bodyOpen = after(t, k);
  if (!isPunct(t, bodyOpen, "{")) return undefined;
  const bodyClose = closeOf(t, bodyOpen);
  if (bodyClose !== e - 1) return undefined;
  return { kind: "function", start: s, async: isAsync, generator, nameTok, bodyOpen, bodyClose };
}

export function matchArrow(t: Tokens, s: number, e: number): ArrowShape | undefined {
  let k = s;
  let isAsync = false;
  if (isWord(t, k, "async") && (isPunct(t, k + 1, "(") ? isPunct(t, after(t, k + 1), "=>") : isIdent(t, k + 1) && isPunct(t, k + 2, "=>"))) {
    isAsync = true;
    k++;
  }
  let paramsOpen = -1;
  let paramsClose = -1;
  let arrow: number;
  let params: ArrowParams;
  if (isPunct(t, k, "(")) {
    paramsOpen = k;
    paramsClose = closeOf(t, k);
    arrow = paramsClose + 1;
    if (!isPunct(t, arrow, "=>")) return undefined;
    params = readParams(t, paramsOpen + 1, paramsClose);
  } else if (isIdent(t, k) && isPunct(t, k + 1, "=>")) {
    arrow = k + 1;
    params = { simple: true, names: [t.text[k]!], hasRest: false, length: 1 };
  } else {
    return undefined;
  }
  const bodyStart = arrow + 1;
  if (bodyStart >= e) return undefined;
  let bodyOpen = -1;
  if (isPunct(t, bodyStart, "{")) {
    if (closeOf(t, bodyStart) !== e - 1) return undefined;
    bodyOpen = bodyStart;
  }
  return { kind: "arrow", async: isAsync, start: s, paramsOpen, paramsClose, params, bodyOpen, bodyStart, end: e };
}

function readParams(t: Tokens, from: number, to: number): ArrowParams {
  const ranges = splitAt(t, from, to, ",");
  const names: string[] = [];
  let simple = true;
  let hasRest = false;
  let length = 0;
  let counting = true;
  ranges.forEach(([a, b], idx) => {
    const rest = isPunct(t, a, "...");
    const plainDefault = !rest && hasTopLevelEquals(t, a, b);
    if (rest || plainDefault) counting = false;
    if (counting) length++;
    if (rest && b - a === 2 && isIdent(t, a + 1) && idx === ranges.length - 1) {
      hasRest = true;
      names.push(t.text[a + 1]!);
    } else if (!rest && b - a === 1 && isIdent(t, a)) {
      names.push(t.text[a]!);
    } else {
      simple = false;
    }
  });
  return { simple, names, hasRest, length };
}

function hasTopLevelEquals(t: Tokens, a: number, b: number): boolean {
  for (let k = a; k < b; k = isOpener(t, k) ? after(t, k) : k + 1) {
    if (isPunct(t, k, "=")) return true;
  }
  return false;
}

export function matchClass(t: Tokens, s: number, e: number): ClassShape | undefined {
  if (!isWord(t, s, "class")) return undefined;
  let k = s + 1;
  let nameTok = -1;
  if (isIdent(t, k) && !NOT_NAMES.has(t.text[k]!)) nameTok = k++;
  let derived = false;
  if (isWord(t, k, "extends")) {
    derived = true;
    k++;
    // the heritage expression: up to the first `{` at this level that follows a complete operand
    let first = true;
    while (k < e && !(isPunct(t, k, "{") && !first)) {
      first = false;
      k = isOpener(t, k) ? after(t, k) : k + 1;
    }
  }
  if (!isPunct(t, k, "{")) return undefined;
  const bodyClose = closeOf(t, k);
  if (bodyClose !== e - 1) return undefined;
  return { kind: "class", classTok: s, nameTok, derived, bodyOpen: k, bodyClose };
}

/** A function, arrow or class expression spanning exactly [s, e), or undefined. */
export function matchShape(t: Tokens, s: number, e: number): Shape | undefined {
  if (s >= e) return undefined;
  if (t.kind[s] === Kind.Ident) {
    const w = t.text[s];
    if (w === "function" || (w === "async" && isWord(t, s + 1, "function"))) return matchFunction(t, s, e);
    if (w === "class") return matchClass(t, s, e);
  }
  return matchArrow(t, s, e);
}

/** True when the shape defines no name of its own (NamedEvaluation would name it). */
export function isAnonymous(shape: Shape): boolean {
  return shape.kind === "arrow" || shape.nameTok === -1;
}
