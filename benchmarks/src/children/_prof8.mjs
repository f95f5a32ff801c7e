const { makeSource } = await import("./_make.mjs");
const { transformSync } = await import("../../../plugin-swc/dist/index.js");
const src = makeSource(160);
const swcOptions = { filename: "x.ts", swcrc: false, configFile: false, sourceMaps: "inline", jsc: { parser: { syntax: "typescript" }, target: "es2022" } };
const run = (patch) => transformSync(src, { filename: "x.ts", swcOptions, autoreload: { moduleId: "x", runtimeImport: false, patch } });
for (let r = 0; r < 5; r++) {
  for (const patch of [false, true]) {
    const t = performance.now(); for (let i = 0; i < 200; i++) run(patch); console.log(patch, ((performance.now() - t) / 200).toFixed(3));
  }
}
