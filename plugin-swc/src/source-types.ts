/**
 * Skipping TypeScript syntax in the original source's tokens (`source-tokens.ts`): types,
 * type parameter and argument lists, decorators, and the headers and bodies of functions and
 * classes. The statement splitter and the readers of the facts use these to step over what SWC
 * removes (types) or what holds no statement boundary (a body).
 */
import { Kind, type Tokens } from "./tokenize.js";
import { after, isIdent, isOpener, isPunct, isWord } from "./token-walk.js";

const nl = (t: Tokens, k: number): boolean => t.lineStart[k] === 1;

/** Index after `<…>` (type parameters or arguments) at `k`; counts `>>` as two closers. */
export function skipAngles(t: Tokens, k: number, end: number): number {
  let depth = 0;
  while (k < end) {
    if (t.kind[k] === Kind.Punct) {
      const p = t.text[k]!;
      if (p === "<") depth++;
      else if (p === ">" || p === ">=") depth--;
      else if (p === ">>" || p === ">>=") depth -= 2;
      else if (p === ">>>" || p === ">>>=") depth -= 3;
      else if (p === ";") return k;
      else if (isOpener(t, k)) {
        k = after(t, k);
        continue;
      }
      if (depth <= 0) return k + 1;
    } else if (isOpener(t, k)) {
      k = after(t, k);
      continue;
    }
    k++;
  }
  return k;
}

/** Index after the type at `k` (up to `end`); `k` itself when no type starts there. */
export function skipType(t: Tokens, k: number, end: number): number {
  return skipTypeFrom(t, k, end, true);
}

/**
 * An arrow's return type at `k` (after its `:`): the index of the arrow's `=>`, or -1. In
 * `(x): (() => void) => body` the `=>` after the parenthesised type is the arrow's, as TypeScript
 * reads it; a function type there needs its own parentheses.
 */
export function arrowReturnType(t: Tokens, k: number, end: number): number {
  const plain = skipTypeFrom(t, k, end, false);
  if (isPunct(t, plain, "=>")) return plain;
  const full = skipType(t, k, end);
  return isPunct(t, full, "=>") ? full : -1;
}

function skipTypeFrom(t: Tokens, k: number, end: number, functionTypes: boolean): number {
  k = skipUnion(t, k, end, functionTypes);
  // conditional type: A extends B ? C : D (no line break before `extends`)
  if (k < end && isWord(t, k, "extends") && !nl(t, k)) {
    k = skipUnion(t, k + 1, end, true);
    if (isPunct(t, k, "?")) {
      k = skipType(t, k + 1, end);
      if (isPunct(t, k, ":")) k = skipType(t, k + 1, end);
    }
  }
  return k;
}

function skipUnion(t: Tokens, k: number, end: number, functionTypes: boolean): number {
  // function and constructor types: `(…) => T`, `<T>(…) => T`, `new (…) => T`, `abstract new …`
  let j = k;
  if (isWord(t, j, "abstract") && isWord(t, j + 1, "new")) j++;
  if (isWord(t, j, "new")) j++;
  if (functionTypes && isPunct(t, j, "<")) {
    const a = skipAngles(t, j, end);
    if (isPunct(t, a, "(") && isPunct(t, after(t, a), "=>")) return skipType(t, after(t, a) + 1, end);
  }
  if (functionTypes && isPunct(t, j, "(") && isPunct(t, after(t, j), "=>")) return skipType(t, after(t, j) + 1, end);
  if (isPunct(t, k, "|") || isPunct(t, k, "&")) k++;
  k = skipOperand(t, k, end);
  while (k < end && (isPunct(t, k, "|") || isPunct(t, k, "&"))) k = skipOperand(t, k + 1, end);
  return k;
}

const PREFIXES = new Set(["keyof", "unique", "readonly"]);

function skipOperand(t: Tokens, k: number, end: number): number {
  while (k + 1 < end && t.kind[k] === Kind.Ident && PREFIXES.has(t.text[k]!) && (isIdent(t, k + 1) || isOpener(t, k + 1))) k++;
  if (k >= end) return k;
  if (isWord(t, k, "infer") && isIdent(t, k + 1)) {
    k += 2;
    // `infer U extends C` (only where no conditional follows; TypeScript decides the same way)
    if (isWord(t, k, "extends") && !nl(t, k)) {
      const c = skipUnion(t, k + 1, end, true);
      if (!isPunct(t, c, "?")) k = c;
    }
    return k;
  }
  const kind = t.kind[k];
  if (kind === Kind.Punct) {
    const p = t.text[k]!;
    if (p === "(" || p === "[" || p === "{") k = after(t, k);
    else if (p === "-" && t.kind[k + 1] === Kind.Number) k += 2;
    else return k;
  } else if (kind === Kind.String || kind === Kind.Number) {
    k++;
  } else if (kind === Kind.Template) {
    k = after(t, k);
  } else if (kind === Kind.Ident) {
    if (isWord(t, k, "typeof")) {
      k++;
      if (isWord(t, k, "import") && isPunct(t, k + 1, "(")) k = after(t, k + 1);
      else k++;
    } else if (isWord(t, k, "import") && isPunct(t, k + 1, "(")) {
      k = after(t, k + 1);
    } else {
      if (isWord(t, k, "asserts") && isIdent(t, k + 1) && !nl(t, k + 1)) k++;
      k++;
      if (isWord(t, k, "is") && !nl(t, k)) return skipType(t, k + 1, end); // a type predicate
    }
    while (isPunct(t, k, ".") && isIdent(t, k + 1)) k += 2;
    if (isPunct(t, k, "<") && !nl(t, k)) k = skipAngles(t, k, end);
  } else {
    return k;
  }
  while (k < end && isPunct(t, k, "[") && !nl(t, k)) k = after(t, k); // T[] and T[K]
  return k;
}

/** Index after the decorators at `k` (`@a`, `@a.b(…)`, `@(expr)`), or `k`. */
export function skipDecorators(t: Tokens, k: number): number {
  while (isPunct(t, k, "@")) {
    k++;
    if (isPunct(t, k, "(")) {
      k = after(t, k);
      continue;
    }
    if (!isIdent(t, k)) return k;
    k++;
    while (isPunct(t, k, ".") && isIdent(t, k + 1)) k += 2;
    if (isPunct(t, k, "<")) k = skipAngles(t, k, t.count);
    if (isPunct(t, k, "(")) k = after(t, k);
  }
  return k;
}

/**
 * A function's header and body from `async`/`function`: `[async] function [*] [name] [<T>] (…) [: T] {…}`.
 * Returns the token after the body, with `bodyOpen` -1 when it has none (an overload signature).
 */
export function skipFunction(t: Tokens, k: number): { readonly end: number; readonly nameTok: number; readonly bodyOpen: number } {
  if (isWord(t, k, "async")) k++;
  k++; // function
  if (isPunct(t, k, "*")) k++;
  let nameTok = -1;
  if (isIdent(t, k)) nameTok = k++;
  if (isPunct(t, k, "<")) k = skipAngles(t, k, t.count);
  if (!isPunct(t, k, "(")) return { end: k, nameTok, bodyOpen: -1 };
  k = after(t, k);
  if (isPunct(t, k, ":")) k = skipType(t, k + 1, t.count);
  if (!isPunct(t, k, "{")) return { end: k, nameTok, bodyOpen: -1 };
  return { end: after(t, k), nameTok, bodyOpen: k };
}

/** A class from `class`: `class [Name] [<T>] [extends …] [implements …] {…}`. */
export function skipClass(
  t: Tokens,
  k: number,
): { readonly end: number; readonly nameTok: number; readonly heritage: readonly [number, number]; readonly bodyOpen: number } {
  k++;
  let nameTok = -1;
  if (isIdent(t, k) && !isWord(t, k, "extends") && !isWord(t, k, "implements")) nameTok = k++;
  if (isPunct(t, k, "<")) k = skipAngles(t, k, t.count);
  let heritage: [number, number] = [k, k];
  if (isWord(t, k, "extends")) {
    const from = ++k;
    let first = true;
    while (k < t.count && !(isPunct(t, k, "{") && !first) && !isWord(t, k, "implements")) {
      if (isPunct(t, k, "<") && !first) {
        k = skipAngles(t, k, t.count);
        continue;
      }
      first = false;
      k = isOpener(t, k) ? after(t, k) : k + 1;
    }
    heritage = [from, k];
  }
  if (isWord(t, k, "implements")) {
    k = skipType(t, k + 1, t.count);
    while (isPunct(t, k, ",")) k = skipType(t, k + 1, t.count);
  }
  if (!isPunct(t, k, "{")) return { end: k, nameTok, heritage, bodyOpen: -1 };
  return { end: after(t, k), nameTok, heritage, bodyOpen: k };
}

/**
 * `<…>` at `k` read as type arguments of a call (`f<A, B>(x)`, TypeScript's rule): the list holds
 * only type syntax and a `(` or a template follows. Returns the index after `>`, or -1.
 */
export function typeArguments(t: Tokens, k: number, end: number): number {
  const e = skipAngles(t, k, end);
  if (e <= k + 1 || (!isPunct(t, e - 1, ">") && !isPunct(t, e - 1, ">>") && !isPunct(t, e - 1, ">>>"))) return -1;
  if (!(isPunct(t, e, "(") || t.kind[e] === Kind.Template)) return -1;
  for (let j = k + 1; j < e - 1; j = isOpener(t, j) ? after(t, j) : j + 1) {
    if (t.kind[j] === Kind.Punct && !TYPE_PUNCTS.has(t.text[j]!)) return -1;
  }
  return e;
}

const TYPE_PUNCTS = new Set([",", ".", "|", "&", "?", ":", "=>", "<", ">", ">>", ">>>", "[", "{", "(", "-"]);
