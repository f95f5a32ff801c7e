// T2 for CommonJS libraries whose npm tarballs ship their tape tests (qs, minimist): copy the
// installed package into a temp dir, run its own tests as shipped, then with every library
// module (not the tests) instrumented by a plugin, and compare: zero new failures.
// Then a reload on top: the library loaded by the runtime's loader, one of its functions edited
// while the process is alive, `autoreload.check()`, and a reference taken before must see it.
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import tmp from "tmp";
import { repoRoot, run } from "../src/index.js";
import { instrument } from "./instrument.js";

const modules = join(repoRoot, "node_modules");

/** The libraries: where their library modules are, and their test files (shipped in the tarball). */
export const LIBRARIES = {
  qs: { lib: (f) => f.startsWith("lib/") && f.endsWith(".js"), tests: "test" },
  minimist: { lib: (f) => f === "index.js", tests: "test" },
};

function files(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === "node_modules") continue;
    if (statSync(full).isDirectory()) out.push(...files(full, base));
    else out.push(relative(base, full));
  }
  return out;
}

/** A copy of the installed package in a temp dir whose node_modules is the repo's (tape, …). */
export function copyLibrary(name) {
  const { name: root, removeCallback } = tmp.dirSync({ prefix: `autoreload-t2-${name}-`, unsafeCleanup: true });
  const dir = join(root, name);
  cpSync(join(modules, name), dir, { recursive: true, dereference: true });
  symlinkSync(modules, join(root, "node_modules"), "dir");
  return { root, dir, cleanup: () => removeCallback() };
}

/** Parses tape's TAP output: assertions run, passed, and the failing ones by name. */
export function parseTap(output) {
  const failing = [];
  let ok = 0;
  let notOk = 0;
  let test = "";
  for (const line of output.split("\n")) {
    if (line.startsWith("# ") && !/^# (tests|pass|fail|ok)\b/.test(line)) test = line.slice(2);
    else if (/^ok \d+/.test(line)) ok++;
    else if (/^not ok \d+/.test(line)) {
      notOk++;
      failing.push(`${test} › ${line.replace(/^not ok \d+ ?-? ?/, "")}`);
    }
  }
  return { run: ok + notOk, passed: ok, failed: notOk, failing, complete: /^# (ok|fail\s+\d+)/m.test(output) };
}

async function runTape(dir, { viaRuntime = false } = {}) {
  const testFiles = readdirSync(join(dir, "test"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => `test/${f}`);
  const tape = join(modules, "tape", "bin", "tape");
  const child = run(dir, tape, { args: testFiles, cli: viaRuntime, cliArgs: viaRuntime ? ["--no-watch", "--quiet", "--compiler", "babel"] : [] });
  const { code } = await child.exited;
  return { code, ...parseTap(child.output), output: child.output };
}

/**
 * Runs `name`'s suite uninstrumented and once per compiler.
 * @param {string} name
 * @param {Array<"babel"|"swc"|"babel-runtime">} compilers  `babel-runtime`: the suite run under
 *   `autoreload` (the runtime's own loader instruments the library as it is required)
 */
export async function suite(name, compilers) {
  const spec = LIBRARIES[name];
  const baseCopy = copyLibrary(name);
  const results = {};
  try {
    results.plain = await runTape(baseCopy.dir);
    for (const compiler of compilers) {
      const copy = copyLibrary(name);
      try {
        let instrumented = 0;
        if (compiler !== "babel-runtime") {
          for (const f of files(copy.dir).filter(spec.lib)) {
            const file = join(copy.dir, f);
            const code = await instrument(compiler, { code: readFileSync(file, "utf8"), filename: file, moduleId: file });
            if (code.includes("_ar$G")) instrumented++;
            writeFileSync(file, code);
          }
        }
        const r = await runTape(copy.dir, { viaRuntime: compiler === "babel-runtime" });
        const newFailures = r.failing.filter((f) => !results.plain.failing.includes(f));
        results[compiler] = { ...r, instrumented, newFailures };
      } catch (error) {
        results[compiler] = { error: String(error?.stack ?? error) };
      } finally {
        copy.cleanup();
      }
    }
  } finally {
    baseCopy.cleanup();
  }
  return results;
}

/**
 * The reload on top, for qs: `autoreload --no-watch probe.cjs` loads the copy (instrumented by the
 * runtime's loader), holds `qs.parse` and `require("qs/lib/parse")`, edits lib/parse.js so parse
 * tags its result, calls `autoreload.check()`, and reports what the old references return.
 */
export async function reloadQs(compiler = "babel") {
  const copy = copyLibrary("qs");
  const probe = `const qs = require("./qs");
const parse = qs.parse;
const before = parse("a=1&b=2");
const runtime = import(${JSON.stringify(join(repoRoot, "runtime", "dist", "index.js"))});
(async () => {
  require("node:fs").writeFileSync(require.resolve("./qs/lib/parse.js"), require("node:fs").readFileSync(require.resolve("./qs/lib/parse.js"), "utf8").replace("return utils.compact(obj);", "return Object.assign(utils.compact(obj), { reloaded: true });"));
  const outcomes = await (await runtime).autoreload.check();
  const after = parse("a=1&b=2");
  console.log("RELOAD " + JSON.stringify({
    outcomes: outcomes.filter((o) => o.kind !== "unchanged").map((o) => o.kind + " " + o.file.split("/").slice(-2).join("/")),
    before: before.reloaded === true, oldReferenceSeesEdit: after.reloaded === true, sameIdentity: parse === qs.parse && parse === require("./qs").parse,
    stillParses: after.a === "1" && after.b === "2", stringify: qs.stringify({ x: [1, 2] }),
    instrumented: globalThis.__autoreload.record(require.resolve("./qs/lib/parse.js")) !== undefined,
  }));
})();`;
  writeFileSync(join(copy.root, "probe.cjs"), probe);
  writeFileSync(join(copy.root, "package.json"), JSON.stringify({ private: true, type: "commonjs" }));
  try {
    const child = run(copy.root, "probe.cjs", { cliArgs: ["--no-watch", "--compiler", compiler] });
    try {
      const line = await child.waitFor(/^RELOAD /, { timeoutMs: 30000 });
      return JSON.parse(line.slice("RELOAD ".length));
    } finally {
      await child.stop();
    }
  } finally {
    copy.cleanup();
  }
}

export { dirname, mkdirSync };
