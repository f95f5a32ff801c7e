/**
 * ESM live bindings and the hot API:
 *
 *   export const CONFIG = {…};  →  export let CONFIG = {…}; _ar$m.live("CONFIG", () => CONFIG, (v) => { CONFIG = v; });
 *   const _default = {…};       →  let _default = {…}; _ar$m.live("default", () => _default, …);   (SWC's CommonJS output)
 *   export default {…};         →  let _ar$default = {…}; _ar$m.live("default", () => _ar$default, (v) => { _ar$default = v; });
 *                                  export { _ar$default as default };
 *   import.meta.hot / module.hot  →  _ar$m.hot
 */
import { MODULE_HOT, MODULE_LIVE } from "@autoreload/abi";
import type { Tokens } from "./tokenize.js";
import type { DefaultValueItem, HotItem, LiveItem } from "./plan.js";
import { insert, replace, type Edit } from "./edits.js";
import type { Names } from "./emit-names.js";
import { str } from "./token-walk.js";

/** `_ar$m.live("key", () => local, (v) => { local = v; });` */
function registration(n: Names, key: string, local: string): string {
  const v = local === "v" ? "_v" : "v";
  return `${n.module}.${MODULE_LIVE}(${str(key)}, () => ${local}, (${v}) => { ${local} = ${v}; });`;
}

export function emitLive(t: Tokens, item: LiveItem, n: Names, out: Edit[]): void {
  if (item.constTok >= 0) out.push(replace(t.start[item.constTok]!, t.end[item.constTok]!, "let"));
  const regs = item.bindings.map((b) => registration(n, b.key, b.local));
  out.push(insert(t.end[item.endTok]!, " " + regs.join(" ")));
}

export function emitDefaultValue(t: Tokens, item: DefaultValueItem, n: Names, local: string, out: Edit[]): void {
  out.push(replace(t.start[item.exportTok]!, t.end[item.defaultTok]!, `let ${local} =`));
  out.push(insert(t.end[item.endTok]!, ` ${registration(n, "default", local)}\nexport { ${local} as default };`));
}

export function emitHot(t: Tokens, item: HotItem, n: Names, out: Edit[]): void {
  out.push(replace(t.start[item.first]!, t.end[item.last]!, `${n.module}.${MODULE_HOT}`));
}
