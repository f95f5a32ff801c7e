// T2 for a TypeScript library whose tarball ships its source and tests: zod (src/**/*.ts and
// src/**/tests/*.test.ts, run with vitest). The installed package is copied to a temp dir; vitest
// runs its tests against src/ (the "@zod/source" export condition) as shipped, then with every
// library module of src/ (not the tests) instrumented by a plugin in a Vite `transform` hook.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import tmp from "tmp";
import { repoRoot, run } from "../src/index.js";

const modules = join(repoRoot, "node_modules");

/** Test files left out, and why (each needs something the tarball does not ship or a build step). */
export const EXCLUDED = [
  { file: "treeshake.test.ts", why: "bundles zod with esbuild/rollup builds of the package, not the source" },
  { file: "polyfill-collision.test.ts", why: "runs a built bundle through node:vm" },
  { file: "file.test.ts", why: "needs @web-std/file (a zod devDependency not installed here)" },
  { file: "redos.test.ts", why: "needs recheck (a zod devDependency not installed here)" },
  { file: "to-json-schema.test.ts", why: "needs @seriousme/openapi-schema-validator (a zod devDependency not installed here)" },
];

/** vitest config: resolve zod to its source; optionally instrument every non-test module of src/. */
function config(compiler) {
  return `import { instrument } from ${JSON.stringify(pathToFileURL(join(repoRoot, "harness", "transparency", "instrument.js")).href)};
import { appendFileSync } from "node:fs";
export default {
  resolve: { conditions: ["@zod/source"] },
  plugins: [${
    compiler === "plain"
      ? ""
      : `{
    name: "autoreload-instrument",
    enforce: "pre",
    async transform(code, id) {
      const file = id.split("?")[0];
      if (!/\\/zod\\/src\\/.*\\.ts$/.test(file) || /\\/tests?\\//.test(file) || /\\.test\\.ts$/.test(file)) return null;
      const out = await instrument(${JSON.stringify(compiler)}, { code, filename: file, moduleId: "file://" + file, typescript: true });
      if (out.includes("_ar$G")) appendFileSync("instrumented.txt", file + "\\n");
      return { code: out, map: null };
    },
  }`
  }],
  test: { include: ["src/**/*.test.ts"], exclude: ${JSON.stringify(EXCLUDED.map((e) => `**/${e.file}`))}, reporters: ["json"], outputFile: "result.json", pool: "forks", maxWorkers: 2, typecheck: { enabled: false } },
};
`;
}

function copyZod() {
  const { name: root, removeCallback } = tmp.dirSync({ prefix: "autoreload-t2-zod-", unsafeCleanup: true });
  const dir = join(root, "zod");
  cpSync(join(modules, "zod"), dir, { recursive: true, dereference: true });
  // node_modules: the repo's packages, and zod itself pointing at the copy (tests import "zod/v4").
  mkdirSync(join(root, "node_modules"));
  for (const name of readdirSync(modules)) if (name !== "zod" && name !== ".bin") symlinkSync(join(modules, name), join(root, "node_modules", name));
  symlinkSync(dir, join(root, "node_modules", "zod"), "dir");
  return { root, dir, cleanup: () => removeCallback() };
}

async function runVitest(compiler) {
  const copy = copyZod();
  try {
    writeFileSync(join(copy.dir, "vitest.config.mjs"), config(compiler));
    const child = run(copy.dir, join(modules, "vitest", "vitest.mjs"), { cli: false, args: ["run", "--config", "vitest.config.mjs"] });
    await child.exited;
    let json;
    try {
      json = JSON.parse(readFileSync(join(copy.dir, "result.json"), "utf8"));
    } catch {
      return { error: `vitest wrote no result: ${child.output.split("\n").slice(-15).join("\n")}` };
    }
    const failing = [];
    const clean = (s) => String(s).split(copy.root).join("<tmp>");
    for (const file of json.testResults) for (const a of file.assertionResults) if (a.status === "failed") failing.push(`${clean(file.name)} › ${a.fullName}`);
    for (const file of json.testResults)
      if (file.status === "failed" && file.assertionResults.length === 0)
        failing.push(`${clean(file.name)} › (file failed to run) ${clean(String(file.message).split("\n")[0])}`);
    const list = join(copy.dir, "instrumented.txt");
    const instrumented = existsSync(list) ? new Set(readFileSync(list, "utf8").split("\n").filter(Boolean)).size : 0;
    return { run: json.numTotalTests, passed: json.numPassedTests, failed: json.numFailedTests, files: json.testResults.length, failing, instrumented };
  } finally {
    copy.cleanup();
  }
}

/** @param {Array<"babel"|"swc">} compilers */
export async function suiteZod(compilers) {
  const results = { plain: await runVitest("plain") };
  for (const compiler of compilers) {
    const r = await runVitest(compiler);
    if (r.error === undefined) r.newFailures = r.failing.filter((f) => !results.plain.failing?.includes(f));
    results[compiler] = r;
  }
  return results;
}
