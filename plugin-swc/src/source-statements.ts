/**
 * The top-level statements of the original source (TypeScript, JSX), from its tokens
 * (`source-tokens.ts`): where each starts and ends, what it declares, whether it is TypeScript
 * only (SWC removes it: no facts), and its kind (`StatementKind`, abi/src/facts.ts).
 *
 * A statement ends at its `;`, after a body that ends it (`function f() {}`, `class C {}`,
 * `if (…) {}`), or where JavaScript inserts a semicolon: at a line break before a token that cannot
 * continue it. The original is not SWC's printing, so this is where ASI is read.
 */
import type { StatementKind } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { after, closeOf, isIdent, isOpener, isPunct, isWord, splitAt } from "./token-walk.js";
import { skipAngles, skipClass, skipDecorators, skipFunction, skipType, typeArguments } from "./source-types.js";
import { bindingNames } from "./patterns.js";
import { classPure, pureRange } from "./source-pure.js";

export interface SourceStatement {
  /** First token (decorators and `export` included) and the token after the last one. */
  readonly first: number;
  readonly end: number;
  readonly kind: StatementKind;
  /** `export`, and the token after `export` / `export default`, for `export <declaration>`; else -1. */
  readonly exportTok: number;
  readonly exportEnd: number;
  readonly declares: readonly string[];
  readonly pure: boolean;
}

const nl = (t: Tokens, k: number): boolean => t.lineStart[k] === 1;
const afterDot = (t: Tokens, k: number): boolean => k > 0 && t.kind[k - 1] === Kind.Punct && (t.text[k - 1] === "." || t.text[k - 1] === "?.");

/** Words after which a line break does not end an expression. */
const EXPECTS = new Set([
  "new",
  "typeof",
  "void",
  "delete",
  "await",
  "in",
  "instanceof",
  "of",
  "as",
  "satisfies",
  "extends",
  "keyof",
  "case",
  "const",
  "let",
  "var",
  "import",
  "export",
  "from",
  "default",
  "declare",
  "type",
]);
/** A line break right after these ends the statement (restricted productions). */
const RESTRICTED = new Set(["return", "throw", "break", "continue", "yield", "debugger"]);
/** Punctuators that cannot continue an expression from a previous line. */
const NOT_CONTINUING = new Set(["!", "~", "++", "--", "{", "@", "..."]);
const CLOSERS = new Set([")", "]", "}", "++", "--"]);

/** Whether token `c`, the first on its line, continues the expression whose last token is `p`. */
export function continues(t: Tokens, p: number, c: number): boolean {
  if (p >= 0) {
    if (t.kind[p] === Kind.Punct) {
      const x = t.text[p]!;
      const operandEnd = CLOSERS.has(x) || (x === ">" && t.match[p]! >= 0 && t.match[p]! < p); // a JSX element's end
      if (!operandEnd) return true;
    } else if (t.kind[p] === Kind.Ident && !afterDot(t, p)) {
      const w = t.text[p]!;
      if (RESTRICTED.has(w)) return false;
      if (EXPECTS.has(w)) return true;
    }
  }
  const kind = t.kind[c];
  if (kind === Kind.Punct) {
    const x = t.text[c]!;
    if (x === "<" && t.match[c]! > c) return false; // a JSX element starts a new expression
    return !NOT_CONTINUING.has(x);
  }
  if (kind === Kind.Template) return t.src.charCodeAt(t.start[c]!) === 96; // a tagged template
  if (kind === Kind.Ident) return t.text[c] === "instanceof" || t.text[c] === "in";
  return false;
}

/** Whether a line starting with token `c` continues an expression that ended with an operand. */
function continuesOperand(t: Tokens, c: number): boolean {
  return continues(t, -1, c);
}

/** Whether token `p` ends an operand (a name, a literal, a closed group). */
function endsOperand(t: Tokens, p: number): boolean {
  const kind = t.kind[p];
  if (kind === Kind.Punct) return CLOSERS.has(t.text[p]!) || (t.text[p] === ">" && t.match[p]! >= 0) || t.text[p] === "!";
  if (kind === Kind.Ident) return !EXPECTS.has(t.text[p]!) && !RESTRICTED.has(t.text[p]!);
  return true;
}

/**
 * The end of an expression statement or a declaration list starting at `k`: after its `;`, or at
 * ASI. Types are stepped over as a whole (`x as Map<K, V>`, `let x: T`), so a line break after one
 * ends the statement as after any operand.
 */
export function expressionEnd(t: Tokens, k: number): number {
  const level = t.parent[k]!;
  let prev = -1;
  let typeEnd = false; // `prev` ends a type (`x as Record<K, V>`): an operand, whatever its last token
  let conditionals = 0; // `?` at this level waiting for their `:`
  let j = k;
  while (j < t.count) {
    if (t.parent[j] !== level) break; // the closer of the enclosing group
    if (j > k && nl(t, j) && !(typeEnd ? continuesOperand(t, j) : continues(t, prev, j))) break;
    typeEnd = false;
    if (t.kind[j] === Kind.Punct) {
      const p = t.text[j];
      if (p === ";") return j + 1;
      if (p === "?") conditionals++;
      else if (p === ":") {
        if (conditionals > 0) {
          conditionals--;
        } else {
          // a type annotation (`let x: T`, `(a): T => …`), not a conditional's `:`
          const e = skipType(t, j + 1, t.count);
          if (e > j + 1) {
            prev = e - 1;
            j = e;
            typeEnd = true;
            continue;
          }
        }
      }
    }
    if (t.kind[j] === Kind.Ident && !afterDot(t, j)) {
      const w = t.text[j];
      if ((w === "as" || w === "satisfies") && prev >= 0 && !nl(t, j) && endsOperand(t, prev)) {
        const e = skipType(t, j + 1, t.count);
        if (e > j + 1) {
          prev = e - 1;
          j = e;
          typeEnd = true;
          continue;
        }
      }
      if (w === "function" || (w === "async" && isWord(t, j + 1, "function") && !nl(t, j + 1))) {
        j = skipFunction(t, j).end;
        prev = j - 1;
        continue;
      }
      if (w === "class") {
        j = skipClass(t, j).end;
        prev = j - 1;
        continue;
      }
    }
    if (isOpener(t, j)) {
      prev = closeOf(t, j);
      j = prev + 1;
      continue;
    }
    prev = j;
    j++;
  }
  return j;
}

/** A declaration that may be an overload signature (no body): it ends at its `;` or at ASI. */
function functionEnd(t: Tokens, k: number): number {
  const f = skipFunction(t, k);
  if (f.bodyOpen >= 0) return f.end;
  return isPunct(t, f.end, ";") ? f.end + 1 : f.end;
}

function parenThen(t: Tokens, k: number): number {
  return isPunct(t, k, "(") ? after(t, k) : k;
}

/** The end (exclusive) of the statement starting at `k`. */
export function statementEnd(t: Tokens, k: number): number {
  if (k >= t.count) return k;
  const sameLine = (j: number): boolean => j < t.count && !nl(t, j);
  if (t.kind[k] === Kind.Punct) {
    const p = t.text[k];
    if (p === ";") return k + 1;
    if (p === "{") return after(t, k);
    if (p === "@") {
      const d = skipDecorators(t, k);
      return d === k ? expressionEnd(t, k) : statementEnd(t, d);
    }
    return expressionEnd(t, k);
  }
  if (t.kind[k] !== Kind.Ident) return expressionEnd(t, k);
  const w = t.text[k]!;
  switch (w) {
    case "function":
      return functionEnd(t, k);
    case "async":
      if (isWord(t, k + 1, "function") && sameLine(k + 1)) return functionEnd(t, k);
      break;
    case "class":
      return skipClass(t, k).end;
    case "abstract":
      if (isWord(t, k + 1, "class") && sameLine(k + 1)) return skipClass(t, k + 1).end;
      break;
    case "if": {
      if (!isPunct(t, k + 1, "(")) break;
      let j = statementEnd(t, parenThen(t, k + 1));
      if (isWord(t, j, "else")) j = statementEnd(t, j + 1);
      return j;
    }
    case "for": {
      let j = k + 1;
      if (isWord(t, j, "await")) j++;
      if (!isPunct(t, j, "(")) break;
      return statementEnd(t, after(t, j));
    }
    case "while":
    case "with":
      if (!isPunct(t, k + 1, "(")) break;
      return statementEnd(t, after(t, k + 1));
    case "do": {
      let j = statementEnd(t, k + 1);
      if (isWord(t, j, "while") && isPunct(t, j + 1, "(")) {
        j = after(t, j + 1);
        if (isPunct(t, j, ";")) j++;
      }
      return j;
    }
    case "try": {
      let j = k + 1;
      if (!isPunct(t, j, "{")) break;
      j = after(t, j);
      if (isWord(t, j, "catch")) {
        j++;
        if (isPunct(t, j, "(")) j = after(t, j);
        if (isPunct(t, j, "{")) j = after(t, j);
      }
      if (isWord(t, j, "finally") && isPunct(t, j + 1, "{")) j = after(t, j + 1);
      return j;
    }
    case "switch":
      if (isPunct(t, k + 1, "(") && isPunct(t, after(t, k + 1), "{")) return after(t, after(t, k + 1));
      break;
    case "interface": {
      if (!isIdent(t, k + 1) || !sameLine(k + 1)) break;
      let j = k + 2;
      if (isPunct(t, j, "<")) j = skipAngles(t, j, t.count);
      if (isWord(t, j, "extends")) {
        j = skipType(t, j + 1, t.count);
        while (isPunct(t, j, ",")) j = skipType(t, j + 1, t.count);
      }
      return isPunct(t, j, "{") ? after(t, j) : j;
    }
    case "enum":
      if (isIdent(t, k + 1) && isPunct(t, k + 2, "{")) return after(t, k + 2);
      break;
    case "const":
      if (isWord(t, k + 1, "enum") && isIdent(t, k + 2) && isPunct(t, k + 3, "{")) return after(t, k + 3);
      return expressionEnd(t, k);
    case "namespace":
    case "module": {
      if (!sameLine(k + 1) || !(isIdent(t, k + 1) || t.kind[k + 1] === Kind.String)) break;
      let j = k + 2;
      while (isPunct(t, j, ".") && isIdent(t, j + 1)) j += 2;
      if (isPunct(t, j, "{")) return after(t, j);
      return isPunct(t, j, ";") ? j + 1 : j; // `declare module "x";`
    }
    case "global":
      if (isPunct(t, k + 1, "{")) return after(t, k + 1);
      break;
    case "declare":
      if (isIdent(t, k + 1) && sameLine(k + 1)) return statementEnd(t, k + 1);
      break;
    case "export":
      return exportEnd(t, k);
    default:
      if (isPunct(t, k + 1, ":") && !KEYWORDS.has(w)) return statementEnd(t, k + 2); // a label
  }
  return expressionEnd(t, k);
}

const KEYWORDS = new Set([
  "this",
  "null",
  "true",
  "false",
  "super",
  "new",
  "typeof",
  "void",
  "delete",
  "await",
  "yield",
  "import",
  "export",
  "return",
  "throw",
  "case",
  "default",
]);

function exportEnd(t: Tokens, k: number): number {
  let j = k + 1;
  if (isWord(t, j, "default")) {
    const d = skipDecorators(t, j + 1);
    if (isWord(t, d, "function") || (isWord(t, d, "async") && isWord(t, d + 1, "function"))) return functionEnd(t, d);
    if (isWord(t, d, "class")) return skipClass(t, d).end;
    if (isWord(t, d, "abstract") && isWord(t, d + 1, "class")) return skipClass(t, d + 1).end;
    if (isWord(t, d, "interface")) return statementEnd(t, d);
    return expressionEnd(t, k);
  }
  if (isPunct(t, j, "@")) j = skipDecorators(t, j);
  if (t.kind[j] === Kind.Ident && DECLARATION_WORDS.has(t.text[j]!)) return statementEnd(t, j);
  return expressionEnd(t, k);
}

const DECLARATION_WORDS = new Set(["function", "async", "class", "abstract", "const", "let", "var", "enum", "namespace", "module", "interface", "declare"]);

/**
 * The top-level statements, in order, without the ones that have no runtime meaning: TypeScript
 * only (types, interfaces, `declare`, overload signatures, type-only imports and export lists),
 * empty statements and directives.
 */
export function sourceStatements(t: Tokens, typescript: boolean): SourceStatement[] {
  const out: SourceStatement[] = [];
  let directives = true;
  let k = 0;
  while (k < t.count) {
    if (t.parent[k] !== -1) throw new Error("autoreload: statement split inside a group");
    const end = Math.max(statementEnd(t, k), k + 1);
    const isDirective = directives && t.kind[k] === Kind.String && (end === k + 1 || (end === k + 2 && isPunct(t, k + 1, ";")));
    if (!isDirective) {
      directives = false;
      const s = describe(t, k, end, typescript);
      if (s !== undefined) out.push(s);
    }
    k = end;
  }
  return out;
}

/** Facts of the statement [first, end), or undefined when it has no runtime meaning. */
function describe(t: Tokens, first: number, end: number, typescript: boolean): SourceStatement | undefined {
  if (end === first + 1 && isPunct(t, first, ";")) return undefined;
  let k = first;
  let decorated = false;
  if (isPunct(t, k, "@")) {
    k = skipDecorators(t, k);
    decorated = k > first;
  }
  let exportTok = -1;
  let isDefault = false;
  if (isWord(t, k, "export")) {
    exportTok = k++;
    if (isWord(t, k, "default")) {
      isDefault = true;
      k++;
    }
  }
  const exportEnd = k;
  if (isPunct(t, k, "@")) {
    const d = skipDecorators(t, k);
    decorated ||= d > k;
    k = d;
  }
  if (typescript && tsOnly(t, k, end, exportTok >= 0, isDefault)) return undefined;
  const w = t.kind[k] === Kind.Ident ? t.text[k]! : "";
  const make = (kind: StatementKind, declares: readonly string[], pure: boolean, exported = exportTok >= 0): SourceStatement => ({
    first,
    end,
    kind,
    exportTok: exported ? exportTok : -1,
    exportEnd: exported ? exportEnd : -1,
    declares,
    pure,
  });
  const semi = isPunct(t, end - 1, ";") ? end - 1 : end;

  if (w === "function" || (w === "async" && isWord(t, k + 1, "function"))) {
    const f = skipFunction(t, k);
    return make("function", f.nameTok >= 0 ? [t.text[f.nameTok]!] : [], true);
  }
  if (w === "class" || (w === "abstract" && isWord(t, k + 1, "class"))) {
    const c = w === "class" ? k : k + 1;
    const cls = skipClass(t, c);
    return make("class", cls.nameTok >= 0 ? [t.text[cls.nameTok]!] : [], !decorated && classPure(t, cls.heritage, cls.bodyOpen));
  }
  if (isDefault) return make("other", [], false, false); // export default <expression>
  if (w === "import" && !isPunct(t, k + 1, "(") && !isPunct(t, k + 1, ".")) return make("import", importLocals(t, k + 1, semi), false);
  if (exportTok >= 0) {
    if (isPunct(t, k, "*")) return make("reexport", [], false, false);
    if (isPunct(t, k, "{")) return make(isWord(t, after(t, k), "from") ? "reexport" : "other", [], false, false);
    if (!DECLARATION_WORDS.has(w)) return make("other", [], false, false); // `export =`, …
  }
  if ((w === "const" && !isWord(t, k + 1, "enum")) || w === "let" || w === "var") {
    const decl = declarators(t, k + 1, semi);
    if (decl.classInit !== undefined) {
      const cls = skipClass(t, decl.classInit);
      return make("class", decl.names, classPure(t, cls.heritage, cls.bodyOpen));
    }
    return make(
      w,
      decl.names,
      decl.inits.every(([a, b]) => pureRange(t, a, b)),
    );
  }
  if (w === "enum" && isIdent(t, k + 1)) return make("other", [t.text[k + 1]!], false);
  if (w === "const" && isIdent(t, k + 2)) return make("other", [t.text[k + 2]!], false); // const enum
  if ((w === "namespace" || w === "module") && isIdent(t, k + 1) && !nl(t, k + 1)) return make("other", [t.text[k + 1]!], false);
  return make("other", [], false, false);
}

/** TypeScript-only statements: SWC removes them, they have no facts. `k` is after `export [default]`. */
function tsOnly(t: Tokens, k: number, end: number, exported: boolean, isDefault: boolean): boolean {
  const w = t.kind[k] === Kind.Ident ? t.text[k]! : "";
  const next = (j: number): boolean => j < end && !nl(t, j);
  switch (w) {
    case "declare":
      return isIdent(t, k + 1) && next(k + 1);
    case "interface":
      return isIdent(t, k + 1) && next(k + 1);
    case "type":
      return (isIdent(t, k + 1) && next(k + 1)) || (exported && !isDefault && (isPunct(t, k + 1, "{") || isPunct(t, k + 1, "*")));
    case "function":
    case "async":
      return (w === "function" || isWord(t, k + 1, "function")) && skipFunction(t, k).bodyOpen < 0;
    case "import": {
      if (isWord(t, k + 1, "type") && !(isWord(t, k + 2, "from") || isPunct(t, k + 2, ",") || isPunct(t, k + 2, "="))) return true;
      // `import { type A, type B } from "x"`: only types
      return isPunct(t, k + 1, "{") && typeOnlyList(t, k + 1);
    }
    case "as":
      return exported && isWord(t, k + 1, "namespace"); // `export as namespace X`
  }
  return exported && !isDefault && isPunct(t, k, "{") && typeOnlyList(t, k);
}

/** `{ type A, type B as C }`: a non-empty list of type-only specifiers. */
function typeOnlyList(t: Tokens, open: number): boolean {
  const parts = splitAt(t, open + 1, closeOf(t, open), ",").filter(([a, b]) => b > a);
  return parts.length > 0 && parts.every(([a, b]) => isWord(t, a, "type") && b > a + 1 && !(b === a + 3 && isWord(t, a + 1, "as")));
}

/** Local names of an import clause starting at `k` (after `import`). */
function importLocals(t: Tokens, k: number, end: number): string[] {
  const out: string[] = [];
  if (isIdent(t, k) && !isWord(t, k, "from")) {
    if (isPunct(t, k + 1, "=")) return [t.text[k]!]; // import x = require("y") / import x = N.y
    out.push(t.text[k]!);
    k++;
    if (isPunct(t, k, ",")) k++;
  }
  if (isPunct(t, k, "*") && isWord(t, k + 1, "as") && isIdent(t, k + 2)) out.push(t.text[k + 2]!);
  if (isPunct(t, k, "{") && k < end) {
    for (const [a, b] of splitAt(t, k + 1, closeOf(t, k), ",")) {
      if (b <= a) continue;
      if (isWord(t, a, "type") && b > a + 1 && !(b === a + 3 && isWord(t, a + 1, "as"))) continue; // a type-only specifier
      if (isIdent(t, b - 1)) out.push(t.text[b - 1]!);
    }
  }
  return out;
}

interface Declarators {
  readonly names: string[];
  /** Token ranges of the initializers. */
  readonly inits: Array<readonly [number, number]>;
  /** `const C = class {…}` (one declarator, a class expression as its whole initializer): its `class` token. */
  readonly classInit: number | undefined;
}

/** The declarators of `const/let/var` from `k` to `end` (before the `;`). */
function declarators(t: Tokens, k: number, end: number): Declarators {
  const names: string[] = [];
  const inits: Array<readonly [number, number]> = [];
  let j = k;
  let count = 0;
  let classInit: number | undefined;
  while (j < end) {
    const pattern = j;
    if (isIdent(t, j)) j++;
    else if (isPunct(t, j, "{") || isPunct(t, j, "[")) j = after(t, j);
    else break;
    names.push(...bindingNames(t, pattern, j));
    count++;
    if (isPunct(t, j, "!")) j++;
    if (isPunct(t, j, ":")) j = skipType(t, j + 1, end);
    if (isPunct(t, j, "=")) {
      const e = initializerEnd(t, j + 1, end);
      inits.push([j + 1, e]);
      if (count === 1 && isWord(t, j + 1, "class") && skipClass(t, j + 1).end === e) classInit = j + 1;
      j = e;
    }
    if (!isPunct(t, j, ",")) break;
    j++;
  }
  return { names, inits, classInit: count === 1 ? classInit : undefined };
}

/** Where a declarator's initializer ends: the next `,` at its level (not one inside type arguments). */
function initializerEnd(t: Tokens, k: number, end: number): number {
  let j = k;
  let operand = false; // the previous token ends an operand
  while (j < end) {
    if (t.kind[j] === Kind.Punct) {
      const p = t.text[j]!;
      if (p === ",") return j;
      if (p === "<" && t.match[j]! < 0) {
        const e = operand ? typeArguments(t, j, end) : skipAngles(t, j, end); // `f<A, B>(x)`, `<T, U>(x) => x`
        if (e > j) {
          j = e;
          operand = false;
          continue;
        }
      }
    } else if (t.kind[j] === Kind.Ident && !afterDot(t, j)) {
      const w = t.text[j];
      if (w === "function" || (w === "async" && isWord(t, j + 1, "function"))) {
        j = skipFunction(t, j).end;
        operand = true;
        continue;
      }
      if (w === "class") {
        j = skipClass(t, j).end;
        operand = true;
        continue;
      }
    }
    if (isOpener(t, j)) {
      j = after(t, j);
      operand = true;
      continue;
    }
    operand = t.kind[j] !== Kind.Punct || CLOSERS.has(t.text[j]!);
    j++;
  }
  return end;
}
