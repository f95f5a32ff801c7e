// Source maps: SWC's map of TS → JS, moved along with the plugin's edits, still points every
// statement at its original line (docs/abi.md).
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
  const { code, map } = transformSync(source, {
    filename: "a.ts",
    swcOptions: { sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } },
  });
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

// A reference for shiftMappings: decode every segment to absolute generated positions, move each
// by the edits before it, encode again. The plugin's version streams and copies unedited lines.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function decodeVlqs(seg) {
  const out = [];
  let value = 0,
    shift = 0;
  for (const ch of seg) {
    const d = B64.indexOf(ch);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}
function encodeVlq(v) {
  let x = v < 0 ? (-v << 1) | 1 : v << 1,
    out = "";
  do {
    let d = x & 31;
    x >>>= 5;
    if (x > 0) d |= 32;
    out += B64[d];
  } while (x > 0);
  return out;
}
function referenceShift(src, mappings, edits) {
  // generated line/column of every segment, plus its other fields (relative, kept as they are)
  const segs = [];
  mappings.split(";").forEach((line, L) => {
    let col = 0;
    for (const seg of line === "" ? [] : line.split(",")) {
      const [delta, ...rest] = decodeVlqs(seg);
      col += delta;
      segs.push({ L, col, rest });
    }
  });
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") lineStarts.push(i + 1);
  const out = applyEdits(src, edits);
  // an input offset's position in the output: before `pos` of an edit, moved by all earlier edits;
  // inside a replaced range, where the edit's text starts
  const moved = (offset) => {
    let delta = 0;
    for (const e of edits) {
      if (e.pos > offset) break;
      if (offset < e.end) return e.pos + delta;
      delta += e.text.length - (e.end - e.pos);
    }
    return offset + delta;
  };
  const outLineStarts = [0];
  for (let i = 0; i < out.length; i++) if (out[i] === "\n") outLineStarts.push(i + 1);
  const lines = [];
  for (const s of segs) {
    const at = moved(lineStarts[s.L] + s.col);
    let L = outLineStarts.length - 1;
    while (outLineStarts[L] > at) L--;
    (lines[L] ??= []).push({ col: at - outLineStarts[L], rest: s.rest });
  }
  const text = [];
  for (let L = 0; L < lines.length; L++) {
    let prev = 0;
    text.push(
      (lines[L] ?? [])
        .map((s) => {
          const v = encodeVlq(s.col - prev) + s.rest.map(encodeVlq).join("");
          prev = s.col;
          return v;
        })
        .join(","),
    );
  }
  return text.join(";").replace(/;+$/, "");
}

test("shiftMappings agrees with a reference on random edits of SWC's output", async (t) => {
  const swc = (await import("@swc/core")).default;
  const src = [
    'import { a } from "./a";',
    "export function add(x: number, y = 1): number { return x + y + a; }",
    "export const f = (x: number) => x * 2, g = () => 1;",
    "export class C { static s = new C(); m(): number { return add(1); } }",
    "",
    "export default { port: 1 };",
  ].join("\n");
  let seed = 7;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const module of [undefined, { type: "commonjs" }]) {
    const out = swc.transformSync(src, { filename: "a.ts", sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module });
    const mappings = JSON.parse(out.map).mappings;
    for (let trial = 0; trial < 300; trial++) {
      const edits = [];
      let cursor = 0;
      while (cursor < out.code.length && edits.length < 12) {
        const pos = cursor + rnd(40);
        if (pos > out.code.length) break;
        const nl = out.code.indexOf("\n", pos);
        const end = rnd(3) === 0 ? Math.min(pos + rnd(8), nl < 0 ? out.code.length : nl) : pos;
        edits.push({ pos, end, text: ["X", "abc", "\n", "a\nbc", "\n\n", ""][rnd(6)] });
        cursor = end + 1;
      }
      const sorted = sortEdits(edits);
      t.is(shiftMappings(out.code, mappings, sorted), referenceShift(out.code, mappings, sorted), JSON.stringify(edits));
    }
  }
});
