// What the built runtime can do, found by running it (never by guessing from file names): a
// feature counts as missing only on a definite sign — the runtime says so, or a module it should
// have instrumented ran as written. Anything else (a crash) is a FAIL of the whole column.
import { project, run } from "../index.js";

/**
 * @typedef {{ ok: true } | { ok: false, kind: "n/a" | "FAIL", reason: string }} Capability
 */

async function probe({ format, compiler }) {
  const ext = format === "cjs" ? "cjs" : "mjs";
  const main =
    format === "cjs"
      ? `require("./lib.js"); console.log("INSTRUMENTED " + (globalThis.__autoreload?.record?.(require.resolve("./lib.js")) !== undefined));`
      : `import "./lib.js"; console.log("INSTRUMENTED " + (globalThis.__autoreload?.record?.(new URL("./lib.js", import.meta.url).href) !== undefined));`;
  const p = project({
    "package.json": JSON.stringify({ name: "capability", private: true, type: format === "cjs" ? "commonjs" : "module" }),
    "lib.js": format === "cjs" ? "exports.f = function () { return 1; };" : "export function f() { return 1; }",
    [`main.${ext}`]: main,
  });
  const child = run(p.dir, `main.${ext}`, { cliArgs: compiler === "babel" ? ["--no-watch"] : ["--compiler", compiler, "--no-watch"] });
  try {
    const line = await child.waitFor(/^INSTRUMENTED |^\w*Error: .*(not available|unknown compiler)/, { timeoutMs: 30000 });
    return { line, output: child.output };
  } catch (error) {
    return { line: undefined, output: String(error.message) };
  } finally {
    await child.stop();
    p.cleanup();
  }
}

/** The message of the error the runtime threw (`Error: [autoreload] …`), else the first matching line. */
const firstLine = (output, re) => {
  const lines = output.split("\n");
  return (lines.find((l) => /^\w*Error: /.test(l) && re.test(l)) ?? lines.find((l) => re.test(l)))?.trim().replace(/^\w*Error: /, "");
};

/** @returns {Promise<{ esm: Capability, swc: Capability }>} */
export async function detectCapabilities() {
  const [esm, swc] = await Promise.all([probe({ format: "esm", compiler: "babel" }), probe({ format: "cjs", compiler: "swc" })]);
  /** @type {Capability} */
  let esmCap = { ok: true };
  if (esm.line === "INSTRUMENTED false") {
    esmCap = { ok: false, kind: "n/a", reason: "the runtime has no ESM loader yet: under `autoreload main.mjs` an imported ./lib.js runs uninstrumented (no module record)" };
  } else if (esm.line !== "INSTRUMENTED true") {
    esmCap = { ok: false, kind: "FAIL", reason: `ESM capability probe failed: ${esm.output.split("\n").slice(0, 6).join(" | ")}` };
  }
  /** @type {Capability} */
  let swcCap = { ok: true };
  if (swc.line === undefined || !swc.line.startsWith("INSTRUMENTED")) {
    const said = firstLine(swc.output, /not available|unknown compiler/);
    swcCap = said
      ? { ok: false, kind: "n/a", reason: `\`autoreload --compiler swc\` is not available in this runtime build: "${said.replace(/^.*?\[autoreload\] /, "")}"` }
      : { ok: false, kind: "FAIL", reason: `SWC capability probe failed: ${swc.output.split("\n").slice(0, 6).join(" | ")}` };
  } else if (swc.line === "INSTRUMENTED false") {
    swcCap = { ok: false, kind: "FAIL", reason: "`autoreload --compiler swc` ran, but ./lib.js was not instrumented" };
  }
  return { esm: esmCap, swc: swcCap };
}
