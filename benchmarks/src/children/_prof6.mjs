import swc from "@swc/core";
const { makeSource } = await import("./_make.mjs");
const dist = "../../../plugin-swc/dist/";
const { instrument } = await import(dist + "instrument.js");
const { resolveOptions } = await import(dist + "options.js");
const { mappingsField } = await import(dist + "edits.js");
const { transformSync } = await import(dist + "index.js");
function measure(fn, ms = 400) { for (let i = 0; i < 20; i++) fn(); const t = []; const u = performance.now() + ms; while (performance.now() < u || t.length < 10) { const a = performance.now(); fn(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return +t[t.length >> 1].toFixed(4); }
const n = Number(process.argv[2] ?? 20);
const src = makeSource(n);
const swcOptions = { filename: "x.ts", swcrc: false, configFile: false, sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
const out = swc.transformSync(src, { ...swcOptions, sourceMaps: true });
const mappings = mappingsField(out.map).mappings;
const source = { text: src, jsx: false, typescript: true };
for (let r = 0; r < 3; r++) console.log({
  swcInline: measure(() => swc.transformSync(src, swcOptions)),
  swcTrue: measure(() => swc.transformSync(src, { ...swcOptions, sourceMaps: true })),
  fastOff: measure(() => transformSync(src, { filename: "x.ts", swcOptions, autoreload: { moduleId: "x", runtimeImport: false, patch: false } })),
  fastOn: measure(() => transformSync(src, { filename: "x.ts", swcOptions, autoreload: { moduleId: "x", runtimeImport: false } })),
  instrOff: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({ patch: false }), original: src, source })),
  instrOn: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({}), original: src, source })),
});
