/**
 * Functions (docs/abi.md, "Functions"):
 *
 *   function add(a) { <check> … }                      // declarations: check only; registered at the top
 *   export default function () {}  →  function _ar$default() {}  export { _ar$default as default };
 *   const f = (x) => x * 2         →  const f = _ar$m.fn("f", { f: (x, ..._ar$r) => _ar$G.$3 !== undefined
 *                                       ? Reflect.apply(_ar$G.$3, undefined, [x, ..._ar$r]) : (x * 2) }.f, 3);
 *   const g = ({ a }, b = 2) => …  →  _ar$m.fn("g", { g: (..._ar$a) => _ar$G.$4 !== undefined
 *                                       ? Reflect.apply(_ar$G.$4, undefined, _ar$a) : (({ a }, b = 2) => …)(..._ar$a) }.g, 4, undefined, 1)
 *   bus.on("x", (n) => …)          →  bus.on("x", (n, ..._ar$r) => _ar$G.$5 !== undefined ? Reflect.apply(_ar$G.$5, undefined, [n, ..._ar$r]) : (…))
 *   { get label() { … } }          →  { get label() { if (_ar$G.$6 !== undefined) return Reflect.apply(_ar$G.$6, this, arguments); … } }
 *                                     (inline cells: the check only, no registration; methods cannot be `new`ed)
 */
import { MODULE_FN } from "@autoreload/abi";
import type { Tokens } from "./tokenize.js";
import type { FunctionDeclarationItem, FunctionValueItem, InlineFunctionItem } from "./plan.js";
import type { ArrowShape, FunctionShape } from "./shapes.js";
import { insert, replace, type Edit } from "./edits.js";
import { arrowForward, bodyInsertPos, functionCheck, pending, type CheckKind, type Names } from "./emit-names.js";
import { isPunct, str } from "./token-walk.js";
import { wrapClose, wrapOpen } from "./emit-names.js";

function checkKind(shape: FunctionShape): CheckKind {
  return shape.generator ? "generator" : shape.async ? "async" : "plain";
}

/** `constructible`: false for object methods, getters and setters (no `new.target` test: they cannot be `new`ed). */
function functionBodyEdit(t: Tokens, shape: FunctionShape, n: Names, i: number, constructible = true): Edit {
  const kind = checkKind(shape);
  return insert(bodyInsertPos(t, shape.bodyOpen), ` ${functionCheck(n, i, kind === "plain" && !constructible ? "async" : kind)}`);
}

export function emitFunctionDeclaration(t: Tokens, item: FunctionDeclarationItem, n: Names, defaultName: string, out: Edit[]): void {
  const { shape, anonymousDefault } = item;
  if (anonymousDefault) {
    // `export default function () {}` → `function _ar$default() {}` + `export { _ar$default as default };`
    out.push(replace(t.start[anonymousDefault.exportTok]!, t.start[anonymousDefault.functionTok]!, ""));
    let k = anonymousDefault.functionTok;
    if (t.text[k] === "async") k++;
    if (isPunct(t, k + 1, "*")) k++;
    out.push(insert(t.end[k]!, ` ${defaultName}`));
  }
  out.push(functionBodyEdit(t, shape, n, item.index));
  if (anonymousDefault) out.push(insert(t.end[shape.bodyClose]!, `\nexport { ${defaultName} as default };`));
}

export function emitFunctionValue(t: Tokens, item: FunctionValueItem, n: Names, out: Edit[]): void {
  const { shape, index: i, wrapName } = item;
  const initStart = t.start[item.initStart]!;
  const initEnd = t.end[item.initEnd - 1]!;
  const extra = shape.kind === "arrow" && !shape.params.simple ? `, ${n.undef}, ${shape.params.length}` : "";
  out.push(insert(initStart, `${n.module}.${MODULE_FN}(${str(item.key)}, ${wrapName !== undefined ? wrapOpen(wrapName) : ""}`));
  if (shape.kind === "function") out.push(functionBodyEdit(t, shape, n, i));
  else emitArrow(t, shape, n, i, initStart, initEnd, out);
  out.push(insert(initEnd, `${wrapName !== undefined ? wrapClose(wrapName) : ""}, ${i}${extra})`));
}

/** An inline cell: the check in place (function expressions, methods, arrows with simple parameters). */
export function emitInlineFunction(t: Tokens, item: InlineFunctionItem, n: Names, out: Edit[]): void {
  const { shape, index: i } = item;
  if (shape.kind === "function") out.push(functionBodyEdit(t, shape, n, i, item.form === "expression"));
  else emitSimpleArrow(t, shape, n, i, t.end[item.end - 1]!, out);
}

function emitArrow(t: Tokens, a: ArrowShape, n: Names, i: number, initStart: number, initEnd: number, out: Edit[]): void {
  if (!a.params.simple) {
    // wrap: `(..._ar$a) => pending ? fwd(…, _ar$a, …) : (<original>)(..._ar$a)`
    const head = `${a.async ? "async " : ""}(...${n.args}) => ${pending(n, i)} ? ${arrowForward(n, i, n.args)} : (`;
    out.push(insert(initStart, head));
    out.push(insert(initEnd, `)(...${n.args})`));
    return;
  }
  emitSimpleArrow(t, a, n, i, initEnd, out);
}

/** `(x, ..._ar$r) => pending ? Reflect.apply(…, [x, ..._ar$r]) : (body)`; `end`: text offset after the arrow. */
function emitSimpleArrow(t: Tokens, a: ArrowShape, n: Names, i: number, end: number, out: Edit[]): void {
  const { names, hasRest } = a.params;
  const forwarded = hasRest ? names.map((x, j) => (j === names.length - 1 ? `...${x}` : x)) : [...names, `...${n.rest}`];
  const args = `[${forwarded.join(", ")}]`;
  if (!hasRest) {
    if (a.paramsOpen < 0) {
      const p = a.start + (a.async ? 1 : 0);
      out.push(replace(t.start[p]!, t.end[p]!, `(${names[0]!}, ...${n.rest})`));
    } else {
      out.push(insert(t.start[a.paramsClose]!, `${names.length > 0 ? ", " : ""}...${n.rest}`));
    }
  }
  if (a.bodyOpen >= 0) {
    out.push(insert(bodyInsertPos(t, a.bodyOpen), ` if (${pending(n, i)}) return ${arrowForward(n, i, args)};`));
  } else {
    out.push(insert(t.start[a.bodyStart]!, `${pending(n, i)} ? ${arrowForward(n, i, args)} : (`));
    out.push(insert(end, ")"));
  }
}
