// Source maps: SWC's map of TS → JS, moved along with the plugin's edits, still points every
// statement at its original line (SPEC §4.2).
import test from "ava";
import { SourceMap } from "node:module";
import { transformSync } from "../dist/index.js";
import { applyEdits, shiftMappings, sortEdits, insert, replace } from "../dist/edits.js";

const source = [
  'import type { X } from "./x";', // 1
  "export function add(a: number, b = 1): number {", // 2
  "  return a + b;", // 3
  "}", // 4
  "export const f = (x: number) => x * 2;", // 5
  "export class C { static s = new C(); m(): number { return add(1); } }", // 6
  "export const CONFIG = { port: 1 };", // 7
  'throw new Error("boom");', // 8
].join("\n");

function originalLineOf(code, map, needle) {
  const lines = code.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  const column = lines[line].indexOf(needle);
  const entry = new SourceMap(map).findEntry(line, column);
  return entry.originalLine + 1;
}

for (const module of [undefined, "commonjs"]) {
  test(`instrumented code maps to the original lines (${module ?? "ESM"})`, (t) => {
    const swcOptions = { sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" }, ...(module ? { module: { type: module } } : {}) };
    const { code, map } = transformSync(source, { filename: "a.ts", swcOptions });
    const parsed = JSON.parse(map);
    t.deepEqual(parsed.sources, ["a.ts"]);
    t.is(originalLineOf(code, parsed, "return a + b"), 3);
    t.is(originalLineOf(code, parsed, "x * 2"), 5);
    t.is(originalLineOf(code, parsed, "return add(1)"), 6);
    t.is(originalLineOf(code, parsed, 'new Error("boom")'), 8);
  });
}

test("inline source maps are appended as a data URL", (t) => {
  const { code, map } = transformSync(source, { filename: "a.ts", swcOptions: { sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } } });
  t.is(map, undefined);
  t.regex(code, /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,/);
});

test("shiftMappings moves columns after an insertion and splits lines at inserted line breaks", (t) => {
  const src = "abc def\nghi";
  // segments at columns 0 and 4 of line 0, column 0 of line 1 (source 0, line 0/0/1, column 0/4/0)
  const mappings = "AAAA,IAAI;AACJ";
  const edits = sortEdits([insert(4, "XY"), insert(0, "P\n"), replace(8, 11, "GHI!")]);
  const out = applyEdits(src, edits);
  t.is(out, "P\nabc XYdef\nGHI!");
  const shifted = shiftMappings(src, mappings, edits);
  const map = new SourceMap({ version: 3, sources: ["s"], names: [], mappings: shifted });
  t.like(map.findEntry(1, 0), { originalLine: 0, originalColumn: 0 });
  t.like(map.findEntry(1, 6), { originalLine: 0, originalColumn: 4 });
  t.like(map.findEntry(2, 0), { originalLine: 1, originalColumn: 0 });
});
