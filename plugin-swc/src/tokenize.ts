/**
 * A JavaScript tokenizer for the analysis pass. It reads the plain JavaScript that SWC printed
 * (TypeScript and JSX are gone by then), keeps no comments, and records for every bracket its
 * partner and for every token its enclosing bracket. That is all the structure the analysis
 * needs: it looks at the top level of the module and at class bodies, and scans the rest for
 * names. Reading tokens costs a fraction of building an AST, which is what keeps the fast path
 * within 2x of a plain `transformSync` (see README).
 */

export const enum Kind {
  Ident = 1, // identifiers and keywords
  Private = 2, // #name
  Punct = 3,
  String = 4,
  Number = 5,
  Template = 6, // a template chunk: `...${  or  }...${  or  }...`  or a whole `...`
  Regex = 7,
  JsxText = 8, // text between JSX tags (the original source only, see source-tokens.ts)
}

export interface Tokens {
  readonly src: string;
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** For `(`, `[`, `{`, `${`: index of the closing token; for closers: index of the opener; else -1. */
  readonly match: Int32Array;
  /** Index of the innermost open bracket around the token, or -1 at the top level. */
  readonly parent: Int32Array;
  /** Text of identifiers and punctuators ("" for the other kinds). */
  readonly text: string[];
  /** True when the token is the first thing on its line. */
  readonly lineStart: Uint8Array;
}

export const PUNCTS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "**",
  "<<",
  ">>",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
];

/** Multi-character punctuators by their first character, longest first. */
export const PUNCTS_BY_FIRST: Array<string[] | undefined> = [];
for (const p of PUNCTS) (PUNCTS_BY_FIRST[p.charCodeAt(0)] ??= []).push(p);

export const REGEX_AFTER_WORD: ReadonlySet<string> = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
  "extends",
]);

export function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c === 92 || (c >= 128 && !isSpace(c));
}
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 92 || (c >= 128 && !isSpace(c));
}
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x1680 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Thrown when the text is not something SWC would print (the caller leaves the file alone). */
export class TokenizeError extends Error {}

export function tokenize(src: string): Tokens {
  const cap = (src.length >> 1) + 16;
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let match = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let lineStart = new Uint8Array(cap);
  const text: string[] = [];
  let n = 0;
  const stack: number[] = []; // open bracket token indices
  const tmpl: boolean[] = []; // parallel to stack: was the opener a template `${`
  let newline = true;
  const len = src.length;
  let i = 0;
  if (src.charCodeAt(0) === 35 && src.charCodeAt(1) === 33) {
    while (i < len && src.charCodeAt(i) !== 10) i++; // hashbang
  }

  const push = (k: Kind, s: number, e: number, t: string): number => {
    if (n === kind.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (l: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      kind = grow(kind);
      start = grow(start);
      end = grow(end);
      match = grow(match);
      parent = grow(parent);
      lineStart = grow(lineStart);
    }
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    match[n] = -1;
    parent[n] = stack.length > 0 ? stack[stack.length - 1]! : -1;
    lineStart[n] = newline ? 1 : 0;
    newline = false;
    text.push(t);
    return n++;
  };

  const regexAllowed = (): boolean => {
    if (n === 0) return true;
    const k = kind[n - 1];
    if (k === Kind.Punct) {
      const t = text[n - 1];
      return t !== ")" && t !== "]" && t !== "}";
    }
    if (k === Kind.Ident) {
      const prev = n >= 2 ? text[n - 2] : "";
      return REGEX_AFTER_WORD.has(text[n - 1]!) && prev !== "." && prev !== "?.";
    }
    return false;
  };

  /** Reads a template chunk starting after "`" or after the "}" of a substitution. */
  const readTemplate = (s: number, from: number): void => {
    let j = from;
    for (;;) {
      if (j >= len) throw new TokenizeError("unterminated template");
      const c = src.charCodeAt(j);
      if (c === 92) {
        j += 2;
        continue;
      }
      if (c === 96) {
        push(Kind.Template, s, j + 1, "");
        i = j + 1;
        return;
      }
      if (c === 36 && src.charCodeAt(j + 1) === 123) {
        const t = push(Kind.Template, s, j + 2, "");
        stack.push(t);
        tmpl.push(true);
        i = j + 2;
        return;
      }
      j++;
    }
  };

  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 10 || c === 0x2028 || c === 0x2029) {
      newline = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 47) {
      // '/'
      const d = src.charCodeAt(i + 1);
      if (d === 47) {
        while (i < len && src.charCodeAt(i) !== 10) i++;
        continue;
      }
      if (d === 42) {
        const e = src.indexOf("*/", i + 2);
        if (e < 0) throw new TokenizeError("unterminated comment");
        if (!newline) {
          const nl = src.indexOf("\n", i);
          if (nl >= 0 && nl < e) newline = true;
        }
        i = e + 2;
        continue;
      }
      if (regexAllowed()) {
        let j = i + 1,
          inClass = false;
        for (;;) {
          if (j >= len) throw new TokenizeError("unterminated regex");
          const r = src.charCodeAt(j);
          if (r === 92) {
            j += 2;
            continue;
          }
          if (r === 10) throw new TokenizeError("unterminated regex");
          if (r === 91) inClass = true;
          else if (r === 93) inClass = false;
          else if (r === 47 && !inClass) break;
          j++;
        }
        j++;
        while (j < len && isIdentChar(src.charCodeAt(j))) j++;
        push(Kind.Regex, i, j, "");
        i = j;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < len && isIdentChar(src.charCodeAt(j))) j++;
      push(Kind.Ident, i, j, src.slice(i, j));
      i = j;
      continue;
    }
    if (c === 35) {
      // #private
      let j = i + 1;
      while (j < len && isIdentChar(src.charCodeAt(j))) j++;
      push(Kind.Private, i, j, src.slice(i, j));
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      let j = i + 1;
      for (;;) {
        if (j >= len) throw new TokenizeError("unterminated string");
        const s = src.charCodeAt(j);
        if (s === 92) {
          j += 2;
          continue;
        }
        if (s === c) break;
        j++;
      }
      push(Kind.String, i, j + 1, "");
      i = j + 1;
      continue;
    }
    if (c === 96) {
      readTemplate(i, i + 1);
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && src.charCodeAt(i + 1) >= 48 && src.charCodeAt(i + 1) <= 57)) {
      let j = i + 1;
      for (;;) {
        const d = src.charCodeAt(j);
        if (isIdentChar(d) || d === 46) {
          j++;
          continue;
        }
        if ((d === 43 || d === 45) && (src.charCodeAt(j - 1) | 32) === 101 && src.charCodeAt(i + 1) !== 120 && src.charCodeAt(i + 1) !== 88) {
          j++;
          continue;
        }
        break;
      }
      push(Kind.Number, i, j, "");
      i = j;
      continue;
    }
    // punctuators
    if (c === 40 || c === 91 || c === 123) {
      // ( [ {
      const t = push(Kind.Punct, i, i + 1, src[i]!);
      stack.push(t);
      tmpl.push(false);
      i++;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) {
      // ) ] }
      if (stack.length === 0) throw new TokenizeError("unbalanced brackets");
      const open = stack.pop()!;
      const wasTemplate = tmpl.pop()!;
      if (wasTemplate) {
        if (c !== 125) throw new TokenizeError("unbalanced template");
        // the "}" resumes the template: the chunk token is the closer
        const before = n;
        readTemplate(i, i + 1);
        // a chunk `}...${` closes one substitution and opens the next: its `match` is set to
        // its own closer later, so jumping from an opener always moves forward
        match[open] = before;
        if (match[before] === -1) match[before] = open;
        continue;
      }
      const t = push(Kind.Punct, i, i + 1, src[i]!);
      parent[t] = stack.length > 0 ? stack[stack.length - 1]! : -1;
      match[open] = t;
      match[t] = open;
      i++;
      continue;
    }
    let p = "";
    const cands = PUNCTS_BY_FIRST[c];
    if (cands !== undefined) {
      for (const cand of cands) {
        if (src.startsWith(cand, i)) {
          p = cand;
          break;
        }
      }
    }
    if (p === "?." && src.charCodeAt(i + 2) >= 48 && src.charCodeAt(i + 2) <= 57) p = "";
    if (p === "") p = src[i]!;
    push(Kind.Punct, i, i + p.length, p);
    i += p.length;
  }
  if (stack.length > 0) throw new TokenizeError("unbalanced brackets");
  return { src, count: n, kind, start, end, match, parent, text, lineStart };
}
