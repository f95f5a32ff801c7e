/** The names a binding pattern declares: `x`, `{ a, b: c, ...d }`, `[e, , f = 1]`. */
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, isPunct, splitAt } from "./token-walk.js";

export function bindingNames(t: Tokens, a: number, b: number): string[] {
  const out: string[] = [];
  collect(t, a, b, out);
  return out;
}

function collect(t: Tokens, a: number, b: number, out: string[]): void {
  if (a >= b) return;
  if (t.kind[a] === Kind.Ident && b - a === 1) {
    out.push(t.text[a]!);
    return;
  }
  if (isPunct(t, a, "...")) {
    collect(t, a + 1, b, out);
    return;
  }
  const eq = findEq(t, a, b);
  if (eq >= 0) {
    collect(t, a, eq, out);
    return;
  }
  if (isPunct(t, a, "[") || isPunct(t, a, "{")) {
    const close = closeOf(t, a);
    const isObject = isPunct(t, a, "{");
    for (const [s, e] of splitAt(t, a + 1, close, ",")) {
      if (!isObject) {
        collect(t, s, e, out);
        continue;
      }
      const colon = findColon(t, s, e);
      collect(t, colon >= 0 ? colon + 1 : s, e, out);
    }
  }
}

function findEq(t: Tokens, a: number, b: number): number {
  for (let k = a; k < b; k = t.match[k]! > k ? closeOf(t, k) + 1 : k + 1) if (isPunct(t, k, "=")) return k;
  return -1;
}

function findColon(t: Tokens, a: number, b: number): number {
  for (let k = a; k < b; k = t.match[k]! > k ? closeOf(t, k) + 1 : k + 1) if (isPunct(t, k, ":")) return k;
  return -1;
}
