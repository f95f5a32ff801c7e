/**
 * Reads the members of a class body: the constructor, instance fields with initializers (they
 * get the field guard), and the static initializers and static blocks (where the class's own
 * name is still in its TDZ). Methods are skipped: the runtime copies them onto the stable class.
 */
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, findPunct, isPunct, isWord } from "./token-walk.js";

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
    if (isPunct(t, k, ";")) { k++; continue; }
    let isStatic = false;
    for (;;) {
      if (t.kind[k] === Kind.Ident && MODIFIERS.has(t.text[k]!) && !(t.kind[k + 1] === Kind.Punct && KEY_ENDERS.has(t.text[k + 1]!))) {
        if (t.text[k] === "static") isStatic = true;
        k++;
        continue;
      }
      if (isPunct(t, k, "*")) { k++; continue; }
      break;
    }
    if (isStatic && isPunct(t, k, "{")) { // static block
      const close = closeOf(t, k);
      staticRanges.push([k + 1, close]);
      k = close + 1;
      continue;
    }
    const keyTok = k;
    const keyEnd = isPunct(t, k, "[") ? closeOf(t, k) + 1 : k + 1;
    if (isPunct(t, keyEnd, "(")) { // method
      const body = closeOf(t, keyEnd) + 1;
      if (!isPunct(t, body, "{")) return { constructorBody, instanceFields, staticRanges }; // not understood
      if (!isStatic && keyEnd === keyTok + 1 && (isWord(t, keyTok, "constructor") || t.src.slice(t.start[keyTok], t.end[keyTok]).slice(1, -1) === "constructor" && t.kind[keyTok] === Kind.String)) {
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
