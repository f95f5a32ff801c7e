/**
 * Two scope questions the analysis asks, answered from tokens:
 * - does a function declare its own `arguments` (a parameter or a local)? Then its check could
 *   not forward `arguments`, and the function is left as written;
 * - is `module` in `module.hot` a parameter of an enclosing function? Then it is not the module.
 */
import { Kind, type Tokens } from "./tokenize.js";
import type { FunctionShape } from "./shapes.js";
import { isParamList } from "./scan-names.js";

const DECLARES = new Set(["var", "let", "const", "function", "class"]);

export function ownsArguments(t: Tokens, shape: FunctionShape): boolean {
  const paramsOpen = t.match[shape.bodyOpen - 1]!;
  for (let k = paramsOpen + 1; k < shape.bodyClose; k++) {
    if (t.kind[k] !== Kind.Ident || t.text[k] !== "arguments") continue;
    const prev = t.text[k - 1] ?? "";
    if (prev === "." || prev === "?.") continue;
    if (k < shape.bodyOpen) return true; // a parameter (or a default value using it: conservative)
    if (DECLARES.has(prev)) return true;
  }
  return false;
}

export function isShadowedByParam(t: Tokens, k: number, name: string): boolean {
  for (let p = t.parent[k]!; p >= 0; p = t.parent[p]!) {
    if (t.text[p] !== "{" || t.text[p - 1] !== ")") continue;
    const open = t.match[p - 1]!;
    if (!isParamList(t, open)) continue;
    for (let j = open + 1; j < p - 1; j++) if (t.kind[j] === Kind.Ident && t.text[j] === name && t.text[j - 1] !== ".") return true;
  }
  return false;
}
