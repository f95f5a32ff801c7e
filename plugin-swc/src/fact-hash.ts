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
import { StructureHash } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { continues } from "./source-statements.js";

const STRING = "\u0002";
const NUMBER = "\u0003";
const JSX_TEXT = "\u0004";
/** Marks a cell's placeholder in a statement's shape (followed by its form). */
export const CELL = "\u0005";

/** The token's part, or undefined when it contributes nothing (JSX text of whitespace only). */
export function tokenPart(t: Tokens, k: number): string | undefined {
  switch (t.kind[k]) {
    case Kind.Ident:
    case Kind.Punct:
    case Kind.Private:
      return t.text[k]!;
    case Kind.String: {
      const body = t.src.slice(t.start[k]! + 1, t.end[k]! - 1);
      return STRING + body; // escapes stay as written: "\x41" and "A" differ (never wrongly equal)
    }
    case Kind.Number: {
      const raw = t.src.slice(t.start[k], t.end[k]).replace(/_/g, "");
      if (raw.endsWith("n") || /^0[0-7]+$/.test(raw)) return NUMBER + raw;
      const value = Number(raw);
      return NUMBER + (Number.isNaN(value) ? raw : String(value));
    }
    case Kind.JsxText: {
      const text = jsxText(t.src.slice(t.start[k], t.end[k]));
      return text === "" ? undefined : JSX_TEXT + text;
    }
    default:
      return t.src.slice(t.start[k], t.end[k]); // templates and regular expressions, as written
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

/** Adds tokens [from, to) of a statement or a cell to `h` (see the file's comment). */
export function addTokens(h: StructureHash, t: Tokens, from: number, to: number, rangeFirst: number, rangeEnd: number): void {
  for (let k = from; k < to; k++) {
    if (k > rangeFirst && t.lineStart[k] && !isPunct(t, k - 1, ";") && !inJsxTag(t, k) && !continues(t, k - 1, k)) h.add(";");
    if (t.kind[k] === Kind.Punct) {
      const p = t.text[k];
      if (p === ";" && (k === rangeEnd - 1 || isPunct(t, k + 1, "}"))) continue;
      if (p === "," && isCloser(t, k + 1)) continue;
    }
    const part = tokenPart(t, k);
    if (part !== undefined) h.add(part);
  }
}

function isPunct(t: Tokens, k: number, p: string): boolean {
  return k >= 0 && k < t.count && t.kind[k] === Kind.Punct && t.text[k] === p;
}

/** Inside a JSX element's tags (attributes on their own lines are not statements). */
function inJsxTag(t: Tokens, k: number): boolean {
  const p = t.parent[k]!;
  return p >= 0 && t.text[p] === "<";
}
