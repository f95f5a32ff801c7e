const { makeSource } = await import("./_make.mjs");
const { transformSync } = await import("../../../plugin-swc/dist/index.js");
const n = Number(process.argv[2] ?? 160);
const src = makeSource(n);
const swcOptions = { filename: "x.ts", swcrc: false, configFile: false, sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
const patch = process.argv[3] !== "off";
const t = performance.now();
for (let i = 0; i < (n > 1000 ? 300 : 3000); i++) transformSync(src, { filename: "x.ts", swcOptions, autoreload: { moduleId: "x", runtimeImport: false, patch } });
console.log((performance.now() - t).toFixed(0), "ms");
