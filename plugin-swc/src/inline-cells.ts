/**
 * Inline cells (docs/abi.md, "Cells"; `CELL_RULES` in @autoreload/abi), read from SWC's printing:
 * every function expression, arrow with simple parameters, and object-literal method / getter /
 * setter that a top-level statement reaches through expressions only — not inside a function, a
 * class body, a block, a loop, `if`, `switch`, `try` or a label — and that is not a cell already.
 *
 *   bus.on("req", (n) => { hits += n; });              // the arrow
 *   export const api = { get() {…}, get label() {…} };  // the method and the getter
 *   const h = wrap(function inner() {…});               // inner (h holds wrap's result)
 *
 * Left out as well: a function called where it stands (`(() => {…})()`, `function () {}()`: it
 * never runs again, so patching it could not take effect; its text stays in the statement's
 * shape), and functions that declare their own `arguments`.
 */
import type { Tokens } from "./tokenize.js";
import { Kind } from "./tokenize.js";
import { after, closeOf, isIdent, isOpener, isPunct, isWord, splitAt } from "./token-walk.js";
import { matchArrow, type FunctionShape } from "./shapes.js";
import { ownsArguments } from "./bindings.js";
import type { InlineFunctionItem } from "./plan.js";

export type InlineCell = Omit<InlineFunctionItem, "index">;

/** Statements whose insides are never reached through expressions only. */
const SKIPPED = new Set([
  "if",
  "for",
  "while",
  "do",
  "switch",
  "try",
  "with",
  "function",
  "class",
  "import",
  "return",
  "throw",
  "break",
  "continue",
  "debugger",
]);

/**
 * The inline cells of the top-level statement [s, e), in source order. `claimed`: first tokens of
 * functions and classes that are cells already (declarations, `const f = () => …`).
 */
export function inlineCells(t: Tokens, s: number, e: number, claimed: ReadonlySet<number>): InlineCell[] {
  const out: InlineCell[] = [];
  let k = s;
  if (isWord(t, k, "export")) {
    k++;
    if (isWord(t, k, "default")) {
      // `export default <expression>` (a function or class there is a cell, or a declaration)
      if (isWord(t, k + 1, "function") || isWord(t, k + 1, "class") || (isWord(t, k + 1, "async") && isWord(t, k + 2, "function"))) return out;
      new Walker(t, claimed, out).walk(k + 1, e);
      return out;
    }
    if (!(isWord(t, k, "const") || isWord(t, k, "let") || isWord(t, k, "var"))) return out;
  }
  if (
    isPunct(t, k, "{") ||
    (t.kind[k] === Kind.Ident && (SKIPPED.has(t.text[k]!) || (isWord(t, k, "async") && isWord(t, k + 1, "function")))) ||
    (isIdent(t, k) && isPunct(t, k + 1, ":"))
  )
    return out;
  new Walker(t, claimed, out).walk(k, e);
  return out;
}

class Walker {
  constructor(
    private readonly t: Tokens,
    private readonly claimed: ReadonlySet<number>,
    private readonly out: InlineCell[],
  ) {}

  /** Walks the expression tokens [a, b). */
  walk(a: number, b: number): void {
    const { t } = this;
    let k = a;
    while (k < b) {
      const kind = t.kind[k];
      const afterDot = k > 0 && (isPunct(t, k - 1, ".") || isPunct(t, k - 1, "?."));
      if (kind === Kind.Ident && !afterDot) {
        const w = t.text[k];
        if (w === "function" || (w === "async" && isWord(t, k + 1, "function"))) {
          k = this.functionAt(k, b);
          continue;
        }
        if (w === "class") {
          k = skipPrintedClass(t, k, b);
          continue;
        }
        if (w === "async" && (isPunct(t, k + 1, "(") ? isPunct(t, after(t, k + 1), "=>") : isIdent(t, k + 1) && isPunct(t, k + 2, "=>"))) {
          k = this.arrowAt(k, b);
          continue;
        }
        if (isPunct(t, k + 1, "=>")) {
          k = this.arrowAt(k, b);
          continue;
        }
      } else if (kind === Kind.Punct) {
        if (isPunct(t, k, "(") && isPunct(t, after(t, k), "=>")) {
          k = this.arrowAt(k, b);
          continue;
        }
        if (isPunct(t, k, "{")) {
          this.object(k);
          k = after(t, k);
          continue;
        }
      }
      k++;
    }
  }

  private functionAt(k: number, b: number): number {
    const { t } = this;
    let j = k;
    if (isWord(t, j, "async")) j++;
    j++;
    const generator = isPunct(t, j, "*");
    if (generator) j++;
    const nameTok = isIdent(t, j) ? j++ : -1;
    if (!isPunct(t, j, "(")) return j;
    const bodyOpen = after(t, j);
    if (!isPunct(t, bodyOpen, "{")) return bodyOpen;
    const bodyClose = closeOf(t, bodyOpen);
    const shape: FunctionShape = { kind: "function", start: k, async: isWord(t, k, "async"), generator, nameTok, bodyOpen, bodyClose };
    if (!this.claimed.has(k) && !calledInPlace(t, k, bodyClose + 1, b) && !ownsArguments(t, shape)) {
      this.out.push({ type: "inline-function", form: "expression", shape, start: k, end: bodyClose + 1 });
    }
    return bodyClose + 1;
  }

  private arrowAt(k: number, b: number): number {
    const { t } = this;
    let j = isWord(t, k, "async") ? k + 1 : k;
    j = isPunct(t, j, "(") ? after(t, j) : j + 1; // the `=>`
    const bodyStart = j + 1;
    const end = isPunct(t, bodyStart, "{") ? after(t, bodyStart) : arrowBodyEnd(t, bodyStart, b);
    const shape = matchArrow(t, k, end);
    if (shape && shape.params.simple && !this.claimed.has(k) && !calledInPlace(t, k, end, b)) {
      this.out.push({ type: "inline-function", form: "expression", shape, start: k, end });
    }
    return end;
  }

  /** An object literal: methods, getters and setters are cells; values and computed keys are walked. */
  private object(open: number): void {
    const { t } = this;
    const close = closeOf(t, open);
    for (const [a, c] of splitAt(t, open + 1, close, ",")) {
      if (a >= c) continue;
      if (isPunct(t, a, "...")) {
        this.walk(a + 1, c);
        continue;
      }
      let j = a;
      let isAsync = false;
      let generator = false;
      let accessor: "get" | "set" | undefined;
      const modifier = (): boolean => !isPunct(t, j + 1, "(") && !isPunct(t, j + 1, ":") && j + 1 < c;
      if (isWord(t, j, "async") && modifier()) {
        isAsync = true;
        j++;
      }
      if (isPunct(t, j, "*")) {
        generator = true;
        j++;
      }
      if ((isWord(t, j, "get") || isWord(t, j, "set")) && !isAsync && !generator && modifier()) {
        accessor = t.text[j] as "get" | "set";
        j++;
      }
      let keyEnd = j + 1;
      if (isPunct(t, j, "[")) {
        this.walk(j + 1, closeOf(t, j)); // a computed key is evaluated where the object is
        keyEnd = after(t, j);
      }
      if (isPunct(t, keyEnd, "(") && isPunct(t, after(t, keyEnd), "{") && closeOf(t, after(t, keyEnd)) === c - 1) {
        const bodyOpen = after(t, keyEnd);
        const shape: FunctionShape = { kind: "function", start: a, async: isAsync, generator, nameTok: -1, bodyOpen, bodyClose: c - 1 };
        if (!ownsArguments(t, shape))
          this.out.push({ type: "inline-function", form: accessor === "get" ? "getter" : accessor === "set" ? "setter" : "method", shape, start: a, end: c });
        continue;
      }
      if (isPunct(t, keyEnd, ":")) this.walk(keyEnd + 1, c);
    }
  }
}

/**
 * Where an arrow's expression body starting at `k` ends in SWC's printing: before a `,` or `;`
 * at its level, the closer of the enclosing group, or a `:` that no `?` of the body opened.
 */
export function arrowBodyEnd(t: Tokens, k: number, b: number): number {
  const level = t.parent[k]!;
  let open = 0;
  let j = k;
  while (j < b) {
    if (t.parent[j] !== level) break;
    if (t.kind[j] === Kind.Punct) {
      const p = t.text[j];
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

/** `f(…)` right after the function [s, e), or `(f)(…)`: it runs once, where it stands. */
function calledInPlace(t: Tokens, s: number, e: number, b: number): boolean {
  if (e < b && isPunct(t, e, "(")) return true;
  return isPunct(t, s - 1, "(") && isPunct(t, e, ")") && t.match[e] === s - 1 && isPunct(t, e + 1, "(");
}

/** The token after a class expression at `k` (its body is never walked). */
function skipPrintedClass(t: Tokens, k: number, b: number): number {
  let j = k + 1;
  if (isIdent(t, j) && !isWord(t, j, "extends")) j++;
  if (isWord(t, j, "extends")) {
    j++;
    let first = true;
    while (j < b && !(isPunct(t, j, "{") && !first)) {
      first = false;
      j = isOpener(t, j) ? after(t, j) : j + 1;
    }
  }
  return isPunct(t, j, "{") ? after(t, j) : j + 1;
}
