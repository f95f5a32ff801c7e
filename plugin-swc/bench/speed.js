// Speed of the fast path against a plain @swc/core transformSync of the same file, and against
// the classic JS-plugin route, at 15, 150 and 1,500 lines of realistic TypeScript.
// Run from the repository root after building:  node plugin-swc/bench/speed.js
import swc from "@swc/core";
import autoreload, { transformSync } from "../dist/index.js";

/** Realistic TypeScript: imports, interfaces, functions, arrows, classes, exports (13 lines a block). */
function makeSource(lines) {
  const parts = ['import { readFileSync } from "node:fs";', 'import type { Stats } from "node:fs";'];
  for (let k = 0; parts.length < lines; k++) {
    parts.push(
      `export interface Item${k} { id: number; name: string; tags?: string[] }`,
      `export const LIMIT_${k}: number = ${k} * 10;`,
      `export function compute${k}(a: number, b: number = 2): number {`,
      `  const items: Item${k}[] = [];`,
      `  for (let j = 0; j < a; j++) items.push({ id: j, name: "x" + j });`,
      `  return items.reduce((s, it) => s + it.id * b, 0);`,
      `}`,
      `export const format${k} = (item: Item${k}, prefix = ">"): string => \`\${prefix} \${item.name}#\${item.id}\`;`,
      `const double${k} = (x: number) => x * 2;`,
      `export class Store${k}<T extends { id: number }> {`,
      `  private items = new Map<number, T>(); static created = 0;`,
      `  constructor(private readonly label: string) { Store${k}.created++; }`,
      `  add(item: T): this { this.items.set(item.id, item); return this; } get size(): number { return this.items.size + double${k}(0); }`,
      `}`,
    );
  }
  return parts.join("\n") + "\n";
}

function measure(fn, budgetMs) {
  for (let i = 0; i < 30; i++) fn(); // warm-up
  const times = [];
  const until = performance.now() + budgetMs;
  while (performance.now() < until || times.length < 20) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]; // median
}

const swcOptions = { filename: "bench.ts", swcrc: false, configFile: false, sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
const rows = [];
for (const lines of [15, 150, 1500]) {
  const src = makeSource(lines);
  const n = src.split("\n").length - 1;
  const plain = measure(() => swc.transformSync(src, swcOptions), 1500);
  const fast = measure(() => transformSync(src, { filename: "bench.ts", swcOptions }), 1500);
  const cjsOptions = { ...swcOptions, module: { type: "commonjs" } };
  const plainCjs = measure(() => swc.transformSync(src, cjsOptions), 1000);
  const fastCjs = measure(() => transformSync(src, { filename: "bench.ts", swcOptions: cjsOptions }), 1000);
  rows.push({ lines: n, src, plain, fast, plainCjs, fastCjs });
}
// the JS-plugin routes last: the garbage they leave would slow down the measurements above
for (const r of rows) {
  r.identity = measure(() => swc.transformSync(r.src, { ...swcOptions, plugin: (p) => p }), 1500);
  r.plugin = measure(() => swc.transformSync(r.src, { ...swcOptions, plugin: autoreload() }), 1500);
}
const ms = (x) => `${x.toFixed(3)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
console.log("ES module output (jsc.target es2022, source maps on): one SWC pass");
console.log("| lines | plain transformSync | fast path | ratio | identity JS plugin | ratio | autoreload JS-plugin route | ratio |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.lines} | ${ms(r.plain)} | ${ms(r.fast)} | ${ratio(r.fast, r.plain)} | ${ms(r.identity)} | ${ratio(r.identity, r.plain)} | ${ms(r.plugin)} | ${ratio(r.plugin, r.plain)} |`,
  );
}
console.log("\nCommonJS output (module.type commonjs): two SWC passes, the second converts after instrumenting");
console.log("| lines | plain transformSync | fast path | ratio |");
console.log("|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.lines} | ${ms(r.plainCjs)} | ${ms(r.fastCjs)} | ${ratio(r.fastCjs, r.plainCjs)} |`);
