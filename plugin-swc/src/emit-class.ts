/**
 * Classes (docs/abi.md, "Classes"):
 *
 *   class C extends B {            let C = _ar$m.cls("C", { C: class extends B {
 *     static i = new C();      →     static i = new (_ar$m.self("C", this, 5))();
 *     x = 1;                          x = _ar$G.$5 !== undefined ? undefined : 1;
 *     constructor(a) { … }            constructor(a) { if (_ar$G.$5 !== undefined) return Reflect.construct(_ar$G.$5, arguments, new.target); … }
 *   }                               } }.C, 5);
 */
import { MODULE_CLS, MODULE_SELF } from "@autoreload/abi";
import type { Tokens } from "./tokenize.js";
import type { ClassItem } from "./plan.js";
import { insert, replace, type Edit } from "./edits.js";
import { allocator, bodyInsertPos, constructorCheck, pending, wrapClose, wrapOpen, type Names } from "./emit-names.js";
import { constructorMayReturnPrimitive, readClassMembers, type ClassMembers } from "./class-members.js";
import { findRefs, type Ref } from "./refs.js";
import { isAnonymous, matchShape } from "./shapes.js";
import { str } from "./token-walk.js";

/** `reload`: a reload generation (option `reload`): a base class is emitted over `_ar$m.alloc`. */
export function emitClass(t: Tokens, item: ClassItem, n: Names, defaultName: string, reload: boolean, out: Edit[]): void {
  const { shape, how, index: i, key, wrapName } = item;
  const cls = `${n.module}.${MODULE_CLS}(${str(key)}, `;
  const classStart = t.start[shape.classTok]!;
  const bodyEnd = t.end[shape.bodyClose]!;
  const members = readClassMembers(t, shape.bodyOpen, shape.bodyClose);
  const dropName = (): void => {
    if (shape.nameTok >= 0) out.push(replace(t.end[shape.classTok]!, t.end[shape.nameTok]!, ""));
  };
  // A declaration that names itself while being defined (`static a = C.make()`): `let C;` first,
  // assigned the stable class by a first static block, so static code sees it initialised.
  const bindFirst = how.form !== "value" && item.bindingName !== undefined && staticRefs(t, members, new Set([item.bindingName])).length > 0;
  const head = (local: string): string => (bindFirst ? `let ${local};\n${local} = ` : `let ${local} = `);
  let close: string;
  switch (how.form) {
    case "declaration": {
      // `[export] class C {}` → `[export] let C = _ar$m.cls("C", { C: class {} }.C, i);`
      out.push(insert(classStart, `${head(item.bindingName!)}${cls}${wrapOpen(wrapName!)}`));
      dropName();
      close = `${wrapClose(wrapName!)}, ${i});`;
      break;
    }
    case "export-default": {
      // `export default class [C] {}` → `let C = …;` + `export { C as default };`
      const local = how.anonymous ? defaultName : item.bindingName!;
      out.push(replace(t.start[how.exportTok]!, classStart, ""));
      out.push(insert(classStart, `${head(local)}${cls}${wrapOpen(wrapName!)}`));
      dropName();
      close = `${wrapClose(wrapName!)}, ${i});\nexport { ${local} as default };`;
      break;
    }
    case "let": {
      // `let C = class C {};` → `let C = _ar$m.cls("C", { C: class {} }.C, i);` (`let C;\nC = …` when static code names it)
      if (bindFirst) out.push(insert(t.end[how.bindingTok]!, `;\n${item.bindingName!}`));
      out.push(insert(classStart, `${cls}${wrapOpen(wrapName!)}`));
      dropName();
      close = `${wrapClose(wrapName!)}, ${i})`;
      break;
    }
    case "value": {
      // `const D = class Named {}` → `const D = _ar$m.cls("D", { Named: class {} }.Named, i)`
      out.push(insert(classStart, how.wrap ? `${cls}${wrapOpen(wrapName!)}` : cls));
      if (how.wrap) dropName();
      close = how.wrap ? `${wrapClose(wrapName!)}, ${i})` : `, ${i})`;
      break;
    }
    default: {
      const check: never = how;
      throw new Error(`autoreload: unknown class form ${String(check)}`);
    }
  }
  if (bindFirst) {
    const name = item.bindingName!;
    out.push(insert(t.end[shape.bodyOpen]!, ` static { ${name} = ${n.module}.${MODULE_SELF}(${str(key)}, this, ${i}); }`));
  }
  // a reload generation of a base class: `class extends _ar$m.alloc {`, `super()` after the check
  const overAllocator = reload && !shape.derived && !constructorMayReturnPrimitive(t, members);
  if (overAllocator) out.push(insert(t.start[shape.bodyOpen]!, `extends ${allocator(n)} `));
  emitMembers(t, item, members, n, bindFirst, overAllocator, out);
  out.push(insert(bodyEnd, close));
}

function staticRefs(t: Tokens, members: ClassMembers, names: ReadonlySet<string>): Ref[] {
  return members.staticRanges.flatMap(([from, to]) => findRefs(t, from, to, names, true));
}

function emitMembers(t: Tokens, item: ClassItem, members: ClassMembers, n: Names, bindFirst: boolean, overAllocator: boolean, out: Edit[]): void {
  const { shape, index: i } = item;
  if (members.constructorBody >= 0) {
    out.push(insert(bodyInsertPos(t, members.constructorBody), ` ${constructorCheck(n, i)}${overAllocator ? " super();" : ""}`));
  } else {
    const sup = overAllocator ? " super();" : shape.derived ? " super(...arguments);" : "";
    out.push(insert(t.end[shape.bodyOpen]!, ` constructor() { ${constructorCheck(n, i)}${sup} }`));
  }
  for (const f of members.instanceFields) {
    // `x = 1;` → `x = _ar$G.$i !== undefined ? undefined : 1;` (a stale generation's initializers never run)
    // an anonymous function or class initializer is left alone: creating it runs no code, and a
    // conditional around it would lose its name (NamedEvaluation names it after the field)
    const init = matchShape(t, f.initStart, f.initEnd);
    if (init && isAnonymous(init)) continue;
    out.push(insert(t.start[f.initStart]!, `${pending(n, i)} ? ${n.undef} : `));
  }
  // the class's own name: `_ar$m.self(…)` where the outer binding is in its TDZ; renamed elsewhere
  const wrapped = item.how.form !== "value" || item.how.wrap;
  const own = new Set<string>();
  if (wrapped && !bindFirst && item.bindingName !== undefined) own.add(item.bindingName);
  if (wrapped && item.innerName !== undefined) own.add(item.innerName);
  const selfTok = new Set<number>();
  if (own.size > 0) {
    const self = `(${n.module}.${MODULE_SELF}(${str(item.key)}, this, ${i}))`;
    for (const ref of staticRefs(t, members, own)) {
      selfTok.add(ref.tok);
      const name = t.text[ref.tok]!;
      out.push(replace(t.start[ref.tok]!, t.end[ref.tok]!, ref.shorthand ? `${name}: ${self}` : self));
    }
  }
  if (!wrapped && item.bindingName !== undefined) {
    // `module.exports = class Stack {}`: no outer binding holds the stable class
    const name = item.bindingName;
    const self = `(${n.module}.${MODULE_SELF}(${str(item.key)}, ${name}, ${i}))`;
    for (const ref of findRefs(t, shape.bodyOpen + 1, shape.bodyClose, new Set([name]), false)) {
      out.push(replace(t.start[ref.tok]!, t.end[ref.tok]!, ref.shorthand ? `${name}: ${self}` : self));
    }
  }
  if (wrapped && item.innerName !== undefined && item.bindingName !== undefined) {
    const rename = item.bindingName;
    for (const ref of findRefs(t, shape.bodyOpen + 1, shape.bodyClose, new Set([item.innerName]), false)) {
      if (selfTok.has(ref.tok)) continue;
      out.push(replace(t.start[ref.tok]!, t.end[ref.tok]!, ref.shorthand ? `${item.innerName}: ${rename}` : rename));
    }
  }
}
