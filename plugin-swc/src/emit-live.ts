/**
 * ESM live bindings and the hot API:
 *
 *   export const CONFIG = {…};  →  export let CONFIG = {…}; _ar$m.live("CONFIG", () => CONFIG, (v) => { CONFIG = v; });
 *   import.meta.hot / module.hot  →  _ar$m.hot
 */
import { MODULE_HOT, MODULE_LIVE } from "autoreload/abi";
import type { Tokens } from "./tokenize.js";
import type { HotItem, LiveItem } from "./plan.js";
import { insert, replace, type Edit } from "./edits.js";
import type { Names } from "./emit-names.js";
import { str } from "./token-walk.js";

export function emitLive(t: Tokens, item: LiveItem, n: Names, out: Edit[]): void {
  if (item.constTok >= 0) out.push(replace(t.start[item.constTok]!, t.end[item.constTok]!, "let"));
  const regs = item.names.map((name) => {
    const v = name === "v" ? "_v" : "v";
    return `${n.module}.${MODULE_LIVE}(${str(name)}, () => ${name}, (${v}) => { ${name} = ${v}; });`;
  });
  out.push(insert(t.end[item.endTok]!, " " + regs.join(" ")));
}

export function emitHot(t: Tokens, item: HotItem, n: Names, out: Edit[]): void {
  out.push(replace(t.start[item.first]!, t.end[item.last]!, `${n.module}.${MODULE_HOT}`));
}
