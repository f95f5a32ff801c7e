/**
 * Where SWC's printed tokens come from in the original source: SWC's source map of its printing
 * (the `mappings` of pass 1, or of the direct route's single pass), decoded once.
 *
 * SWC maps the first token of every node it prints to the node's start in the original (a
 * function's `function`/`async`, an arrow's parameters — `<` of its type parameters —, an object
 * member's first token, a closing `}` of a body to the original `}`, a JSX call to the element's
 * `<`). Columns are UTF-16 units, lines end at "\n" (a "\r\n" pair is one line end and its "\r"
 * a column); on the first line SWC does not count a byte order mark.
 */
import { Kind, type Tokens } from "./tokenize.js";
import type { SourceHints } from "./source-tokens.js";

export interface PrintedOrigins {
  /** For printed token k: the original offset SWC maps its start to, or -1. */
  readonly of: Int32Array;
  /** Where the original has regular expressions and JSX elements (for `tokenizeSource`). */
  readonly hints: SourceHints;
}

const B64 = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach((ch, i) => { B64[ch.charCodeAt(0)] = i; });

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

/**
 * Reads `mappings` (for the printed code of `printed`, into `original`). Undefined when the map
 * is not one of `original` alone (several sources: SWC composed an input source map).
 */
export function printedOrigins(printed: Tokens, mappings: string, original: string): PrintedOrigins | undefined {
  const of = new Int32Array(printed.count).fill(-1);
  const genLines = lineStarts(printed.src);
  const srcLines = lineStarts(original);
  const bom = original.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { start } = printed;
  const count = printed.count;
  const m = mappings;
  const len = m.length;
  let line = 0;
  let genCol = 0;
  let srcIdx = 0;
  let srcLine = 0;
  let srcCol = 0;
  let k = 0; // printed token pointer
  let i = 0;
  const fields = [0, 0, 0, 0, 0];
  while (i < len) {
    const c = m.charCodeAt(i);
    if (c === 59) { line++; genCol = 0; i++; continue; } // ';'
    if (c === 44) { i++; continue; } // ','
    // one segment: 1, 4 or 5 VLQ fields
    let f = 0;
    while (i < len) {
      const ch = m.charCodeAt(i);
      if (ch === 44 || ch === 59) break;
      let result = 0;
      let shift = 0;
      for (;;) {
        const d = B64[m.charCodeAt(i++)]!;
        if (d < 0) return undefined;
        result += (d & 31) << shift;
        if ((d & 32) === 0) break;
        shift += 5;
      }
      if (f < 5) fields[f] = result & 1 ? -(result >>> 1) : result >>> 1;
      f++;
    }
    genCol += fields[0]!;
    if (f < 4) continue;
    srcIdx += fields[1]!;
    srcLine += fields[2]!;
    srcCol += fields[3]!;
    if (srcIdx !== 0) return undefined;
    if (line >= genLines.length || srcLine >= srcLines.length) continue;
    const gen = genLines[line]! + genCol;
    if (k > 0 && start[k - 1]! >= gen) k = lowerBound(start, count, gen);
    while (k < count && start[k]! < gen) k++;
    if (k < count && start[k] === gen && of[k] === -1) of[k] = srcLines[srcLine]! + srcCol + (srcLine === 0 ? bom : 0);
  }
  const regexAt = new Set<number>();
  const jsxAt = new Set<number>();
  for (let t = 0; t < count; t++) {
    const o = of[t]!;
    if (o < 0) continue;
    const kind = printed.kind[t];
    if (kind === Kind.Regex && original.charCodeAt(o) === 47) regexAt.add(o);
    else if (original.charCodeAt(o) === 60 && !(kind === Kind.Punct && (printed.text[t] === "<" || isArrowParams(printed, t)))) jsxAt.add(o);
  }
  return { of, hints: { regexAt, jsxAt } };
}

/** `(…) =>`: a generic arrow's parameters are mapped to its `<T,>` (not a JSX element). */
function isArrowParams(t: Tokens, k: number): boolean {
  if (t.text[k] !== "(") return false;
  const close = t.match[k]!;
  return close > k && t.kind[close + 1] === Kind.Punct && t.text[close + 1] === "=>";
}

function lowerBound(a: Int32Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the original token that starts at `offset`, or -1. */
export function tokenAt(t: Tokens, offset: number): number {
  const k = lowerBound(t.start, t.count, offset);
  return k < t.count && t.start[k] === offset ? k : -1;
}
