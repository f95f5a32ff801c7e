/** The platform-neutral core: no Node imports, so it runs in browsers, workers and `node:vm` realms. */
export { createRuntime, normalizeId, type Runtime } from "./runtime.js";
export { ModuleRecord } from "./module-record.js";
export type { Cell } from "./cell.js";
export { patchClass, classKeys, type ClassKeys, type ClassPatch } from "./class-patch.js";
export type { HotContext } from "./hot.js";
export { installGlobal } from "./global.js";
export {
  planPatch,
  runningFromFacts,
  type PatchPlan,
  type RunningFacts,
  type RunningStatement,
  type CellTarget,
  type CellChange,
  type StatementDecision,
} from "./patch-plan.js";
