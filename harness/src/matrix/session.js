// A scenario session for one combination: a fresh temp project written from the scenario's
// files, `autoreload [--compiler swc] main.{cjs,mjs}` in a child process, and the edit helpers of
// runtime/test/helpers/session.js (same interface, so the runtime's scenario files run here as
// they are). Waits for output lines, never sleeps.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { editSession, project, run, repoRoot, cliPath, Child } from "../index.js";

/** `import(runtimeIndexUrl)` gives the running controller (`autoreload.check()`, `.mode()`, …). */
export const runtimeIndexUrl = pathToFileURL(join(repoRoot, "runtime", "dist", "index.js")).href;

const hasExt = (name) => /\.[a-z]+$/.test(name);

/**
 * The probe program (cf. `probeMain()` in ../index.js): reads `{ id, expr }` lines, evaluates
 * `expr` as an async function body with
 *   m        the probe module (`require("./lib")` / `import * as m from "./lib.js"`),
 *   g        a scratch object that survives reloads,
 *   require  CommonJS: the real one; ESM: the namespaces of the project's files, imported up front
 *            (a `.cjs` file gives its `module.exports`),
 *   load     `import()` of a project file by its scenario name (`load("lib")`),
 *   ar       `ar()` is the running controller (`import { autoreload } from "autoreload"`),
 * and prints `RESULT <id> {"value": …}`; prints `READY` once loaded.
 * @param {"cjs"|"esm"} format
 * @param {string} probe  specifier of the probe module, e.g. "./lib"
 * @param {Record<string, string>} fileOf  scenario name ("./lib", "./whole.cjs") → file name
 */
export function probeProgram(format, probe, fileOf) {
  // `ar()` is the controller, synchronously (as in the runtime's probeMain); loaded before READY.
  const evalLoop = `const g = {};
let controller;
const ar = () => controller;
import(${JSON.stringify(runtimeIndexUrl)}).then((mod) => {
  controller = mod.autoreload;
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    const { id, expr } = JSON.parse(line);
    let payload;
    try {
      const value = await (new Function("m", "g", "require", "load", "ar", "return (async () => { " + expr + " })()"))(m, g, req, load, ar);
      payload = { value: value === undefined ? null : value };
    } catch (error) {
      payload = { error: String(error && error.stack || error) };
    }
    console.log("RESULT " + id + " " + JSON.stringify(payload));
  });
  console.log("READY");
});
`;
  const files = JSON.stringify(fileOf);
  const fileFor = (spec) => fileOf[spec] ?? spec;
  if (format === "cjs") {
    return `"use strict";
const readline = require("node:readline");
const { pathToFileURL } = require("node:url");
const { join } = require("node:path");
const files = ${files};
const m = require(${JSON.stringify(probe)});
const req = require;
const load = (name) => import(pathToFileURL(join(__dirname, files["./" + name] ?? name)).href);
${evalLoop}`;
  }
  const entries = Object.entries(fileOf).filter(([spec]) => spec !== probe);
  const imports = entries.map(([, file], i) => `import * as __f${i} from ${JSON.stringify(`./${file}`)};`).join("\n");
  const table = entries.map(([spec, file], i) => {
    const value = file.endsWith(".cjs") ? `__f${i}.default` : `__f${i}`;
    return `[${JSON.stringify(spec)}, ${value}], [${JSON.stringify(`./${file}`)}, ${value}]`;
  });
  return `import readline from "node:readline";
import * as m from ${JSON.stringify(`./${fileFor(probe)}`)};
${imports}
const files = ${files};
const table = new Map([${table.join(", ")}]);
table.set(${JSON.stringify(probe)}, m);
const req = (spec) => {
  if (table.has(spec)) return table.get(spec);
  throw new Error("the ESM probe has no module " + spec + " (only the project's files, imported up front)");
};
const load = (name) => import(new URL("./" + (files["./" + name] ?? name), import.meta.url).href);
${evalLoop}`;
}

/**
 * Opens a session. `t` is the assertion object (its `teardown` stops the child and removes the project).
 * @param {any} t
 * @param {import("./combos.js").Combo} v
 * @param {Record<string, string>} files  module name (no extension) → ESM-syntax source; keys with
 *   an extension are written as they are
 * @param {{ cliArgs?: string[], env?: Record<string,string>, probe?: string, extraFiles?: Record<string,string>, ready?: boolean }} [options]
 */
export async function openSession(t, v, files, options = {}) {
  const fileName = (name) => (hasExt(name) ? name : `${name}.${v.ext}`);
  const probe = options.probe ?? "./lib";
  const fileOf = {};
  for (const name of Object.keys(files)) fileOf[`./${name}`] = fileName(name);
  const main = v.format === "cjs" ? "main.cjs" : "main.mjs";
  const contents = {
    "package.json": JSON.stringify({ name: "scenario", private: true, type: v.format === "cjs" ? "commonjs" : "module" }),
    [main]: probeProgram(v.format, probe, fileOf),
    ...options.extraFiles,
  };
  for (const [name, source] of Object.entries(files)) contents[fileName(name)] = hasExt(name) ? source : v.convert(source);
  const p = project(contents);
  // always named: the column is this compiler, whatever the runtime's default is
  const cliArgs = ["--compiler", v.compiler, ...(options.cliArgs ?? [])];
  const child = run(p.dir, main, { cliArgs, env: options.env ?? {} });
  t.teardown(async () => {
    await child.stop();
    p.cleanup();
  });
  if (options.ready !== false) await child.waitFor("READY");
  return {
    ...editSession(child, p, fileName, (name, source) => (hasExt(name) ? source : v.convert(source))),
    v,
    /** Another session of the same combination (other files or CLI flags), torn down with this one. */
    open: (moreFiles, moreOptions) => openSession(t, v, moreFiles, moreOptions),
  };
}

/** `autoreload [args…]` in `dir` with no program (the REPL), as a `Child`. */
export function runCli(dir, args = []) {
  const proc = spawn(process.execPath, [cliPath, ...args], {
    cwd: dir,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  return new Child(proc);
}
