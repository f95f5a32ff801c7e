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
import { Kind, type Tokens } from "./tokenize.js";
import { continues } from "./source-statements.js";

const STRING = 2; // part prefixes, as "\u0002" … in a StructureHash part
const NUMBER = 3;
const JSX_TEXT = 4;
/** Marks a cell's placeholder in a statement's shape (followed by its form). */
export const CELL = "\u0005";

/**
 * `StructureHash` of @autoreload/abi, fed from ranges of the source text: `part(s)` is
 * `StructureHash.add(s)` (the same FNV-1a over the same UTF-8 bytes, parts joined by "\u0000"), and
 * `range(src, a, b)` adds `src.slice(a, b)` without making the string. `digest()` gives what
 * `StructureHash.digest()` would for the same parts (test/facts.test.js checks it).
 */
const HEX = "0123456789abcdef";

export class RangeHash {
  private h = 0x811c9dc5;
  private parts = 0;

  /** Starts a part, with its prefix byte (0: none). */
  private open(prefix: number): void {
    if (this.parts++ > 0) this.h = Math.imul(this.h, 0x01000193); // the "\u0000" between parts (h ^ 0 = h)
    if (prefix !== 0) this.h = Math.imul(this.h ^ prefix, 0x01000193);
  }

  part(text: string | undefined): this {
    this.open(0);
    if (text !== undefined) this.chars(text, 0, text.length);
    return this;
  }

  range(src: string, from: number, to: number, prefix = 0): this {
    this.open(prefix);
    this.chars(src, from, to);
    return this;
  }

  private chars(text: string, from: number, to: number): void {
    let h = this.h;
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      if (c < 0x800) {
        h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
      } else if (c < 0x10000) {
        h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
      } else {
        h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
        h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), 0x01000193);
        h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
      }
      h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
    }
    this.h = h;
  }

  digest(): string {
    const h = this.h;
    let out = "";
    for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(h >>> shift) & 15];
    return out;
  }
}

/** Adds token k's part to `h`, or nothing (JSX text of whitespace only). */
export function addToken(h: RangeHash, t: Tokens, k: number): void {
  const { src } = t;
  const s = t.start[k]!;
  const e = t.end[k]!;
  switch (t.kind[k]) {
    case Kind.String:
      h.range(src, s + 1, e - 1, STRING); // escapes stay as written: "\x41" and "A" differ (never wrongly equal)
      return;
    case Kind.Number: {
      const raw = src.slice(s, e).replace(/_/g, "");
      const value = raw.endsWith("n") || /^0[0-7]+$/.test(raw) ? raw : Number(raw);
      h.part(String.fromCharCode(NUMBER) + (typeof value === "number" && Number.isNaN(value) ? raw : String(value)));
      return;
    }
    case Kind.JsxText: {
      const text = jsxText(src.slice(s, e));
      if (text !== "") h.part(String.fromCharCode(JSX_TEXT) + text);
      return;
    }
    default:
      h.range(src, s, e); // names, punctuators, templates and regular expressions, as written
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
export function addTokens(h: RangeHash, t: Tokens, from: number, to: number, rangeFirst: number, rangeEnd: number, reads: Reads): void {
  for (let k = from; k < to; k++) {
    if (k > rangeFirst && t.lineStart[k] && !isPunct(t, k - 1, ";") && !inJsxTag(t, k) && !continues(t, k - 1, k)) h.part(";");
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
