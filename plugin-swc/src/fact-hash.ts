/**
 * What one token of the original source contributes to a structural hash (`StructureHash` of
 * @autoreload/abi): identifiers, keywords and punctuators as written; string and number literals
 * by value (`'a'` and `"a"`, `0x10` and `16` are the same); JSX text as JSX reads it (lines trimmed,
 * blank lines dropped). Comments and whitespace are not tokens, so they never count.
 */
import { Kind, type Tokens } from "./tokenize.js";

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
