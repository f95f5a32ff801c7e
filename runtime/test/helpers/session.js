// One end-to-end session: a temp project, `autoreload main.cjs` running in a child process, and
// edit helpers that wait for the reload line of the edited file (never a fixed sleep).
import { availableParallelism } from "node:os";
import { editSession, project, run, probeMain, toCommonJS, slots } from "@autoreload/harness";

/** Child processes running at once in this test file (each also runs Babel). */
const running = slots(Math.max(2, availableParallelism() * 2));

/**
 * Variants of a CommonJS scenario: `js` writes native CommonJS (`module.exports`, `require`),
 * `ts` writes TypeScript with import/export syntax, compiled to CommonJS by the loader.
 */
export const VARIANTS = [
  { name: "cjs-js", ext: "js", convert: toCommonJS, compiler: "babel" },
  { name: "cjs-ts", ext: "ts", convert: (s) => s, compiler: "babel" },
  { name: "cjs-js swc", ext: "js", convert: toCommonJS, compiler: "swc" },
  { name: "cjs-ts swc", ext: "ts", convert: (s) => s, compiler: "swc" },
];

/**
 * @param {import("ava").ExecutionContext} t
 * @param {{ ext: string, convert: (s: string) => string }} variant
 * @param {Record<string, string>} files  module name (no extension) → ESM-syntax source; keys with
 *   an extension are written as they are
 * @param {{ cliArgs?: string[], nodeArgs?: string[], cli?: boolean, env?: Record<string,string>, probe?: string,
 *   type?: "commonjs" | "module", main?: { name: string, source: string } }} [options]
 *   `type`: the temp project's package.json "type"; `main`: entry file instead of the CommonJS probe
 */
export async function session(t, variant, files, options = {}) {
  const fileName = (name) => (/\.[a-z]+$/.test(name) ? name : `${name}.${variant.ext}`);
  const main = options.main ?? { name: "main.cjs", source: probeMain(options.probe ?? "./lib") };
  const contents = { "package.json": JSON.stringify({ name: "scenario", private: true, type: options.type ?? "commonjs" }), [main.name]: main.source };
  for (const [name, source] of Object.entries(files)) contents[fileName(name)] = /\.[a-z]+$/.test(name) ? source : variant.convert(source);
  const release = await running.acquire();
  const p = project(contents);
  // The variant's compiler comes first; a scenario's own CLI flags follow.
  const child = run(p.dir, main.name, { ...options, cliArgs: [...(variant.compiler ? ["--compiler", variant.compiler] : []), ...(options.cliArgs ?? [])] });
  t.teardown(async () => {
    await child.stop();
    p.cleanup();
    release();
  });
  await child.waitFor("READY");
  return editSession(child, p, fileName, (name, source) => (/\.[a-z]+$/.test(name) ? source : variant.convert(source)));
}
