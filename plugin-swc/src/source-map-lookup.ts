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
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach((ch, i) => {
  B64[ch.charCodeAt(0)] = i;
});

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) out.push(i + 1);
  return out;
}

/**
 * Reads `mappings` (for the printed code of `printed`, into `original`) for the printed tokens
 * `wanted` (ascending token indices), the regular expressions, and — in JSX files (`jsx`) — every
 * token (a JSX element may be mapped from any of them). Undefined when the map is not one of
 * `original` alone (several sources: SWC composed an input source map).
 */
export function printedOrigins(printed: Tokens, mappings: string, original: string, wanted: readonly number[], jsx: boolean): PrintedOrigins | undefined {
  const of = new Int32Array(printed.count).fill(-1);
  const tokens = lookedUp(printed, wanted, jsx);
  const genLines = lineStarts(printed.src);
  const srcLines = lineStarts(original);
  const bom = original.charCodeAt(0) === 0xfeff ? 1 : 0;
  const count = printed.count;
  const m = mappings;
  const len = m.length;
  let line = 0;
  let genCol = 0;
  let srcIdx = 0;
  let srcLine = 0;
  let srcCol = 0;
  const { start: starts } = printed;
  let w = 0; // pointer into `tokens`
  let i = 0;
  let bad = false;
  /** The VLQ value at `i` (and moves past it). */
  const vlq = (): number => {
    let d = B64[m.charCodeAt(i++)]!;
    if (d < 32) {
      if (d < 0) bad = true;
      return d & 1 ? -(d >>> 1) : d >>> 1;
    }
    let result = d & 31;
    let shift = 5;
    for (;;) {
      d = B64[m.charCodeAt(i++)]!;
      if (d < 0) {
        bad = true;
        return 0;
      }
      result += (d & 31) << shift;
      if (d < 32) break;
      shift += 5;
    }
    return result & 1 ? -(result >>> 1) : result >>> 1;
  };
  while (i < len) {
    const c = m.charCodeAt(i);
    if (c === 59) {
      line++;
      genCol = 0;
      i++;
      continue;
    } // ';'
    if (c === 44) {
      i++;
      continue;
    } // ','
    // one segment: 1, 4 or 5 VLQ fields
    genCol += vlq();
    const next = m.charCodeAt(i);
    if (i >= len || next === 44 || next === 59) continue;
    srcIdx += vlq();
    srcLine += vlq();
    srcCol += vlq();
    const after = m.charCodeAt(i);
    if (i < len && after !== 44 && after !== 59) vlq(); // a name
    if (bad || srcIdx !== 0) return undefined;
    if (line >= genLines.length || srcLine >= srcLines.length) continue;
    const gen = genLines[line]! + genCol;
    if (w > 0 && starts[tokens[w - 1]!]! >= gen) w = lowerBoundBy(tokens, starts, gen);
    while (w < tokens.length && starts[tokens[w]!]! < gen) w++;
    if (w < tokens.length && starts[tokens[w]!] === gen) {
      const k = tokens[w]!;
      if (of[k] === -1) of[k] = srcLines[srcLine]! + srcCol + (srcLine === 0 ? bom : 0);
    }
  }
  const regexAt = new Set<number>();
  const jsxAt = new Set<number>();
  for (let t = 0; t < count; t++) {
    const o = of[t]!;
    if (o < 0) continue;
    const kind = printed.kind[t];
    if (kind === Kind.Regex && original.charCodeAt(o) === 47) regexAt.add(o);
    else if (original.charCodeAt(o) === 60 && (kind === Kind.Ident || isInteropCallee(printed, t))) jsxAt.add(o);
  }
  return { of, hints: { regexAt, jsxAt } };
}

/**
 * `(0, _jsxruntime.jsx)(…)`, a JSX call in SWC's CommonJS output (its `(` is mapped to the `<`).
 * Other `(` mapped to a `<` are a generic arrow's parameters (`<T,>(x) =>`) or a call's arguments
 * after type arguments (`f<T>(x)`): not JSX.
 */
function isInteropCallee(t: Tokens, k: number): boolean {
  return t.kind[k] === Kind.Punct && t.text[k] === "(" && t.kind[k + 1] === Kind.Number && t.kind[k + 2] === Kind.Punct && t.text[k + 2] === ",";
}

/** The printed tokens to look up, ascending: `wanted`, the regular expressions, everything in JSX files. */
function lookedUp(printed: Tokens, wanted: readonly number[], jsx: boolean): Int32Array {
  if (jsx) {
    const all = new Int32Array(printed.count);
    for (let k = 0; k < all.length; k++) all[k] = k;
    return all;
  }
  const set = new Set(wanted);
  for (let k = 0; k < printed.count; k++) if (printed.kind[k] === Kind.Regex) set.add(k);
  return Int32Array.from(set).sort();
}

function lowerBoundBy(tokens: Int32Array, starts: Int32Array, x: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[tokens[mid]!]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
