/** Small readers over `Tokens`, shared by the analysis files. */
import { Kind, type Tokens } from "./tokenize.js";

export function isPunct(t: Tokens, k: number, p: string): boolean {
  return k >= 0 && k < t.count && t.kind[k] === Kind.Punct && t.text[k] === p;
}

export function isWord(t: Tokens, k: number, w: string): boolean {
  return k >= 0 && k < t.count && t.kind[k] === Kind.Ident && t.text[k] === w;
}

export function isIdent(t: Tokens, k: number): boolean {
  return k >= 0 && k < t.count && t.kind[k] === Kind.Ident;
}

/** Index of the last token of the bracketed group opened at `k` (or `k` itself). */
export function closeOf(t: Tokens, k: number): number {
  let m = t.match[k]!;
  while (m > k) {
    k = m;
    const next = t.match[k]!;
    if (t.kind[k] !== Kind.Template || next <= k) return k;
    m = next;
  }
  return k;
}

/** The token after the group starting at `k` (skips a whole bracketed group). */
export function after(t: Tokens, k: number): number {
  return closeOf(t, k) + 1;
}

/** True when `k` opens a bracket or a template substitution. */
export function isOpener(t: Tokens, k: number): boolean {
  return t.match[k]! > k;
}

/**
 * Splits the tokens in [from, to) at the top-level occurrences of punctuator `sep`
 * (top level relative to `from`): returns the [start, end) ranges.
 */
export function splitAt(t: Tokens, from: number, to: number, sep: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = from;
  let k = from;
  while (k < to) {
    if (isPunct(t, k, sep)) {
      out.push([s, k]);
      s = k + 1;
      k++;
      continue;
    }
    k = isOpener(t, k) ? after(t, k) : k + 1;
  }
  if (s < to || out.length > 0) out.push([s, to]);
  return out;
}

/** Index of the first token in [from, to) at the same level that is punctuator `p`, or -1. */
export function findPunct(t: Tokens, from: number, to: number, p: string): number {
  let k = from;
  while (k < to) {
    if (isPunct(t, k, p)) return k;
    k = isOpener(t, k) ? after(t, k) : k + 1;
  }
  return -1;
}

/** JSON string literal for emitted code. */
export function str(s: string): string {
  return JSON.stringify(s);
}

/** The value of the string literal token `k` (single- or double-quoted). */
export function stringValue(t: Tokens, k: number): string {
  const literal = t.src.slice(t.start[k], t.end[k]);
  const quoted = literal.startsWith('"') ? literal : '"' + literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"';
  return JSON.parse(quoted) as string;
}
