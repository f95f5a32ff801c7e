/**
 * Whether evaluating an expression of the original source can run user code (`pure` in the
 * statement facts, abi/src/facts.ts): read from tokens, conservatively (anything not recognised
 * as pure is not).
 *
 * Pure: literals, templates without tags, identifiers, `this`, the operators of
 * `PURE_UNARY_OPERATORS` / `PURE_BINARY_OPERATORS`, `?:`, member access (`a.b`, `a[b]`, `a?.b`),
 * array and object literals (spread included) of pure parts, function and arrow expressions (not
 * their bodies or parameters: creating a closure runs nothing), pure class expressions, parentheses
 * and TypeScript's `as`/`satisfies`/`!`/`<T>x`. Not pure: calls (`f()`, `a?.()`, `f<T>()`), `new`,
 * assignments, `++`/`--`, `await`, `yield`, `delete`, `import()`, tagged templates, `in`,
 * `instanceof`, `super`, JSX (it compiles to calls).
 */
import { PURE_BINARY_OPERATORS, PURE_UNARY_OPERATORS } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { after, closeOf, isIdent, isOpener, isPunct, isWord } from "./token-walk.js";
import { arrowReturnType, skipAngles, skipClass, skipFunction, skipType } from "./source-types.js";
import { expressionEnd } from "./source-statements.js";
import { arrowExpressionEnd } from "./source-cells.js";

const IMPURE_WORDS = new Set(["new", "await", "yield", "delete", "super", "in", "instanceof"]);
const OTHER_PURE_PUNCTS = new Set(["?", ":", ".", "?.", "...", "!", "(", ")", "[", "]", "{", "}"]);
/** Words after which `(` is a parenthesised operand, not a call. */
const NOT_CALLEES = new Set(["typeof", "void", "return", "case", "else", "in", "of"]);

const afterDot = (t: Tokens, k: number): boolean => k > 0 && t.kind[k - 1] === Kind.Punct && (t.text[k - 1] === "." || t.text[k - 1] === "?.");

/** Whether token `k` ends an operand (so `(` or a template after it is a call or a tag). */
function endsOperand(t: Tokens, k: number): boolean {
  if (k < 0) return false;
  const kind = t.kind[k];
  if (kind === Kind.Ident) return !NOT_CALLEES.has(t.text[k]!) || afterDot(t, k);
  if (kind === Kind.Punct) {
    const p = t.text[k]!;
    return p === ")" || p === "]" || p === "}" || p === ">" || p === "?." || (p === "!" && endsOperand(t, k - 1));
  }
  if (kind === Kind.Template) return t.src.charCodeAt(t.end[k]! - 1) === 96; // a template's last chunk
  return kind === Kind.String || kind === Kind.Number || kind === Kind.Regex || kind === Kind.Private;
}

/** Whether the expression in tokens [a, b) is pure. */
export function pureRange(t: Tokens, a: number, b: number): boolean {
  let k = a;
  while (k < b) {
    const kind = t.kind[k];
    if (kind === Kind.Ident) {
      const w = t.text[k]!;
      if (afterDot(t, k)) {
        k++;
        continue;
      }
      if (w === "function" || (w === "async" && isWord(t, k + 1, "function"))) {
        k = skipFunction(t, k).end;
        continue;
      }
      if (w === "class") {
        const c = skipClass(t, k);
        if (!classPure(t, c.heritage, c.bodyOpen)) return false;
        k = c.end;
        continue;
      }
      if (w === "async" && arrowAt(t, k + 1, b) >= 0) {
        k = arrowAt(t, k + 1, b);
        continue;
      }
      if (isPunct(t, k + 1, "=>")) {
        k = arrowBodyEnd(t, k + 2, b);
        continue;
      }
      if (IMPURE_WORDS.has(w)) return false;
      if (w === "import" && !isPunct(t, k + 1, ".")) return false;
      if ((w === "as" || w === "satisfies") && endsOperand(t, k - 1)) {
        k = skipType(t, k + 1, b);
        continue;
      }
      k++;
      continue;
    }
    if (kind === Kind.Punct) {
      const p = t.text[k]!;
      if (p === "(") {
        if (endsOperand(t, k - 1)) return false; // a call
        const arrow = arrowAt(t, k, b);
        if (arrow >= 0) {
          k = arrow;
          continue;
        }
        k++;
        continue;
      }
      if (p === "<" && isOpener(t, k)) return false; // JSX
      if (p === "<" && !endsOperand(t, k - 1)) {
        // `<T>(x) => …` (generic arrow) or `<T>x` (a cast)
        const e = skipAngles(t, k, b);
        const arrow = arrowAt(t, e, b);
        k = arrow >= 0 ? arrow : e;
        continue;
      }
      if (p === "{") {
        if (!pureObject(t, k)) return false;
        k = after(t, k);
        continue;
      }
      if (PURE_BINARY_OPERATORS.has(p) || PURE_UNARY_OPERATORS.has(p) || OTHER_PURE_PUNCTS.has(p)) {
        k++;
        continue;
      }
      return false;
    }
    if (kind === Kind.Template) {
      if (t.src.charCodeAt(t.start[k]!) === 96 && endsOperand(t, k - 1)) return false; // a tagged template
      k++;
      continue;
    }
    if (kind === Kind.JsxText) return false;
    k++;
  }
  return true;
}

/**
 * An arrow function at `k` (its parameters `(…)` or `x`, after any `async` and type parameters):
 * the index after its body, or -1 when `k` does not start one.
 */
function arrowAt(t: Tokens, k: number, b: number): number {
  let j: number;
  if (isPunct(t, k, "(")) j = after(t, k);
  else if (isIdent(t, k)) j = k + 1;
  else return -1;
  if (isPunct(t, j, ":")) j = arrowReturnType(t, j + 1, b); // return type
  if (!isPunct(t, j, "=>")) return -1;
  return arrowBodyEnd(t, j + 1, b);
}

function arrowBodyEnd(t: Tokens, k: number, b: number): number {
  if (isPunct(t, k, "{")) return after(t, k);
  return Math.min(arrowExpressionEnd(t, k), b);
}

/** An object literal `{…}` at `open`: every member pure (methods, getters and setters are). */
function pureObject(t: Tokens, open: number): boolean {
  const close = closeOf(t, open);
  let k = open + 1;
  while (k < close) {
    if (isPunct(t, k, ",")) {
      k++;
      continue;
    }
    // member: `...x`, `key: value`, `key`, `[key]: value`, `[async] [*] [get|set] key(…) {…}`
    if (isPunct(t, k, "...")) {
      const e = memberEnd(t, k + 1, close);
      if (!pureRange(t, k + 1, e)) return false;
      k = e;
      continue;
    }
    let j = k;
    while (
      (isWord(t, j, "async") || isWord(t, j, "get") || isWord(t, j, "set") || isPunct(t, j, "*")) &&
      !isPunct(t, j + 1, "(") &&
      !isPunct(t, j + 1, ":") &&
      !isPunct(t, j + 1, ",") &&
      j + 1 < close
    )
      j++;
    let keyEnd: number;
    if (isPunct(t, j, "[")) {
      if (!pureRange(t, j + 1, closeOf(t, j))) return false; // a computed key is evaluated
      keyEnd = after(t, j);
    } else {
      keyEnd = j + 1;
    }
    if (isPunct(t, keyEnd, "(") || isPunct(t, keyEnd, "<")) {
      // a method: creating it runs nothing
      let m = keyEnd;
      if (isPunct(t, m, "<")) m = skipAngles(t, m, close);
      m = after(t, m);
      if (isPunct(t, m, ":")) m = skipType(t, m + 1, close);
      if (!isPunct(t, m, "{")) return false;
      k = after(t, m);
      continue;
    }
    if (isPunct(t, keyEnd, ":")) {
      const e = memberEnd(t, keyEnd + 1, close);
      if (!pureRange(t, keyEnd + 1, e)) return false;
      k = e;
      continue;
    }
    if (isPunct(t, keyEnd, ",") || keyEnd === close) {
      k = keyEnd;
      continue;
    } // shorthand
    return false;
  }
  return true;
}

/** The next `,` at the level of `k` (or `close`). */
function memberEnd(t: Tokens, k: number, close: number): number {
  while (k < close && !isPunct(t, k, ",")) k = isOpener(t, k) ? after(t, k) : k + 1;
  return k;
}

/**
 * A class (its heritage and body) is pure without decorators, static blocks, and with pure
 * static field initializers and computed keys (instance fields run only on `new`).
 */
export function classPure(t: Tokens, heritage: readonly [number, number], bodyOpen: number): boolean {
  if (bodyOpen < 0) return false;
  if (heritage[1] > heritage[0] && !pureRange(t, heritage[0], heritage[1])) return false;
  const close = closeOf(t, bodyOpen);
  let k = bodyOpen + 1;
  while (k < close) {
    if (isPunct(t, k, ";")) {
      k++;
      continue;
    }
    if (isPunct(t, k, "@")) return false; // a decorator
    let isStatic = false;
    for (;;) {
      if (t.kind[k] === Kind.Ident && MODIFIERS.has(t.text[k]!) && !endsKey(t, k + 1)) {
        if (t.text[k] === "static") isStatic = true;
        k++;
        continue;
      }
      if (isPunct(t, k, "*")) {
        k++;
        continue;
      }
      break;
    }
    if (isStatic && isPunct(t, k, "{")) return false; // a static block
    if (isPunct(t, k, "[")) {
      if (!pureRange(t, k + 1, closeOf(t, k))) return false;
      k = after(t, k);
    } else {
      k++;
    }
    if (isPunct(t, k, "?") || isPunct(t, k, "!")) k++;
    if (isPunct(t, k, "<")) k = skipAngles(t, k, close);
    if (isPunct(t, k, "(")) {
      // a method (or a signature)
      k = after(t, k);
      if (isPunct(t, k, ":")) k = skipType(t, k + 1, close);
      if (isPunct(t, k, "{")) k = after(t, k);
      continue;
    }
    if (isPunct(t, k, ":")) k = skipType(t, k + 1, close);
    if (isPunct(t, k, "=")) {
      const e = Math.min(expressionEnd(t, k + 1), close);
      if (isStatic && !pureRange(t, k + 1, isPunct(t, e - 1, ";") ? e - 1 : e)) return false;
      k = e;
      continue;
    }
    if (k < close && !isPunct(t, k, ";") && !t.lineStart[k] && !isPunct(t, k, "}")) return false; // not understood
  }
  return true;
}

const MODIFIERS = new Set(["static", "public", "private", "protected", "readonly", "abstract", "override", "declare", "accessor", "async", "get", "set"]);

/** Whether the token at `k` ends a member key (so the word before it is the key, not a modifier). */
function endsKey(t: Tokens, k: number): boolean {
  if (t.lineStart[k]) return true;
  if (t.kind[k] !== Kind.Punct) return false;
  const p = t.text[k]!;
  return p === "(" || p === "=" || p === ";" || p === ":" || p === "?" || p === "!" || p === "<" || p === "}";
}
