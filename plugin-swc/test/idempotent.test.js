// Running the plugin twice changes nothing the second time (docs/abi.md); so does running it on
// babel-plugin-autoreload's output (when plugin-babel is built).
import test from "ava";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { cases, fast, plain } from "./helpers/cases.js";

const babelDist = fileURLToPath(new URL("../../plugin-babel/dist/index.js", import.meta.url));

for (const c of cases) {
  test(`twice = once: ${c.name}`, (t) => {
    const once = fast(c).code;
    const twice = fast(c, { code: once }).code;
    // the second run leaves SWC's output of `once` as it is
    t.is(twice, plain(c, { code: once }).code);
  });
}

const babelTest = existsSync(babelDist) ? test : test.skip;
babelTest("Babel's output fed to the SWC plugin changes nothing", async (t) => {
  const require = createRequire(babelDist);
  const { transformSync } = require("@babel/core");
  const { default: babelPlugin } = await import(babelDist);
  let checked = 0;
  for (const c of cases) {
    if (/\.[cm]?tsx?$/.test(c.name)) continue; // Babel here runs without the TypeScript preset
    const babel = transformSync(c.code, {
      filename: c.filename,
      babelrc: false,
      configFile: false,
      sourceType: c.options.script ? "script" : /\.c[jt]s$/.test(c.name) ? "script" : /\.m[jt]s$/.test(c.name) ? "module" : "unambiguous",
      parserOpts: { plugins: c.syntax },
      plugins: [[babelPlugin, c.options]],
    }).code;
    t.is(fast(c, { code: babel }).code, plain(c, { code: babel }).code, c.name);
    checked++;
  }
  t.true(checked > 10);
});
