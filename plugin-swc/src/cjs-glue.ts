/**
 * Reads what SWC's CommonJS transform wrote around the user's statements, for the direct route
 * (one SWC pass with `module.type: "commonjs"`, then the instrumentation on its output):
 *
 *   "use strict";
 *   Object.defineProperty(exports, "__esModule", { value: true });
 *   Object.defineProperty(exports, "f", { enumerable: true, get: function() { return f; } });   // one export
 *   function _export(target, all) { … }                                                      // or several:
 *   _export(exports, { get f () { return f; }, get default () { return _default; } });
 *   const _dep = require("./dep");                     // imports, in order
 *   const _b = /*#__PURE__*\/ _interop_require_default(require("./b"));
 *   require("./side");
 *   _export_star(require("./star"), exports);
 *   function _interop_require_default(obj) { … }       // helpers
 *   …the user's statements…
 *
 * That leading run is the "glue". Two passes would have put the prologue right after it (SWC
 * hoists the imports, and the prologue is the first statement that is not an import), so the
 * direct route puts it there too. The getters tell which locals are exported (ESM live bindings)
 * and which local SWC made for `export default …` (`_default`).
 *
 * Anything that looks like glue after the user's first statement, or an import local the original
 * text mentions (SWC renames the user's binding then: `_dep` → `_dep1`, and its key would change),
 * means the output is not what this reader knows: the caller then takes the two passes
 * (`TwoPassNeeded`). The caller has checked that the original mentions no `require` (so every
 * `require("…")` here is SWC's) and none of SWC's helper names (`_export`, `_interop_require_…`).
 */
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, isIdent, isPunct, isWord, splitAt, stringValue } from "./token-walk.js";
import { matchFunction } from "./shapes.js";

/** The direct route cannot reproduce what two passes would emit: take the two passes. */
export class TwoPassNeeded extends Error {}

export interface Glue {
  /** Index (into the statement starts) of the first statement after the glue. */
  readonly end: number;
  /**
   * Index of the first glue statement after the exports' (a require or a helper), or -1: where two
   * passes would have required `autoreload/install` (the first import of the instrumented module).
   */
  readonly firstImport: number;
  /** Exported name → the local its getter returns (exports of imports, `_dep.x`, are left out). */
  readonly exports: ReadonlyMap<string, string>;
  /** Names the glue declares (the import locals and SWC's helpers). */
  readonly declared: readonly string[];
}

type GlueKind = "export" | "helper" | "require" | undefined;

interface Statement {
  readonly kind: GlueKind;
  readonly declares: string | undefined;
}

/**
 * `generated(name)`: the name is SWC's, not the user's (starts with `_`, not in the original).
 * Throws `TwoPassNeeded` when a glue statement follows a user statement, or an import local's
 * name is in the original.
 */
export function readGlue(t: Tokens, starts: readonly number[], from: number, generated: (name: string) => boolean, original: string): Glue {
  const exports = new Map<string, string>();
  const declared: string[] = [];
  let lastExport = from - 1;
  let n = from;
  for (; n < starts.length; n++) {
    const s = starts[n]!;
    const e = n + 1 < starts.length ? starts[n + 1]! : t.count;
    const st = glueStatement(t, s, e, generated, exports, true);
    if (st.kind === undefined) break;
    if (st.kind === "export") lastExport = n;
    if (st.declares !== undefined) declared.push(st.declares);
  }
  for (let m = n; m < starts.length; m++) {
    const s = starts[m]!;
    if (!mayBeGlue(t, s, generated)) continue;
    const e = m + 1 < starts.length ? starts[m + 1]! : t.count;
    const st = glueStatement(t, s, e, generated, exports, false);
    // SWC's helpers may follow the user's code (hoisted, harmless); nothing else may
    if (st.kind === "helper") {
      declared.push(st.declares!);
      continue;
    }
    if (st.kind !== undefined) throw new TwoPassNeeded("module glue after the first statement");
  }
  for (const name of declared) if (original.includes(name)) throw new TwoPassNeeded(`the source mentions ${name}`);
  return { end: n, firstImport: lastExport + 1 < n ? lastExport + 1 : -1, exports, declared };
}

function mayBeGlue(t: Tokens, s: number, generated: (name: string) => boolean): boolean {
  if (t.kind[s] !== Kind.Ident) return false;
  const w = t.text[s]!;
  if (w === "Object" || w === "require" || w === "function") return true;
  if (w === "const" || w === "let" || w === "var") return isIdent(t, s + 1) && t.text[s + 1]!.startsWith("_");
  return generated(w);
}

const NONE: Statement = { kind: undefined, declares: undefined };

/** What statement [s, e) is; `record`: add the exports it defines to `exports`. */
function glueStatement(t: Tokens, s: number, e: number, generated: (name: string) => boolean, exports: Map<string, string>, record: boolean): Statement {
  if (t.kind[s] !== Kind.Ident) return NONE;
  const w = t.text[s]!;
  const semi = e - 1;
  if (!isPunct(t, semi, ";")) {
    // a helper declaration has no `;` (SWC's `function _default() {}` of `export default function () {}` is not one)
    if (w === "function" && isIdent(t, s + 1) && generated(t.text[s + 1]!) && !isExportedLocal(exports, t.text[s + 1]!) && matchFunction(t, s, e))
      return { kind: "helper", declares: t.text[s + 1]! };
    return NONE;
  }
  // Object.defineProperty(exports, "name", { …, get: function() { return local; } });
  if (w === "Object" && isPunct(t, s + 1, ".") && isWord(t, s + 2, "defineProperty") && isPunct(t, s + 3, "(") && closeOf(t, s + 3) === semi - 1) {
    if (
      !isWord(t, s + 4, "exports") ||
      !isPunct(t, s + 5, ",") ||
      t.kind[s + 6] !== Kind.String ||
      !isPunct(t, s + 7, ",") ||
      !isPunct(t, s + 8, "{") ||
      closeOf(t, s + 8) !== semi - 2
    )
      return NONE;
    const name = stringValue(t, s + 6);
    if (name === "__esModule") return { kind: "export", declares: undefined };
    for (const [a, b] of splitAt(t, s + 9, semi - 2, ",")) {
      if (isWord(t, a, "get") && isPunct(t, a + 1, ":") && isWord(t, a + 2, "function") && isPunct(t, a + 3, "(") && isPunct(t, a + 4, ")")) {
        if (record) getterResult(t, a + 5, b, name, exports);
      }
    }
    return { kind: "export", declares: undefined };
  }
  // require("x");
  if (w === "require" && isPunct(t, s + 1, "(") && t.kind[s + 2] === Kind.String && isPunct(t, s + 3, ")") && s + 4 === semi)
    return { kind: "require", declares: undefined };
  // const _x = … require("x") …;
  if ((w === "const" || w === "let" || w === "var") && isIdent(t, s + 1) && t.text[s + 1]!.startsWith("_") && isPunct(t, s + 2, "=")) {
    for (let k = s + 3; k < semi; k++) {
      if (isWord(t, k, "require") && isPunct(t, k + 1, "(") && t.kind[k + 2] === Kind.String && isPunct(t, k + 3, ")"))
        return { kind: "require", declares: t.text[s + 1]! };
      if (isPunct(t, k, ",") && t.parent[k] === -1) return NONE; // several declarators: not SWC's
    }
    return NONE;
  }
  if (!generated(w) || !isPunct(t, s + 1, "(") || closeOf(t, s + 1) !== semi - 1) return NONE;
  // _export(exports, { get name () { return local; }, … });
  if (isWord(t, s + 2, "exports") && isPunct(t, s + 3, ",") && isPunct(t, s + 4, "{") && closeOf(t, s + 4) === semi - 2) {
    for (const [a, b] of splitAt(t, s + 5, semi - 2, ",")) {
      if (isWord(t, a, "get") && (isIdent(t, a + 1) || t.kind[a + 1] === Kind.String) && isPunct(t, a + 2, "(") && isPunct(t, a + 3, ")")) {
        if (record) getterResult(t, a + 4, b, t.kind[a + 1] === Kind.String ? stringValue(t, a + 1) : t.text[a + 1]!, exports);
      } else if (
        (isIdent(t, a) || t.kind[a] === Kind.String) &&
        isPunct(t, a + 1, ":") &&
        isWord(t, a + 2, "function") &&
        isPunct(t, a + 3, "(") &&
        isPunct(t, a + 4, ")")
      ) {
        if (record) getterResult(t, a + 5, b, t.kind[a] === Kind.String ? stringValue(t, a) : t.text[a]!, exports);
      } else {
        return NONE;
      }
    }
    return { kind: "export", declares: undefined };
  }
  // _export_star(require("x"), exports);
  if (
    isWord(t, s + 2, "require") &&
    isPunct(t, s + 3, "(") &&
    t.kind[s + 4] === Kind.String &&
    isPunct(t, s + 5, ")") &&
    isPunct(t, s + 6, ",") &&
    isWord(t, s + 7, "exports") &&
    s + 8 === semi - 1
  ) {
    return { kind: "require", declares: undefined };
  }
  return NONE;
}

function isExportedLocal(exports: ReadonlyMap<string, string>, name: string): boolean {
  for (const local of exports.values()) if (local === name) return true;
  return false;
}

/** `{ return local; }` at [open, end): records `name → local` when the getter returns a plain identifier. */
function getterResult(t: Tokens, open: number, end: number, name: string, exports: Map<string, string>): void {
  if (!isPunct(t, open, "{") || closeOf(t, open) !== end - 1) return;
  if (isWord(t, open + 1, "return") && isIdent(t, open + 2) && isPunct(t, open + 3, ";") && open + 4 === end - 1) exports.set(name, t.text[open + 2]!);
}
