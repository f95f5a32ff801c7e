/**
 * Finds the references to a class's own name inside its body, from tokens:
 * - in static initializers and static blocks (`static instance = new C()`), where the outer
 *   binding is in its TDZ: rewritten to `_ar$m.self("C", this, i)`. Nested non-arrow functions
 *   and nested classes are skipped: their `this` differs, and they usually run later.
 * - anywhere in the body of a named class expression (`const D = class Named {}`): `Named` is
 *   renamed to `D`, since the class itself becomes anonymous.
 */
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, isPunct } from "./token-walk.js";
import { isParamList } from "./scan-names.js";

export interface Ref {
  readonly tok: number;
  /** `{ C }`: the replacement must keep the key (`{ C: … }`). */
  readonly shorthand: boolean;
}

export function findRefs(t: Tokens, from: number, to: number, names: ReadonlySet<string>, skipFunctions: boolean): Ref[] {
  const out: Ref[] = [];
  for (let k = from; k < to; k++) {
    if (t.kind[k] === Kind.Ident) {
      const w = t.text[k]!;
      if (skipFunctions) {
        if (w === "function") {
          k = skipFunction(t, k);
          continue;
        }
        if (w === "class" && t.text[k - 1] !== ".") {
          k = skipClass(t, k, to);
          continue;
        }
      }
      if (!names.has(w)) continue;
      const prev = t.text[k - 1] ?? "";
      if (prev === "." || prev === "?." || prev === "#" || prev === "function" || prev === "class") continue;
      const next = t.text[k + 1] ?? "";
      const p = t.parent[k]!;
      const inBraces = p >= 0 && t.text[p] === "{";
      if (
        inBraces &&
        (prev === "{" ||
          prev === "," ||
          prev === ";" ||
          prev === "}" ||
          prev === "get" ||
          prev === "set" ||
          prev === "static" ||
          prev === "async" ||
          prev === "*") &&
        (next === ":" || next === "(" || (next === "=" && isClassBodyMember(prev)))
      )
        continue; // a key
      const shorthand = inBraces && (prev === "{" || prev === ",") && (next === "," || next === "}");
      out.push({ tok: k, shorthand });
      continue;
    }
    if (skipFunctions && isPunct(t, k, "{") && isPunct(t, k - 1, ")")) {
      // a method body (`m() {`): skip; a control block (`if (…) {`) is walked
      const open = t.match[k - 1]!;
      if (isParamList(t, open) && !isPunct(t, k - 2, "=>")) k = closeOf(t, k);
    }
  }
  return out;
}

function isClassBodyMember(prev: string): boolean {
  return prev === ";" || prev === "}" || prev === "{" || prev === "static";
}

function skipFunction(t: Tokens, k: number): number {
  let j = k + 1;
  while (j < t.count && !isPunct(t, j, "(")) j++;
  const body = closeOf(t, j) + 1;
  return isPunct(t, body, "{") ? closeOf(t, body) : j;
}

function skipClass(t: Tokens, k: number, to: number): number {
  let j = k + 1;
  while (j < to && !isPunct(t, j, "{")) j = t.match[j]! > j ? closeOf(t, j) + 1 : j + 1;
  return j < to ? closeOf(t, j) : k;
}
