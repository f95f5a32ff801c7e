/**
 * Reads the members of a class body: the constructor, instance fields with initializers (they
 * get the field guard), and the static initializers and static blocks (where the class's own
 * name is still in its TDZ). Methods are skipped: the runtime copies them onto the stable class.
 */
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, findPunct, isIdent, isPunct, isWord } from "./token-walk.js";

export interface FieldInit {
  /** Token of the key (first token of `[…]` for computed keys). */
  readonly keyTok: number;
  /** Initializer tokens [initStart, initEnd). */
  readonly initStart: number;
  readonly initEnd: number;
}

export interface ClassMembers {
  /** `{` of the constructor's body, or -1. */
  readonly constructorBody: number;
  readonly instanceFields: readonly FieldInit[];
  /** Token ranges [from, to) evaluated with the class binding in its TDZ. */
  readonly staticRanges: ReadonlyArray<readonly [number, number]>;
}

const MODIFIERS = new Set(["static", "async", "get", "set", "accessor"]);
const KEY_ENDERS = new Set(["(", "=", ";", "}"]);

export function readClassMembers(t: Tokens, bodyOpen: number, bodyClose: number): ClassMembers {
  let constructorBody = -1;
  const instanceFields: FieldInit[] = [];
  const staticRanges: Array<[number, number]> = [];
  let k = bodyOpen + 1;
  while (k < bodyClose) {
    if (isPunct(t, k, ";")) {
      k++;
      continue;
    }
    let isStatic = false;
    for (;;) {
      if (t.kind[k] === Kind.Ident && MODIFIERS.has(t.text[k]!) && !(t.kind[k + 1] === Kind.Punct && KEY_ENDERS.has(t.text[k + 1]!))) {
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
    if (isStatic && isPunct(t, k, "{")) {
      // static block
      const close = closeOf(t, k);
      staticRanges.push([k + 1, close]);
      k = close + 1;
      continue;
    }
    const keyTok = k;
    const keyEnd = isPunct(t, k, "[") ? closeOf(t, k) + 1 : k + 1;
    if (isPunct(t, keyEnd, "(")) {
      // method
      const body = closeOf(t, keyEnd) + 1;
      if (!isPunct(t, body, "{")) return { constructorBody, instanceFields, staticRanges }; // not understood
      if (
        !isStatic &&
        keyEnd === keyTok + 1 &&
        (isWord(t, keyTok, "constructor") || (t.src.slice(t.start[keyTok], t.end[keyTok]).slice(1, -1) === "constructor" && t.kind[keyTok] === Kind.String))
      ) {
        constructorBody = body;
      }
      k = closeOf(t, body) + 1;
      continue;
    }
    if (isPunct(t, keyEnd, "=")) {
      let semi = findPunct(t, keyEnd + 1, bodyClose, ";");
      if (semi < 0) semi = bodyClose;
      if (isStatic) staticRanges.push([keyEnd + 1, semi]);
      else instanceFields.push({ keyTok, initStart: keyEnd + 1, initEnd: semi });
      k = semi + 1;
      continue;
    }
    // field without initializer (`x;`) or something not understood: move to the next `;`
    const semi = findPunct(t, keyEnd, bodyClose, ";");
    k = semi < 0 ? bodyClose : semi + 1;
  }
  return { constructorBody, instanceFields, staticRanges };
}

/**
 * Whether the class's constructor may return a primitive (see `mayReturnPrimitive`): a reload
 * generation keeps such a class a base class (over the allocator it would be derived, and throw).
 * Asked only when compiling a reload generation.
 */
export function constructorMayReturnPrimitive(t: Tokens, members: ClassMembers): boolean {
  return members.constructorBody >= 0 && mayReturnPrimitive(t, members.constructorBody);
}

/** Words before `(…) {` that make the block a statement's, not a function body. */
const CONTROL = new Set(["if", "for", "while", "switch", "catch", "with"]);

/**
 * Whether the function body opened at `open` has a `return` of its own (not in a nested function)
 * whose value is not certainly an object: `{…}`, `[…]`, `this`, `new X.Y(…)` are (the forms
 * babel-plugin-autoreload accepts). A base class ignores `return 1`; a derived one throws.
 * Reads SWC's printing (every `return` ends with `;`); anything else counts as a primitive.
 */
function mayReturnPrimitive(t: Tokens, open: number): boolean {
  const close = closeOf(t, open);
  for (let k = open + 1; k < close; k++) {
    if (isWord(t, k, "return") && !isPunct(t, k - 1, ".")) {
      if (!returnsObjectOrNothing(t, k + 1)) return true;
    } else if (isPunct(t, k, "{") && isFunctionBody(t, k)) {
      k = closeOf(t, k);
    }
  }
  return false;
}

/** `{` at `k` opens a function's body: after `=>`, or after `(…)` that no control word precedes. */
function isFunctionBody(t: Tokens, k: number): boolean {
  if (isPunct(t, k - 1, "=>")) return true;
  if (!isPunct(t, k - 1, ")")) return false;
  const paren = t.match[k - 1]!;
  return paren > 0 && !(t.kind[paren - 1] === Kind.Ident && CONTROL.has(t.text[paren - 1]!));
}

/** The `return` value starting at `k`: none, or certainly an object. */
function returnsObjectOrNothing(t: Tokens, k: number): boolean {
  const ends = (j: number): boolean => isPunct(t, j, ";") || isPunct(t, j, "}");
  if (ends(k)) return true;
  if (isPunct(t, k, "{") || isPunct(t, k, "[")) return ends(closeOf(t, k) + 1);
  if (isWord(t, k, "this")) return ends(k + 1);
  if (isWord(t, k, "new") && isIdent(t, k + 1)) {
    let j = k + 2;
    while (isPunct(t, j, ".") && isIdent(t, j + 1)) j += 2;
    if (isPunct(t, j, "(")) j = closeOf(t, j) + 1;
    return ends(j);
  }
  return false;
}
