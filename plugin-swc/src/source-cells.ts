/**
 * A cell's extent in the original source's tokens, from its first token (which SWC's map gives,
 * see `source-map-lookup.ts`): a function, an arrow, or an object member with a body. Type
 * annotations and type parameters are part of it; the parentheses SWC drops around an arrow's
 * expression body are too.
 */
import { Kind, type Tokens } from "./tokenize.js";
import { after, isIdent, isOpener, isPunct, isWord } from "./token-walk.js";
import { arrowReturnType, skipAngles, skipFunction, skipType } from "./source-types.js";
import { expressionEnd } from "./source-statements.js";

export interface SourceCell {
  /** First token and the token after the last. */
  readonly first: number;
  readonly end: number;
  /** A function's name, or -1. */
  readonly nameTok: number;
  /** An object member's key tokens [keyFrom, keyTo) (empty for functions and arrows). */
  readonly keyFrom: number;
  readonly keyTo: number;
}

/** `[async] function [*] [name] …(…) {…}` at `k`. */
export function functionAt(t: Tokens, k: number): SourceCell | undefined {
  if (!(isWord(t, k, "function") || (isWord(t, k, "async") && isWord(t, k + 1, "function")))) return undefined;
  const f = skipFunction(t, k);
  if (f.bodyOpen < 0) return undefined;
  return { first: k, end: f.end, nameTok: f.nameTok, keyFrom: k, keyTo: k };
}

/** `[async] [<T>] (…) [: T] => body` or `[async] x => body` at `k`. */
export function arrowAt(t: Tokens, k: number): SourceCell | undefined {
  let j = k;
  if (isWord(t, j, "async") && !t.lineStart[j + 1] && (isPunct(t, j + 1, "(") || isPunct(t, j + 1, "<") || isIdent(t, j + 1))) j++;
  if (isPunct(t, j, "<")) j = skipAngles(t, j, t.count);
  if (isPunct(t, j, "(")) j = after(t, j);
  else if (isIdent(t, j)) j++;
  else return undefined;
  if (isPunct(t, j, ":")) j = arrowReturnType(t, j + 1, t.count);
  if (!isPunct(t, j, "=>")) return undefined;
  const body = j + 1;
  const end = isPunct(t, body, "{") ? after(t, body) : arrowExpressionEnd(t, body);
  return end > body ? { first: k, end, nameTok: -1, keyFrom: k, keyTo: k } : undefined;
}

/** An object member with a body at `k`: `[async] [*] [get|set] key [<T>](…) [: T] {…}`. */
export function memberAt(t: Tokens, k: number): SourceCell | undefined {
  let j = k;
  const modifier = (): boolean => {
    const n = j + 1;
    if (t.lineStart[n] && !isWord(t, j, "get") && !isWord(t, j, "set")) return false;
    return !(
      t.kind[n] === Kind.Punct &&
      (t.text[n] === "(" || t.text[n] === ":" || t.text[n] === "," || t.text[n] === "<" || t.text[n] === "}" || t.text[n] === "?")
    );
  };
  if (isWord(t, j, "async") && modifier()) j++;
  if (isPunct(t, j, "*")) j++;
  if ((isWord(t, j, "get") || isWord(t, j, "set")) && modifier()) j++;
  const keyFrom = j;
  if (isPunct(t, j, "[")) j = after(t, j);
  else if (t.kind[j] === Kind.Ident || t.kind[j] === Kind.String || t.kind[j] === Kind.Number || t.kind[j] === Kind.Private) j++;
  else return undefined;
  const keyTo = j;
  if (isPunct(t, j, "?")) j++;
  if (isPunct(t, j, "<")) j = skipAngles(t, j, t.count);
  if (!isPunct(t, j, "(")) return undefined;
  j = after(t, j);
  if (isPunct(t, j, ":")) j = skipType(t, j + 1, t.count);
  if (!isPunct(t, j, "{")) return undefined;
  return { first: k, end: after(t, j), nameTok: -1, keyFrom, keyTo };
}

/**
 * Where an arrow's expression body starting at `k` ends: before a `,` or `;` at its level, a
 * closer of the enclosing group, a `:` that no `?` of the body opened, or a line break where a
 * statement would end.
 */
export function arrowExpressionEnd(t: Tokens, k: number): number {
  const level = t.parent[k]!;
  const asStatement = expressionEnd(t, k);
  let open = 0;
  let j = k;
  while (j < asStatement) {
    if (t.parent[j] !== level) break;
    if (t.kind[j] === Kind.Punct) {
      const p = t.text[j]!;
      if (p === "," || p === ";") break;
      if (p === "?") open++;
      else if (p === ":") {
        if (open === 0) break;
        open--;
      }
    }
    j = isOpener(t, j) ? after(t, j) : j + 1;
  }
  return j;
}
