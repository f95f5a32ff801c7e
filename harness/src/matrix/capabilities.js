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
  const child = run(p.dir, `main.${ext}`, { cliArgs: ["--compiler", compiler, "--no-watch"] });
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

/**
 * One probe per compiler × module format: `autoreload [--compiler swc] main.{cjs,mjs}` loading one
 * module. Keys are `babel·cjs`, `babel·esm`, `swc·cjs`, `swc·esm`.
 * @returns {Promise<Record<string, Capability>>}
 */
export async function detectCapabilities() {
  const keys = [
    ["babel", "cjs"],
    ["babel", "esm"],
    ["swc", "cjs"],
    ["swc", "esm"],
  ];
  const probes = await Promise.all(keys.map(([compiler, format]) => probe({ compiler, format })));
  const caps = {};
  keys.forEach(([compiler, format], i) => {
    const { line, output } = probes[i];
    const what = `\`autoreload --compiler ${compiler}\` with ${format === "cjs" ? "CommonJS" : "ES modules"}`;
    if (line === "INSTRUMENTED true") caps[`${compiler}·${format}`] = { ok: true };
    else if (line === "INSTRUMENTED false") {
      caps[`${compiler}·${format}`] =
        format === "esm"
          ? { ok: false, kind: "n/a", reason: `${what}: the runtime has no ESM loader yet (an imported ./lib.js ran uninstrumented)` }
          : { ok: false, kind: "FAIL", reason: `${what}: ./lib.js was not instrumented` };
    } else {
      const said = firstLine(output, /not available|unknown compiler/);
      caps[`${compiler}·${format}`] = said
        ? { ok: false, kind: "n/a", reason: `${what} is not available in this runtime build: "${said.replace(/^\[autoreload\] /, "")}"` }
        : { ok: false, kind: "FAIL", reason: `${what}: capability probe failed: ${output.split("\n").slice(0, 6).join(" | ")}` };
    }
  });
  return caps;
}
