// throwaway: fast-path timing before/after, interleaved in one process (delete afterwards)
import swc from "@swc/core";
import { makeSource } from "./_make.mjs";
const before = await import("./_before/dist/index.js");
const after = await import("../../../plugin-swc/dist/index.js");
const budget = Number(process.argv[2] ?? 300);
function measure(fn, ms) {
  const times = [];
  const until = performance.now() + ms;
  while (performance.now() < until || times.length < 5) { const t0 = performance.now(); fn(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
const out = {};
for (const lines of [20, 160, 1500]) {
  const src = makeSource(lines);
  const filename = `/virtual/bench${lines}.ts`;
  for (const [key, module] of [["esm", undefined], ["cjs", { type: "commonjs" }]]) {
    const swcOptions = { filename, swcrc: false, configFile: false, sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" }, ...(module ? { module } : {}) };
    const fns = {
      plain: () => swc.transformSync(src, swcOptions),
      before: () => before.transformSync(src, { filename, swcOptions, autoreload: { moduleId: filename, runtimeImport: false } }),
      after: () => after.transformSync(src, { filename, swcOptions, autoreload: { moduleId: filename, runtimeImport: false } }),
      afterNoPatch: () => after.transformSync(src, { filename, swcOptions, autoreload: { moduleId: filename, runtimeImport: false, patch: false } }),
    };
    for (const f of Object.values(fns)) { const until = performance.now() + 300; while (performance.now() < until) f(); }
    const r = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
    for (let round = 0; round < 5; round++) for (const [k, f] of Object.entries(fns)) r[k].push(measure(f, budget / 5));
    const med = (a) => a.sort((x, y) => x - y)[2];
    const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, +med(v).toFixed(3)]));
    out[`${lines}/${key}`] = { ...m, ratio: +(m.after / m.before).toFixed(3) };
  }
}
console.table(out);
