/**
 * One pass over every token of the module: which names the module assigns to (a function or a
 * class that is reassigned is not a cell), where it uses the hot API, whether it uses
 * `import.meta`, and whether it was instrumented already.
 *
 * Assignments are read from tokens, without scopes: `f = …`, `f += …`, `f++`, `[f] = …`,
 * `({ a: f } = …)`, `for (f of …)`. Declarations (`let f = …`), default parameters
 * (`(f = 1) => …`), destructuring defaults (`{ f = 1 }`) and class fields (`f = 1;`) are not
 * assignments. An assignment to a local variable that shadows a top-level name counts too
 * (Babel's scope analysis would not count it): that function is then left as written.
 */
import { ID_PREFIX, MODULE_NAME, TOKEN_NAME } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { isPunct, isWord } from "./token-walk.js";

export interface NameScan {
  /** Names assigned anywhere, except `C = _ts_decorate(…)` (legacy decorators, see `decorated`). */
  readonly assigned: ReadonlySet<string>;
  /**
   * A superset of `assigned` (and of `decorated`): every name an assignment operator follows, but
   * for declarations — pattern and parameter defaults and class fields count too. A `let` whose
   * names are not in it is never assigned (emitted as `const` with option `patch`).
   */
  readonly maybeAssigned: ReadonlySet<string>;
  /** Names only assigned by `C = _ts_decorate([…], C)` (SWC's legacy decorator output). */
  readonly decorated: ReadonlySet<string>;
  /** Token ranges [first, last] of `import.meta.hot`. */
  readonly importMetaHot: ReadonlyArray<readonly [number, number]>;
  /** Token ranges [first, last] of `module.hot`. */
  readonly moduleHot: ReadonlyArray<readonly [number, number]>;
  readonly usesImportMeta: boolean;
  /** The module mentions `eval` or `with` (not as a property): code may assign its bindings unseen. */
  readonly evalOrWith: boolean;
  /** A function whose name starts with `_ar$G` is declared: instrumented already. */
  readonly instrumented: boolean;
  /** The file binds `undefined` (`var undefined`, a parameter): emitted code uses `void 0`. */
  readonly undefinedBound: boolean;
  /** Every identifier starting with `_ar$` (to pick unused generated names). */
  readonly reserved: ReadonlySet<string>;
}

const ASSIGN_OPS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??="]);
const DECL = new Set(["let", "const", "var"]);
const CONTROL = new Set(["if", "for", "while", "switch", "catch", "with"]);
const FIELD_PREV = new Set([";", "{", "}", "static", "accessor"]);

export function scanNames(t: Tokens): NameScan {
  const assigned = new Set<string>();
  const maybeAssigned = new Set<string>();
  const decorated = new Set<string>();
  const reserved = new Set<string>();
  const importMetaHot: Array<[number, number]> = [];
  const moduleHot: Array<[number, number]> = [];
  let usesImportMeta = false;
  let evalOrWith = false;
  let instrumented = false;
  let undefinedBound = false;
  const { count, kind, text } = t;

  for (let k = 0; k < count; k++) {
    if (kind[k] !== Kind.Ident) continue;
    const w = text[k]!;
    const prev = k > 0 ? text[k - 1]! : "";
    if (prev === "." || prev === "?.") continue;
    if (w.startsWith(ID_PREFIX)) {
      reserved.add(w);
      if (w.startsWith(TOKEN_NAME) && prev === "function") instrumented = true;
      if (w === TOKEN_NAME || w === MODULE_NAME || w.startsWith(TOKEN_NAME + "_") || w.startsWith(MODULE_NAME + "_")) instrumented = true;
    }
    if (w === "undefined" && isBinding(t, k)) undefinedBound = true;
    if (w === "eval" || w === "with") evalOrWith = true;
    if (w === "import" && isPunct(t, k + 1, ".") && isWord(t, k + 2, "meta")) {
      usesImportMeta = true;
      if (isPunct(t, k + 3, ".") && isWord(t, k + 4, "hot")) importMetaHot.push([k, k + 4]);
      continue;
    }
    if (w === "module" && isPunct(t, k + 1, ".") && isWord(t, k + 2, "hot")) moduleHot.push([k, k + 2]);
    const next = k + 1 < count && kind[k + 1] === Kind.Punct ? text[k + 1]! : "";
    if (next === "++" || next === "--" || (kind[k - 1] === Kind.Punct && (prev === "++" || prev === "--"))) {
      assigned.add(w);
      maybeAssigned.add(w);
      continue;
    }
    if (ASSIGN_OPS.has(next)) {
      if (isPlainAssignment(t, k)) {
        if (next === "=" && (isWord(t, k + 2, "_ts_decorate") || isWord(t, k + 2, "_decorate")) && isPunct(t, k + 3, "(")) decorated.add(w);
        else assigned.add(w);
      }
      if (!isDeclaration(t, k)) maybeAssigned.add(w);
      continue;
    }
    if (isPatternTarget(t, k) || isForTarget(t, k)) {
      assigned.add(w);
      maybeAssigned.add(w);
    }
  }
  for (const name of decorated) if (assigned.has(name)) decorated.delete(name);
  return { assigned, maybeAssigned, decorated, importMetaHot, moduleHot, usesImportMeta, evalOrWith, instrumented, reserved, undefinedBound };
}

/** `let x = …`, `const a = 1, x = …`: the name's own declaration, not an assignment. */
function isDeclaration(t: Tokens, k: number): boolean {
  const prev = k > 0 ? t.text[k - 1]! : "";
  if (DECL.has(prev) && t.kind[k - 1] === Kind.Ident) return true;
  return prev === "," && inDeclarationList(t, k);
}

/** `x = …` at token k (followed by an assignment operator): an assignment, not a binding? */
function isPlainAssignment(t: Tokens, k: number): boolean {
  const prev = k > 0 ? t.text[k - 1]! : "";
  if (DECL.has(prev) && t.kind[k - 1] === Kind.Ident) return false;
  const p = t.parent[k]!;
  if (p >= 0) {
    const open = t.text[p];
    if (open === "{" && isClassBody(t, p) && FIELD_PREV.has(prev)) return false; // class field
    if (open === "{" && (prev === "{" || prev === ",")) return false; // `{ f = 1 }` pattern default
    if (open === "(" && (prev === "(" || prev === ",") && isParamList(t, p)) return false;
  }
  if (prev === ",") return !inDeclarationList(t, k);
  return true;
}

/** Walks back over the siblings of k to the start of its list: `let a = 1, k = 2` or not. */
function inDeclarationList(t: Tokens, k: number): boolean {
  const p = t.parent[k]!;
  for (let j = k - 1; j >= 0 && j > p; j--) {
    const m = t.match[j]!;
    if (m >= 0 && m < j) {
      j = m;
      continue;
    } // jump over a closed group
    if (t.parent[j] !== p) continue;
    if (t.kind[j] === Kind.Punct && t.text[j] === ";") return false;
    if (t.kind[j] === Kind.Ident && DECL.has(t.text[j]!)) return true;
    if (t.lineStart[j] && t.kind[j] === Kind.Ident && j < k - 1 && p < 0) {
      // a new top-level statement started: not a declaration
      return false;
    }
  }
  return false;
}

function isClassBody(t: Tokens, open: number): boolean {
  // `class [Name] [extends X] {`: walk back from the `{` to the `class` keyword
  for (let j = open - 1, steps = 0; j >= 0 && steps < 64; j--, steps++) {
    const m = t.match[j]!;
    if (m >= 0 && m < j) {
      j = m;
      continue;
    }
    if (t.kind[j] === Kind.Ident && t.text[j] === "class") return true;
    if (
      t.kind[j] === Kind.Punct &&
      (t.text[j] === ";" || t.text[j] === "{" || t.text[j] === "}" || t.text[j] === "=" || t.text[j] === "(" || t.text[j] === ",")
    )
      return false;
  }
  return false;
}

/** `(` of a function's or arrow's parameter list (not a call, not `if (…)`). */
export function isParamList(t: Tokens, open: number): boolean {
  const close = t.match[open]!;
  if (isPunct(t, close + 1, "=>")) return true;
  if (!isPunct(t, close + 1, "{")) return false;
  const prev = open - 1;
  return !(t.kind[prev] === Kind.Ident && CONTROL.has(t.text[prev]!));
}

/** `[a, f] = …`, `({ a: f } = …)`, `[f] of …` outside declarations. */
function isPatternTarget(t: Tokens, k: number): boolean {
  let p = t.parent[k]!;
  if (p < 0) return false;
  const prev = t.text[k - 1]!;
  const next = t.text[k + 1] ?? "";
  const open = t.text[p];
  if (open === "[") {
    if (!(prev === "[" || prev === "," || prev === "...") || !(next === "," || next === "]")) return false;
  } else if (open === "{") {
    if (!(prev === "{" || prev === "," || prev === ":" || prev === "...") || !(next === "," || next === "}")) return false;
  } else {
    return false;
  }
  // climb to the outermost pattern bracket
  for (;;) {
    const up = t.parent[p]!;
    if (up < 0 || (t.text[up] !== "[" && t.text[up] !== "{") || t.kind[up] !== Kind.Punct) break;
    const before = t.text[p - 1];
    if (!(before === "[" || before === "," || before === ":" || before === "...")) break;
    p = up;
  }
  const closeTok = t.match[p]!;
  const afterClose = closeTok + 1;
  const isAssign = isPunct(t, afterClose, "=") || ((isWord(t, afterClose, "of") || isWord(t, afterClose, "in")) && isForHead(t, p));
  if (!isAssign) return false;
  const before = p - 1;
  if (before >= 0 && t.kind[before] === Kind.Ident && DECL.has(t.text[before]!)) return false;
  if (t.text[before] === "," && inDeclarationList(t, p)) return false;
  const pp = t.parent[p]!;
  if (pp >= 0 && t.text[pp] === "(" && isParamList(t, pp)) return false;
  return true;
}

function isForHead(t: Tokens, k: number): boolean {
  const p = t.parent[k]!;
  return p >= 0 && t.text[p] === "(" && (isWord(t, p - 1, "for") || (isWord(t, p - 1, "await") && isWord(t, p - 2, "for")));
}

/** `for (f of …)` / `for (f in …)` with no declaration. */
function isForTarget(t: Tokens, k: number): boolean {
  return isPunct(t, k - 1, "(") && (isWord(t, k + 1, "of") || isWord(t, k + 1, "in")) && isForHead(t, k);
}

/** `undefined` declared (`var undefined`, `function f(undefined)`), not merely read. */
function isBinding(t: Tokens, k: number): boolean {
  const prev = k > 0 ? t.text[k - 1]! : "";
  if (DECL.has(prev) || prev === "function" || prev === "class") return true;
  const p = t.parent[k]!;
  return p >= 0 && t.text[p] === "(" && (prev === "(" || prev === ",") && isParamList(t, p);
}
