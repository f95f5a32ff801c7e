/** ESM or CommonJS, from the file name, else from the original text (whose imports may all be types). */
import type { ModuleKind } from "./plan.js";

const ESM_LINE = /^[ \t]*(?:import[\s{*"']|export[\s{*])/m;

export function kindFromFilename(filename: string | undefined): ModuleKind | undefined {
  if (filename === undefined) return undefined;
  if (/\.m[jt]sx?$/.test(filename)) return "esm";
  if (/\.c[jt]sx?$/.test(filename)) return "commonjs";
  return undefined;
}

export function sourceKind(code: string, filename: string | undefined): ModuleKind | undefined {
  return kindFromFilename(filename) ?? (ESM_LINE.test(code) ? "esm" : undefined);
}
