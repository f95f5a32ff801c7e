/**
 * What the tokens of the original source contribute to a structural hash (`StructureHash` of
 * @autoreload/abi): identifiers, keywords and punctuators as written; string and number literals
 * by value (`'a'` and `"a"`, `0x10` and `16` are the same); JSX text as JSX reads it (lines trimmed,
 * blank lines dropped). Comments and whitespace are not tokens, so they never count, and neither do
 * the marks a formatter adds or removes without changing the program: a statement's final `;`, a
 * `;` before `}`, a trailing `,` before a closer; a line break where JavaScript inserts a semicolon
 * counts as that `;` (so code with and without semicolons hashes alike, and `a\n(b)`, a call, does
 * not hash as `a;\n(b)`).
 */
import type { StructureHash } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { continues } from "./source-statements.js";

const STRING = 2; // part prefixes, as "\u0002" … in a StructureHash part
const NUMBER = 3;
const JSX_TEXT = 4;
/** Marks a cell's placeholder in a statement's shape (followed by its form). */
export const CELL = "\u0005";

/** Adds token k's part to `h`, or nothing (JSX text of whitespace only). */
export function addToken(h: StructureHash, t: Tokens, k: number): void {
  const { src } = t;
  const s = t.start[k]!;
  const e = t.end[k]!;
  switch (t.kind[k]) {
    case Kind.String:
      h.addRange(src, s + 1, e - 1, STRING); // escapes stay as written: "\x41" and "A" differ (never wrongly equal)
      return;
    case Kind.Number: {
      const raw = src.slice(s, e).replace(/_/g, "");
      const value = raw.endsWith("n") || /^0[0-7]+$/.test(raw) ? raw : Number(raw);
      h.add(String.fromCharCode(NUMBER) + (typeof value === "number" && Number.isNaN(value) ? raw : String(value)));
      return;
    }
    case Kind.JsxText: {
      const text = jsxText(src.slice(s, e));
      if (text !== "") h.add(String.fromCharCode(JSX_TEXT) + text);
      return;
    }
    default:
      h.addRange(src, s, e); // names, punctuators, templates and regular expressions, as written
  }
}
/** JSX text as a JSX child string: lines trimmed (but not at the text's own ends), empty ones dropped. */
function jsxText(raw: string): string {
  if (!raw.includes("\n")) return raw;
  const lines = raw.split(/\r\n|\n|\r/);
  const kept: string[] = [];
  lines.forEach((line, i) => {
    let l = line;
    if (i > 0) l = l.replace(/^[ \t]+/, "");
    if (i < lines.length - 1) l = l.replace(/[ \t]+$/, "");
    if (l !== "") kept.push(l);
  });
  return kept.join(" ");
}

const isCloser = (t: Tokens, k: number): boolean => {
  if (k >= t.count || t.kind[k] !== Kind.Punct) return false;
  const p = t.text[k];
  return p === ")" || p === "]" || p === "}";
};

/** Which module-scope names a range mentions as variables (`StatementFacts.reads`, `CellFacts.reads`). */
export interface Reads {
  /** Names declared by the module's top-level statements. */
  readonly names: ReadonlySet<string>;
  /** The names found, in the order first met. */
  readonly found: Set<string>;
}

/**
 * Adds tokens [from, to) of a statement or a cell to `h` (see the file's comment), and the module
 * names they mention to `reads`: every identifier that is not a property (`a.K`) or an object key
 * (`{ K: 1 }`); one a local binding shadows counts too (a safe over-approximation).
 */
export function addTokens(h: StructureHash, t: Tokens, from: number, to: number, rangeFirst: number, rangeEnd: number, reads: Reads): void {
  for (let k = from; k < to; k++) {
    if (k > rangeFirst && t.lineStart[k] && !isPunct(t, k - 1, ";") && !inJsxTag(t, k) && !continues(t, k - 1, k)) h.add(";");
    const kind = t.kind[k];
    if (kind === Kind.Punct) {
      const p = t.text[k];
      if (p === ";" && (k === rangeEnd - 1 || isPunct(t, k + 1, "}"))) continue;
      if (p === "," && isCloser(t, k + 1)) continue;
    } else if (kind === Kind.Ident && reads.names.has(t.text[k]!) && !isProperty(t, k)) {
      reads.found.add(t.text[k]!);
    }
    addToken(h, t, k);
  }
}

/** `a.K`, `a?.K`, or a key `{ K: … }` (also a destructuring key): not a variable. */
function isProperty(t: Tokens, k: number): boolean {
  const prev = k > 0 && t.kind[k - 1] === Kind.Punct ? t.text[k - 1] : "";
  if (prev === "." || prev === "?.") return true;
  return (prev === "{" || prev === ",") && isPunct(t, k + 1, ":") && t.parent[k]! >= 0 && t.text[t.parent[k]!] === "{";
}

function isPunct(t: Tokens, k: number, p: string): boolean {
  return k >= 0 && k < t.count && t.kind[k] === Kind.Punct && t.text[k] === p;
}

/** Inside a JSX element's tags (attributes on their own lines are not statements). */
function inJsxTag(t: Tokens, k: number): boolean {
  const p = t.parent[k]!;
  return p >= 0 && t.text[p] === "<";
}
