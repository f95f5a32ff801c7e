import swc from "@swc/core";
const { makeSource } = await import("./_make.mjs");
const dist = "../../../plugin-swc/dist/";
const { instrument } = await import(dist + "instrument.js");
const { resolveOptions } = await import(dist + "options.js");
const { mappingsField } = await import(dist + "edits.js");
const { transformSync } = await import(dist + "index.js");
for (const n of [20, 160, 1500]) {
const src = makeSource(n);
const out = swc.transformSync(src, { filename: "x.ts", sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" } });
const mappings = mappingsField(out.map).mappings;
const source = { text: src, jsx: false, typescript: true };
const on = resolveOptions({ moduleId: "x", runtimeImport: false });
const off = resolveOptions({ moduleId: "x", runtimeImport: false, patch: false });
const time = (f, reps) => { for (let i = 0; i < 20; i++) f(); const t = performance.now(); for (let i = 0; i < reps; i++) f(); return ((performance.now() - t) / reps).toFixed(3); };
const reps = n === 1500 ? 100 : 1000;
const swcOpts = { filename: "x.ts", sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
console.log(n, "instr off", time(() => instrument({ code: out.code, mappings, options: off, filename: "x.ts", original: src, source }), reps), "on", time(() => instrument({ code: out.code, mappings, options: on, filename: "x.ts", original: src, source }), reps),
  "fast off", time(() => transformSync(src, { filename: "x.ts", swcOptions: swcOpts, autoreload: { moduleId: "x", runtimeImport: false, patch: false } }), reps),
  "fast on", time(() => transformSync(src, { filename: "x.ts", swcOptions: swcOpts, autoreload: { moduleId: "x", runtimeImport: false } }), reps));
}
