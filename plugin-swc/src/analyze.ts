/**
 * The collect phase: walks the top-level statements of SWC's printed JavaScript once and decides
 * what to instrument (docs/abi.md). No edits happen here. Returns undefined when the file must be
 * left exactly as it is: it was instrumented already, or it has nothing to instrument.
 *
 * Statement boundaries come from SWC's printer: every top-level statement starts on a new line at
 * column 0, or after a top-level `;`. Continuation lines are indented or start with a closer.
 */
import { KEY_DEFAULT, KEY_EXPORTS_PREFIX, KEY_MODULE_EXPORTS } from "@autoreload/abi";
import { Kind, type Tokens } from "./tokenize.js";
import { closeOf, isIdent, isPunct, isWord, splitAt, isOpener, after, stringValue } from "./token-walk.js";
import { isAnonymous, matchClass, matchFunction, matchShape, type ClassShape } from "./shapes.js";
import { scanNames, type NameScan } from "./scan-names.js";
import { bindingNames } from "./patterns.js";
import type { Item, ModuleKind, Plan } from "./plan.js";
import { freeName } from "./emit-names.js";
import { ownsArguments, isShadowedByParam } from "./bindings.js";
import { readGlue, TwoPassNeeded } from "./cjs-glue.js";
import { inlineCells } from "./inline-cells.js";

export interface AnalyzeInput {
  /** Module kind decided by the caller, or undefined: decide from the syntax. */
  readonly moduleKind: ModuleKind | undefined;
  /** The text before SWC: a function `_x` that it does not mention is a helper SWC injected. */
  readonly original: string | undefined;
  /**
   * The code is SWC's CommonJS output of a file with ES module syntax (the direct route): the
   * prologue goes after SWC's glue, and exports are read from its getters (`cjs-glue.ts`).
   */
  readonly commonJsGlue?: boolean | undefined;
  /**
   * Find inline cells too (option `patch`): only a patch reload ever writes their slots, so
   * without it they would be checks that never forward.
   */
  readonly inlineCells?: boolean | undefined;
}

export function analyze(t: Tokens, input: AnalyzeInput): Plan | undefined {
  const names = scanNames(t);
  if (names.instrumented) return undefined;
  const starts = statementStarts(t);
  let { prologueAt, prologueNewline, firstBody } = findPrologueSpot(t, starts);
  const original = input.original;
  const injected = (name: string): boolean => original !== undefined && name.startsWith("_") && !original.includes(name);
  let installAt = -1;
  let exported: Set<string>;
  let defaultLocal: string | undefined;
  let glueLocals: ReadonlySet<string> = EMPTY;
  if (input.commonJsGlue) {
    const glue = readGlue(t, starts, firstBody, injected, original ?? "");
    if (glue.end > firstBody) {
      // where two passes would have put it: after the requires SWC hoisted
      prologueAt = t.end[(glue.end < starts.length ? starts[glue.end]! : t.count) - 1]!;
      prologueNewline = true;
      if (glue.firstImport >= 0) installAt = t.start[starts[glue.firstImport]!]!;
      firstBody = glue.end;
    }
    // SWC's local for `export default …` (`export { x as default }` names the user's x; an
    // anonymous decorated class is SWC's `_class` in both routes, a class named `_class`)
    defaultLocal = glue.exports.get(KEY_DEFAULT) === SWC_DEFAULT ? SWC_DEFAULT : undefined;
    exported = new Set(glue.exports.values());
    if (defaultLocal !== undefined) exported.delete(defaultLocal);
    glueLocals = new Set(glue.declared);
  } else {
    exported = exportedLocals(t, starts);
  }

  let esmSyntax = names.usesImportMeta;
  for (const s of starts) {
    if (isWord(t, s, "export") || (isWord(t, s, "import") && !isPunct(t, s + 1, "(") && !isPunct(t, s + 1, "."))) esmSyntax = true;
  }
  const moduleKind: ModuleKind = input.moduleKind ?? (esmSyntax ? "esm" : "commonjs");
  const defaultName = freeName("_ar$default", names.reserved);
  const items: Item[] = [];
  const freezeLets = input.inlineCells === true && !names.evalOrWith;
  const ctx: Ctx = {
    t,
    names,
    moduleKind,
    items,
    index: 0,
    exportedLocals: exported,
    injected,
    valueNames: new Set(),
    defaultValue: undefined,
    defaultLocal,
    glueLocals,
    commonJsGlue: input.commonJsGlue === true,
    original,
    exportClassNames: undefined,
    freezeLets,
  };

  for (let n = firstBody; n < starts.length; n++) {
    const s = starts[n]!;
    const e = n + 1 < starts.length ? starts[n + 1]! : t.count;
    statement(ctx, s, e);
  }
  if (input.inlineCells) {
    // functions the statements reach through expressions, other than the cells above
    const claimed = new Set<number>();
    for (const item of items) {
      if (item.type === "function-value") claimed.add(item.shape.start);
      else if (item.type === "class") claimed.add(item.shape.classTok);
    }
    for (let n = firstBody; n < starts.length; n++) {
      const s = starts[n]!;
      const e = n + 1 < starts.length ? starts[n + 1]! : t.count;
      for (const cell of inlineCells(t, s, e, claimed)) items.push({ ...cell, index: -1 });
    }
  }
  // `export default name;` is a live value only when `name` is a top-level `let/const/var` value
  // (not a cell, an import, a function or a class): known once every declaration was read.
  const dv = ctx.defaultValue;
  if (dv && (dv.identifier === undefined || ctx.valueNames.has(dv.identifier))) items.push(dv.item);
  // `module.hot` counts in ESM-syntax files too (compiled to CommonJS, as webpack users write them).
  const moduleHot = moduleKind === "script" ? [] : names.moduleHot.filter(([first]) => !isShadowedByParam(t, first, "module"));
  const hot = moduleKind === "esm" ? [...names.importMetaHot, ...moduleHot].sort((a, b) => a[0] - b[0]) : moduleHot;
  for (const [first, last] of hot) items.push({ type: "hot", first, last });
  const kept = dropDuplicateKeys(items);
  if (kept.every((item) => item.type === "freeze")) return undefined; // nothing that needs the prologue
  return {
    moduleKind,
    prologueAt,
    prologueNewline,
    installAt,
    commonJsOutput: input.commonJsGlue === true,
    items: kept,
    defaultName,
    reserved: names.reserved,
    undefinedBound: names.undefinedBound,
  };
}

const EMPTY: ReadonlySet<string> = new Set();
/** The local SWC's CommonJS transform makes for `export default …` (the direct route checks the original does not use it). */
const SWC_DEFAULT = "_default";

interface Ctx {
  readonly t: Tokens;
  readonly names: NameScan;
  readonly moduleKind: ModuleKind;
  readonly items: Item[];
  /** Local names exported by `export { a, b as c }` (no `from`). */
  readonly exportedLocals: ReadonlySet<string>;
  /** SWC's helpers (`_ts_decorate`, …) are not the user's functions: not instrumented. */
  readonly injected: (name: string) => boolean;
  /** Names declared by top-level `let/const/var` that are not cells. */
  readonly valueNames: Set<string>;
  /** `export default <expression>` of a value; `identifier` is checked against `valueNames` at the end. */
  defaultValue: { readonly item: Item; readonly identifier: string | undefined } | undefined;
  /** Direct route: the local SWC made for `export default …` (`_default`), or undefined. */
  readonly defaultLocal: string | undefined;
  /** Direct route: the import locals (`_dep` of `const _dep = require("./dep")`). */
  readonly glueLocals: ReadonlySet<string>;
  /** The code is SWC's CommonJS output of an ES module (the direct route). */
  readonly commonJsGlue: boolean;
  readonly original: string | undefined;
  /** Direct route: names of `export class C` in the original, read when first needed. */
  exportClassNames: ReadonlySet<string> | undefined;
  /** Emit never-assigned top-level `let`s as `const` (option `patch`, no `eval`/`with` in the module). */
  readonly freezeLets: boolean;
  index: number;
}

function exportedLocals(t: Tokens, starts: readonly number[]): Set<string> {
  const out = new Set<string>();
  for (const s of starts) {
    if (!isWord(t, s, "export") || !isPunct(t, s + 1, "{")) continue;
    const close = closeOf(t, s + 1);
    if (isWord(t, close + 1, "from")) continue;
    for (const [a] of splitAt(t, s + 2, close, ",")) if (isIdent(t, a)) out.add(t.text[a]!);
  }
  return out;
}

const STARTERS = new Set(["(", "[", "{", "!", "~", "+", "-", "++", "--", ";", "/", "@", "<"]);

function statementStarts(t: Tokens): number[] {
  const out: number[] = [];
  let afterSemi = false;
  for (let k = 0; k < t.count; k++) {
    if (t.parent[k] !== -1) continue;
    const kind = t.kind[k];
    let starts = afterSemi || k === 0;
    if (!starts && t.lineStart[k]) {
      if (kind === Kind.Punct) starts = STARTERS.has(t.text[k]!);
      else if (kind === Kind.Template) starts = t.src.charCodeAt(t.start[k]!) === 96;
      else starts = true;
    }
    if (starts) out.push(k);
    afterSemi = kind === Kind.Punct && t.text[k] === ";";
  }
  return out;
}

function findPrologueSpot(t: Tokens, starts: readonly number[]): { prologueAt: number; prologueNewline: boolean; firstBody: number } {
  let n = 0;
  let at = -1;
  while (n < starts.length) {
    const s = starts[n]!;
    if (t.kind[s] !== Kind.String || !isPunct(t, s + 1, ";")) break;
    at = t.end[s + 1]!;
    n++;
  }
  if (at >= 0) return { prologueAt: at, prologueNewline: true, firstBody: n };
  let pos = 0;
  if (t.src.startsWith("#!")) {
    const nl = t.src.indexOf("\n");
    pos = nl < 0 ? t.src.length : nl + 1;
    return { prologueAt: pos, prologueNewline: nl < 0, firstBody: 0 };
  }
  return { prologueAt: 0, prologueNewline: false, firstBody: 0 };
}

function nextIndex(ctx: Ctx): number {
  return ctx.index++;
}

function statement(ctx: Ctx, s: number, e: number): void {
  const { t } = ctx;
  let k = s;
  let exportTok = -1;
  let isDefault = false;
  if (isWord(t, k, "export")) {
    exportTok = k++;
    if (isWord(t, k, "default")) {
      isDefault = true;
      k++;
    }
  }
  const w = t.kind[k] === Kind.Ident ? t.text[k]! : "";
  if (w === "function" || (w === "async" && isWord(t, k + 1, "function"))) {
    functionDeclaration(ctx, k, e, exportTok, isDefault);
  } else if (w === "class") {
    classDeclaration(ctx, k, e, exportTok, isDefault);
  } else if ((w === "const" || w === "let" || w === "var") && !isDefault) {
    variableDeclaration(ctx, k, e, exportTok >= 0);
  } else if (isDefault) {
    defaultExpression(ctx, exportTok, k, e);
  } else if (exportTok < 0 && ctx.moduleKind === "commonjs") {
    commonJsAssignment(ctx, s, e);
  }
}

function endOf(t: Tokens, s: number, e: number): number {
  // a statement's own tokens: up to and including its `;` (comments are not tokens)
  return isPunct(t, e - 1, ";") ? e - 1 : e;
}

function functionDeclaration(ctx: Ctx, k: number, e: number, exportTok: number, isDefault: boolean): void {
  const { t } = ctx;
  const shape = matchFunction(t, k, endOf(t, k, e));
  if (!shape) return;
  if (shape.nameTok < 0) {
    if (!isDefault || ownsArguments(t, shape)) return;
    ctx.items.push({ type: "function-declaration", index: nextIndex(ctx), key: KEY_DEFAULT, shape, anonymousDefault: { exportTok, functionTok: k } });
    return;
  }
  const name = t.text[shape.nameTok]!;
  if (name === ctx.defaultLocal) {
    // direct route: SWC's `function _default() {}` for `export default function () {}`
    if (!ownsArguments(t, shape)) ctx.items.push({ type: "function-declaration", index: nextIndex(ctx), key: KEY_DEFAULT, shape, anonymousDefault: undefined });
    return;
  }
  if (ctx.names.assigned.has(name) || ctx.names.decorated.has(name) || ctx.injected(name) || ownsArguments(t, shape)) return;
  ctx.items.push({ type: "function-declaration", index: nextIndex(ctx), key: name, shape, anonymousDefault: undefined });
}

function classDeclaration(ctx: Ctx, k: number, e: number, exportTok: number, isDefault: boolean): void {
  const { t } = ctx;
  const shape = matchClass(t, k, endOf(t, k, e));
  if (!shape) return;
  if (shape.nameTok < 0) {
    if (!isDefault) return;
    ctx.items.push({
      type: "class",
      index: nextIndex(ctx),
      key: KEY_DEFAULT,
      shape,
      how: { form: "export-default", exportTok, anonymous: true },
      bindingName: undefined,
      innerName: undefined,
      wrapName: KEY_DEFAULT,
    });
    return;
  }
  const name = t.text[shape.nameTok]!;
  if (ctx.names.assigned.has(name)) return;
  if (name === ctx.defaultLocal) {
    // direct route: SWC's `class _default {}` for `export default class {}`
    ctx.items.push({
      type: "class",
      index: nextIndex(ctx),
      key: KEY_DEFAULT,
      shape,
      how: { form: "declaration", exportTok: -1 },
      bindingName: name,
      innerName: undefined,
      wrapName: KEY_DEFAULT,
    });
    return;
  }
  const how = isDefault ? { form: "export-default" as const, exportTok, anonymous: false } : { form: "declaration" as const, exportTok };
  ctx.items.push({ type: "class", index: nextIndex(ctx), key: name, shape, how, bindingName: name, innerName: undefined, wrapName: name });
}

function variableDeclaration(ctx: Ctx, kw: number, e: number, exported: boolean): void {
  const { t } = ctx;
  const end = endOf(t, kw, e);
  if (end === e) return; // no `;`: not understood
  if (
    ctx.commonJsGlue &&
    isWord(t, kw, "let") &&
    isIdent(t, kw + 1) &&
    isPunct(t, kw + 2, "=") &&
    isWord(t, kw + 3, "class") &&
    isWord(t, kw + 4, t.text[kw + 1]!)
  ) {
    if (letClass(ctx, kw, end)) return;
  }
  if (ctx.defaultLocal !== undefined && isWord(t, kw + 1, ctx.defaultLocal) && isPunct(t, kw + 2, "=")) {
    // direct route: SWC's `const _default = <expression>;` for `export default <expression>;`
    defaultInit(ctx, kw + 3, end, () => ({ type: "live", bindings: [{ local: ctx.defaultLocal!, key: KEY_DEFAULT }], constTok: kw, endTok: end }));
    return;
  }
  const isConst = isWord(t, kw, "const");
  const live: Array<{ local: string; key: string }> = [];
  let allConstant = true;
  for (const [a, b] of splitAt(t, kw + 1, end, ",")) {
    if (isIdent(t, a) && isPunct(t, a + 1, "=") && b > a + 2) {
      const name = t.text[a]!;
      const shape = matchShape(t, a + 2, b);
      if (shape && !ctx.names.assigned.has(name) && !(shape.kind === "function" && ownsArguments(t, shape))) {
        if (shape.kind === "class") {
          const inner = shape.nameTok >= 0 ? t.text[shape.nameTok]! : undefined;
          ctx.items.push({
            type: "class",
            index: nextIndex(ctx),
            key: name,
            shape,
            how: { form: "value", initStart: a + 2, initEnd: b, wrap: true },
            bindingName: name,
            innerName: inner !== name ? inner : undefined,
            wrapName: inner ?? name,
          });
        } else {
          ctx.items.push({
            type: "function-value",
            index: nextIndex(ctx),
            key: name,
            shape,
            initStart: a + 2,
            initEnd: b,
            wrapName: isAnonymous(shape) ? name : undefined,
          });
        }
        continue;
      }
    }
    const eq = findTopEquals(t, a, b);
    for (const name of bindingNames(t, a, eq < 0 ? b : eq)) {
      ctx.valueNames.add(name);
      const assigned = ctx.names.assigned.has(name);
      if (assigned) allConstant = false;
      // a `const` the module assigns to throws there, and so would its setter: left alone
      if ((exported || ctx.exportedLocals.has(name)) && !(isConst && assigned)) live.push({ local: name, key: name });
    }
  }
  if (live.length > 0 && ctx.moduleKind === "esm") {
    ctx.items.push({ type: "live", bindings: live, constTok: isConst && allConstant ? kw : -1, endTok: end });
  }
  if (ctx.freezeLets && !exported && isWord(t, kw, "let") && neverAssigned(ctx, kw + 1, end)) ctx.items.push({ type: "freeze", letTok: kw });
}

/** Every declarator of [from, end) has an initializer and binds names nothing assigns or exports (a live binding's setter would). */
function neverAssigned(ctx: Ctx, from: number, end: number): boolean {
  const { t } = ctx;
  for (const [a, b] of splitAt(t, from, end, ",")) {
    const eq = findTopEquals(t, a, b);
    if (eq < 0) return false;
    for (const name of bindingNames(t, a, eq)) if (ctx.names.maybeAssigned.has(name) || ctx.exportedLocals.has(name)) return false;
  }
  return true;
}

/**
 * `export default <expression>;` (SWC prints `export default (() => …);` with parentheses):
 * a function or class expression is a cell with key "default", wrapped in `{ default: … }.default`
 * when anonymous (NamedEvaluation names it "default"); any other value becomes a live binding.
 */
function defaultExpression(ctx: Ctx, exportTok: number, k: number, e: number): void {
  const { t } = ctx;
  const end = endOf(t, k, e);
  if (end === e || k >= end) return; // no `;`: not understood
  defaultInit(ctx, k, end, () => ({ type: "default-value", exportTok, defaultTok: k - 1, endTok: end }));
}

/** The expression [k, end) of `export default`; `valueItem` makes the item of a live value. */
function defaultInit(ctx: Ctx, k: number, end: number, valueItem: () => Item): void {
  const { t } = ctx;
  let a = k;
  let b = end;
  while (isPunct(t, a, "(") && closeOf(t, a) === b - 1) {
    a++;
    b--;
  }
  const shape = matchShape(t, a, b);
  if (shape) {
    const anonymous = isAnonymous(shape);
    if (shape.kind === "class") {
      const how = { form: "value" as const, initStart: a, initEnd: b, wrap: anonymous };
      ctx.items.push({
        type: "class",
        index: nextIndex(ctx),
        key: KEY_DEFAULT,
        shape,
        how,
        bindingName: anonymous ? undefined : t.text[shape.nameTok]!,
        innerName: undefined,
        wrapName: anonymous ? KEY_DEFAULT : undefined,
      });
    } else if (!(shape.kind === "function" && ownsArguments(t, shape))) {
      ctx.items.push({
        type: "function-value",
        index: nextIndex(ctx),
        key: KEY_DEFAULT,
        shape,
        initStart: a,
        initEnd: b,
        wrapName: anonymous ? KEY_DEFAULT : undefined,
      });
    }
    return;
  }
  if (ctx.moduleKind !== "esm") return;
  // `_dep.x` is an imported name (`export default x`, not a value) or a member of a namespace
  // (`export default ns.x`, a value): CommonJS output does not tell them apart
  if (b - a === 3 && isIdent(t, a) && ctx.glueLocals.has(t.text[a]!) && isPunct(t, a + 1, ".")) throw new TwoPassNeeded("export default of an import");
  ctx.defaultValue = { item: valueItem(), identifier: a + 1 === b && isIdent(t, a) ? t.text[a]! : undefined };
}

/**
 * Direct route: SWC's CommonJS transform with `keepClassNames` prints an exported class declaration
 * as `let C = class C {…};` (and `export default class {}` as `let _default = class _default {…};`),
 * where two passes saw the declaration. A class the original exports by `export [default] class C`
 * (or the anonymous default class) is instrumented as that declaration. (`class C {}` that is not
 * exported so is `let C = class C` in both routes: a class expression.)
 */
function letClass(ctx: Ctx, kw: number, end: number): boolean {
  const { t } = ctx;
  const name = t.text[kw + 1]!;
  const isDefault = name === ctx.defaultLocal;
  if (!isDefault && !(ctx.exportedLocals.has(name) && exportedClasses(ctx).has(name))) return false;
  const shape = matchClass(t, kw + 3, end);
  if (!shape) return false;
  if (ctx.names.assigned.has(name)) return true;
  const key = isDefault ? KEY_DEFAULT : name;
  ctx.items.push({
    type: "class",
    index: nextIndex(ctx),
    key,
    shape,
    how: { form: "let", bindingTok: kw + 1 },
    bindingName: name,
    innerName: undefined,
    wrapName: key,
  });
  return true;
}

const EXPORT_CLASS = /\bexport\s+(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/g;

/** Names of `export [default] [abstract] class C` in the original text (read once). */
function exportedClasses(ctx: Ctx): ReadonlySet<string> {
  if (ctx.exportClassNames === undefined) {
    const names = new Set<string>();
    for (const m of (ctx.original ?? "").matchAll(EXPORT_CLASS)) names.add(m[1]!);
    ctx.exportClassNames = names;
  }
  return ctx.exportClassNames;
}

function findTopEquals(t: Tokens, a: number, b: number): number {
  for (let k = a; k < b; k = isOpener(t, k) ? after(t, k) : k + 1) if (isPunct(t, k, "=")) return k;
  return -1;
}

/** `module.exports = …`, `exports.x = …`, `module.exports.x = …` with a function or class. */
function commonJsAssignment(ctx: Ctx, s: number, e: number): void {
  const { t } = ctx;
  const end = endOf(t, s, e);
  let key: string | undefined;
  let eq = -1;
  if (isWord(t, s, "module") && isPunct(t, s + 1, ".") && isWord(t, s + 2, "exports")) {
    if (isPunct(t, s + 3, "=")) {
      key = KEY_MODULE_EXPORTS;
      eq = s + 3;
    } else if (isPunct(t, s + 3, ".") && isIdent(t, s + 4) && isPunct(t, s + 5, "=")) {
      key = KEY_EXPORTS_PREFIX + t.text[s + 4]!;
      eq = s + 5;
    }
  } else if (isWord(t, s, "exports") && isPunct(t, s + 1, ".") && isIdent(t, s + 2) && isPunct(t, s + 3, "=")) {
    key = KEY_EXPORTS_PREFIX + t.text[s + 2]!;
    eq = s + 3;
  } else if (isWord(t, s, "exports") && isPunct(t, s + 1, "[") && t.kind[s + 2] === Kind.String && isPunct(t, s + 3, "]") && isPunct(t, s + 4, "=")) {
    key = KEY_EXPORTS_PREFIX + stringValue(t, s + 2);
    eq = s + 4;
  }
  if (key === undefined || eq + 1 >= end) return;
  const shape = matchShape(t, eq + 1, end);
  if (!shape) return;
  if (shape.kind === "class") {
    ctx.items.push({
      type: "class",
      index: nextIndex(ctx),
      key,
      shape: shape as ClassShape,
      how: { form: "value", initStart: eq + 1, initEnd: end, wrap: false },
      bindingName: shape.nameTok >= 0 ? t.text[shape.nameTok]! : undefined,
      innerName: undefined,
      wrapName: undefined,
    });
  } else {
    ctx.items.push({ type: "function-value", index: nextIndex(ctx), key, shape, initStart: eq + 1, initEnd: end, wrapName: undefined });
  }
}

/**
 * Two constructs with the same key (`exports.x = …` twice) are both left as written (a key names
 * one cell); the indices of the others are renumbered 0, 1, 2 … in source order, and the inline
 * cells (no key) numbered after them.
 */
function dropDuplicateKeys(items: readonly Item[]): Item[] {
  const count = new Map<string, number>();
  for (const item of items) if ("key" in item) count.set(item.key, (count.get(item.key) ?? 0) + 1);
  let index = 0;
  const out: Item[] = [];
  for (const item of items) {
    if (!("key" in item)) {
      out.push(item);
      continue;
    }
    if (count.get(item.key)! > 1) continue;
    out.push({ ...item, index: index++ });
  }
  return out.map((item) => (item.type === "inline-function" ? { ...item, index: index++ } : item));
}
