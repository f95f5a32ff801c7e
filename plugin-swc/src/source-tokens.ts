/**
 * Tokens of the *original* source (TypeScript, JSX), for the statement facts (`facts.ts`): the
 * same `Tokens` shape as `tokenize.ts` gives for SWC's printing, so the same readers apply.
 *
 * Two things plain JavaScript tokenizing cannot decide are answered by SWC's source map, which
 * maps the printed code back to this text (`SourceHints`, from `source-map-lookup.ts`):
 * - a `/` where a printed regular expression is mapped starts a regular expression (the usual
 *   guess from the previous token decides everywhere else);
 * - a `<` where a printed JSX call (`_jsx(…)`, `React.createElement(…)`) is mapped starts a JSX
 *   element. Without hints (no map), a `<` in expression position followed by a name is tried as
 *   JSX in JSX files, and read as a punctuator if that fails.
 *
 * A JSX element is one bracket group: its `<` is the opener and the `>` that ends it (`/>` or the
 * closing tag's) the closer; attribute and child expressions (`{…}`) are brackets inside it, and
 * text between tags is a `JsxText` token.
 */
import { Kind, PUNCTS_BY_FIRST, REGEX_AFTER_WORD, TokenizeError, isIdentChar, isIdentStart, isSpace, type Tokens } from "./tokenize.js";

export interface SourceHints {
  /** Offsets where a printed regular expression is mapped. */
  readonly regexAt: ReadonlySet<number>;
  /** Offsets of `<` where a printed JSX call is mapped. */
  readonly jsxAt: ReadonlySet<number>;
}

export interface SourceSyntax {
  /** The parser accepts JSX (`.jsx`/`.tsx`, or the caller's parser options). */
  readonly jsx: boolean;
  /** Hints from the source map, or undefined (then JSX is guessed). */
  readonly hints?: SourceHints | undefined;
}

const BRACKET = 0;
const TEMPLATE = 1;
const CONTAINER = 2; // `{` of a JSX expression container
const ELEMENT = 3; // `<` of a JSX element

/** A JSX element that is not one after all (only when guessing without hints). */
class NotJsx extends Error {}

export function tokenizeSource(src: string, syntax: SourceSyntax): Tokens {
  return new SourceScanner(src, syntax).run();
}

class SourceScanner {
  private kind: Uint8Array;
  private start: Int32Array;
  private end: Int32Array;
  private match: Int32Array;
  private parent: Int32Array;
  private lineStart: Uint8Array;
  private readonly text: string[] = [];
  private n = 0;
  private readonly stack: number[] = [];
  private readonly opened: number[] = []; // parallel to stack: BRACKET, TEMPLATE, CONTAINER, ELEMENT
  private top = -1; // the innermost open group (the stack's last entry), or -1
  private newline = true;
  private i = 0;
  private readonly len: number;

  constructor(
    private readonly src: string,
    private readonly syntax: SourceSyntax,
  ) {
    this.len = src.length;
    const cap = (src.length >> 1) + 16;
    this.kind = new Uint8Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.match = new Int32Array(cap);
    this.parent = new Int32Array(cap);
    this.lineStart = new Uint8Array(cap);
  }

  run(): Tokens {
    const { src } = this;
    let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (src.charCodeAt(i) === 35 && src.charCodeAt(i + 1) === 33) {
      while (i < this.len && src.charCodeAt(i) !== 10) i++; // hashbang
    }
    this.i = i;
    this.js(-1);
    if (this.stack.length > 0) throw new TokenizeError("unbalanced brackets");
    return {
      src,
      count: this.n,
      kind: this.kind,
      start: this.start,
      end: this.end,
      match: this.match,
      parent: this.parent,
      text: this.text,
      lineStart: this.lineStart,
    };
  }

  private grow(): void {
    const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (l: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.kind = grow(this.kind);
    this.start = grow(this.start);
    this.end = grow(this.end);
    this.match = grow(this.match);
    this.parent = grow(this.parent);
    this.lineStart = grow(this.lineStart);
  }

  private push(k: Kind, s: number, e: number, t: string): number {
    const n = this.n;
    if (n === this.kind.length) this.grow();
    this.kind[n] = k;
    this.start[n] = s;
    this.end[n] = e;
    this.match[n] = -1;
    this.parent[n] = this.top;
    this.lineStart[n] = this.newline ? 1 : 0;
    this.newline = false;
    this.text.push(t);
    return this.n++;
  }

  private open(k: Kind, s: number, e: number, t: string, how: number): number {
    const tok = this.push(k, s, e, t);
    this.stack.push(tok);
    this.opened.push(how);
    this.top = tok;
    return tok;
  }

  /** Pushes the closer of the innermost open group at [s, e). */
  private close(s: number, e: number, t: string): number {
    const opener = this.stack.pop()!;
    this.opened.pop();
    this.top = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
    const tok = this.push(Kind.Punct, s, e, t);
    this.match[opener] = tok;
    this.match[tok] = opener;
    return tok;
  }

  private regexAllowed(): boolean {
    const n = this.n;
    if (n === 0) return true;
    const k = this.kind[n - 1];
    if (k === Kind.Punct) {
      const t = this.text[n - 1];
      return t !== ")" && t !== "]" && t !== "}" && !(t === ">" && this.match[n - 1]! >= 0); // not after a JSX element
    }
    if (k === Kind.Ident) {
      const prev = n >= 2 ? this.text[n - 2] : "";
      return REGEX_AFTER_WORD.has(this.text[n - 1]!) && prev !== "." && prev !== "?.";
    }
    return false;
  }

  /** Skips whitespace and comments; records line breaks. */
  private trivia(): void {
    const { src, len } = this;
    while (this.i < len) {
      const c = src.charCodeAt(this.i);
      if (c === 10 || c === 0x2028 || c === 0x2029) {
        this.newline = true;
        this.i++;
        continue;
      }
      if (c === 47) {
        const d = src.charCodeAt(this.i + 1);
        if (d === 47) {
          while (this.i < len && src.charCodeAt(this.i) !== 10) this.i++;
          continue;
        }
        if (d === 42) {
          this.blockComment();
          continue;
        }
        return;
      }
      if (isSpace(c)) {
        this.i++;
        continue;
      }
      return;
    }
  }

  private blockComment(): void {
    const e = this.src.indexOf("*/", this.i + 2);
    if (e < 0) throw new TokenizeError("unterminated comment");
    if (!this.newline) {
      const nl = this.src.indexOf("\n", this.i);
      if (nl >= 0 && nl < e) this.newline = true;
    }
    this.i = e + 2;
  }

  /** Reads a template chunk starting after "`" or after the "}" of a substitution. */
  private template(s: number, from: number): void {
    const { src, len } = this;
    let j = from;
    for (;;) {
      if (j >= len) throw new TokenizeError("unterminated template");
      const c = src.charCodeAt(j);
      if (c === 92) {
        j += 2;
        continue;
      }
      if (c === 96) {
        this.push(Kind.Template, s, j + 1, "");
        this.i = j + 1;
        return;
      }
      if (c === 36 && src.charCodeAt(j + 1) === 123) {
        this.open(Kind.Template, s, j + 2, "", TEMPLATE);
        this.i = j + 2;
        return;
      }
      j++;
    }
  }

  /** JavaScript tokens until the JSX container open at stack depth `stopDepth` is closed (or the end, for -1). */
  private js(stopDepth: number): void {
    const { src, len } = this;
    while (this.i < len) {
      const i = this.i;
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) {
        this.i++;
        continue;
      }
      if (c === 10 || c === 0x2028 || c === 0x2029) {
        this.newline = true;
        this.i++;
        continue;
      }
      if (c === 47) {
        // '/'
        const d = src.charCodeAt(i + 1);
        if (d === 47) {
          while (this.i < len && src.charCodeAt(this.i) !== 10) this.i++;
          continue;
        }
        if (d === 42) {
          this.blockComment();
          continue;
        }
        if ((this.syntax.hints?.regexAt.has(i) ?? false) || this.regexAllowed()) {
          this.regex(i);
          continue;
        }
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < len && isIdentChar(src.charCodeAt(j))) j++;
        this.push(Kind.Ident, i, j, src.slice(i, j));
        this.i = j;
        continue;
      }
      if (c === 35) {
        // #private
        let j = i + 1;
        while (j < len && isIdentChar(src.charCodeAt(j))) j++;
        this.push(Kind.Private, i, j, src.slice(i, j));
        this.i = j;
        continue;
      }
      if (c === 34 || c === 39) {
        this.string(i, c);
        continue;
      }
      if (c === 96) {
        this.template(i, i + 1);
        continue;
      }
      if ((c >= 48 && c <= 57) || (c === 46 && src.charCodeAt(i + 1) >= 48 && src.charCodeAt(i + 1) <= 57)) {
        this.number(i);
        continue;
      }
      if (c === 40 || c === 91 || c === 123) {
        // ( [ {
        this.open(Kind.Punct, i, i + 1, src[i]!, BRACKET);
        this.i = i + 1;
        continue;
      }
      if (c === 41 || c === 93 || c === 125) {
        // ) ] }
        if (this.stack.length === 0) throw new TokenizeError("unbalanced brackets");
        const how = this.opened[this.opened.length - 1]!;
        if (how === TEMPLATE) {
          if (c !== 125) throw new TokenizeError("unbalanced template");
          const opener = this.stack.pop()!;
          this.opened.pop();
          this.top = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
          const before = this.n;
          this.template(i, i + 1); // the "}" resumes the template: the chunk token is the closer
          this.match[opener] = before;
          if (this.match[before] === -1) this.match[before] = opener;
          continue;
        }
        if (how === ELEMENT) throw new TokenizeError("unbalanced JSX");
        this.close(i, i + 1, src[i]!);
        this.i = i + 1;
        if (how === CONTAINER && this.stack.length === stopDepth) return;
        continue;
      }
      if (c === 60 && this.jsxStart(i)) {
        this.element();
        continue;
      }
      if (isSpace(c)) {
        this.i++;
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
      this.push(Kind.Punct, i, i + p.length, p);
      this.i = i + p.length;
    }
  }

  private regex(i: number): void {
    const { src, len } = this;
    let j = i + 1;
    let inClass = false;
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
    this.push(Kind.Regex, i, j, "");
    this.i = j;
  }

  private string(i: number, quote: number): void {
    const { src, len } = this;
    let j = i + 1;
    for (;;) {
      if (j >= len) throw new TokenizeError("unterminated string");
      const s = src.charCodeAt(j);
      if (s === 92) {
        j += 2;
        continue;
      }
      if (s === quote) break;
      j++;
    }
    this.push(Kind.String, i, j + 1, "");
    this.i = j + 1;
  }

  private number(i: number): void {
    const { src } = this;
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
    this.push(Kind.Number, i, j, "");
    this.i = j;
  }

  // --- JSX ---

  private jsxStart(i: number): boolean {
    const hints = this.syntax.hints;
    if (hints !== undefined) return this.syntax.jsx && hints.jsxAt.has(i);
    if (!this.syntax.jsx || !this.regexAllowed()) return false;
    const { src } = this;
    let j = i + 1;
    while (isSpace(src.charCodeAt(j))) j++;
    const c = src.charCodeAt(j);
    if (c === 62) return true; // fragment
    if (!isIdentStart(c)) return false;
    while (isIdentChar(src.charCodeAt(j))) j++;
    while (isSpace(src.charCodeAt(j))) j++;
    // `<T,>(…) =>` and `<T extends U>(…) =>`: type parameters of a generic arrow in a TSX file
    return src.charCodeAt(j) !== 44 && !(src.startsWith("extends", j) && isSpace(src.charCodeAt(j + 7)));
  }

  private element(): void {
    if (this.syntax.hints !== undefined) {
      this.elementAt();
      return;
    }
    const saved = { n: this.n, i: this.i, depth: this.stack.length, newline: this.newline };
    try {
      this.elementAt();
    } catch (error) {
      if (!(error instanceof NotJsx) && !(error instanceof TokenizeError)) throw error;
      this.n = saved.n;
      this.text.length = saved.n;
      this.stack.length = saved.depth;
      this.opened.length = saved.depth;
      this.top = saved.depth > 0 ? this.stack[saved.depth - 1]! : -1;
      this.newline = saved.newline;
      this.push(Kind.Punct, saved.i, saved.i + 1, "<");
      this.i = saved.i + 1;
    }
  }

  private fail(): never {
    throw this.syntax.hints !== undefined ? new TokenizeError("JSX not understood") : new NotJsx();
  }

  /** A JSX element or fragment at `<`: one group from its `<` to its last `>`. */
  private elementAt(): void {
    const { src } = this;
    this.open(Kind.Punct, this.i, this.i + 1, "<", ELEMENT);
    this.i++;
    this.trivia();
    if (src.charCodeAt(this.i) === 62) {
      // `<>` fragment
      this.push(Kind.Punct, this.i, this.i + 1, ">");
      this.i++;
      this.children();
      this.closingTag(false);
      return;
    }
    this.name();
    for (;;) {
      this.trivia();
      const c = src.charCodeAt(this.i);
      if (c === 47 && src.charCodeAt(this.i + 1) === 62) {
        // `/>`
        this.push(Kind.Punct, this.i, this.i + 1, "/");
        this.close(this.i + 1, this.i + 2, ">");
        this.i += 2;
        return;
      }
      if (c === 62) {
        // `>`: children, then the closing tag
        this.push(Kind.Punct, this.i, this.i + 1, ">");
        this.i++;
        this.children();
        this.closingTag(true);
        return;
      }
      if (c === 123) {
        this.container();
        continue;
      } // `{...spread}`
      if (!isIdentStart(c)) this.fail();
      this.name();
      this.trivia();
      if (src.charCodeAt(this.i) !== 61) continue; // an attribute without value
      this.push(Kind.Punct, this.i, this.i + 1, "=");
      this.i++;
      this.trivia();
      const v = src.charCodeAt(this.i);
      if (v === 34 || v === 39) {
        const e = src.indexOf(src[this.i]!, this.i + 1);
        if (e < 0) this.fail();
        this.push(Kind.String, this.i, e + 1, "");
        this.i = e + 1;
      } else if (v === 123) {
        this.container();
      } else if (v === 60) {
        this.elementAt();
      } else {
        this.fail();
      }
    }
  }

  /** A JSX name: `div`, `data-x`, `Foo.Bar`, `svg:rect`. */
  private name(): void {
    const { src, len } = this;
    for (;;) {
      const s = this.i;
      if (!isIdentStart(src.charCodeAt(s))) this.fail();
      let j = s + 1;
      while (j < len && (isIdentChar(src.charCodeAt(j)) || src.charCodeAt(j) === 45)) j++;
      this.push(Kind.Ident, s, j, src.slice(s, j));
      this.i = j;
      const c = src.charCodeAt(j);
      if (c !== 46 && c !== 58) return;
      this.push(Kind.Punct, j, j + 1, src[j]!);
      this.i = j + 1;
    }
  }

  private children(): void {
    const { src, len } = this;
    for (;;) {
      if (this.i >= len) this.fail();
      const c = src.charCodeAt(this.i);
      if (c === 60) {
        let j = this.i + 1;
        while (isSpace(src.charCodeAt(j))) j++;
        if (src.charCodeAt(j) === 47) return;
        this.elementAt();
        continue;
      }
      if (c === 123) {
        this.container();
        continue;
      }
      let j = this.i;
      let nl = false;
      while (j < len) {
        const d = src.charCodeAt(j);
        if (d === 60 || d === 123) break;
        if (d === 10) nl = true;
        j++;
      }
      this.push(Kind.JsxText, this.i, j, "");
      if (nl) this.newline = true;
      this.i = j;
    }
  }

  /** `</name>` or `</>`, closing the element opened last. */
  private closingTag(named: boolean): void {
    const { src } = this;
    this.push(Kind.Punct, this.i, this.i + 1, "<");
    this.i++;
    this.trivia();
    this.push(Kind.Punct, this.i, this.i + 1, "/");
    this.i++;
    this.trivia();
    if (named) this.name();
    this.trivia();
    if (src.charCodeAt(this.i) !== 62) this.fail();
    this.close(this.i, this.i + 1, ">");
    this.i++;
  }

  /** `{ expression }` inside JSX. */
  private container(): void {
    this.open(Kind.Punct, this.i, this.i + 1, "{", CONTAINER);
    this.i++;
    const depth = this.stack.length - 1;
    this.js(depth);
    if (this.stack.length !== depth) this.fail();
  }
}
