#!/usr/bin/env node
// `npx autoreload [options] app.ts [args…]`: runs the program in this process with autoreload.
import { existsSync, readFileSync } from "node:fs";
import { Module } from "node:module";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { formatOf } from "../esm/format.js";
import { optionsFromEnv, parseMode } from "../controller/options.js";
import { startRepl } from "./repl.js";
import { start } from "../controller/start.js";

const HELP = `Usage: autoreload [options] <app> [args…]
       autoreload [options]            (a REPL: .autoreload and .aimport commands)

Runs <app> (JavaScript or TypeScript) with autoreload: edit a file and the running process picks
the change up in place — old references run the new code, state is kept.

Options:
  --mode <mode>        off (0) | explicit (1) | all (2, default) | complete (3)
  --compiler <name>    auto (default: swc, babel where the project has a Babel config) | swc | babel
  --quiet              do not print a line per reload (errors are still printed)
  --hide-errors        do not print reload errors
  --verbose            print the patch decision for each top-level statement of an edited file
  --no-patch           always reload a changed module in full (run its top level again)
  --no-watch           do not watch files (reload with autoreload.check())
  --poll               poll the file system instead of native events
  -h, --help           show this help
  -v, --version        print the version

Environment variables for \`node -r autoreload/register\`: AUTORELOAD_MODE, AUTORELOAD_COMPILER,
AUTORELOAD_QUIET, AUTORELOAD_HIDE_ERRORS, AUTORELOAD_VERBOSE, AUTORELOAD_PATCH (0: no patches),
AUTORELOAD_WATCH, AUTORELOAD_POLL.`;

function fail(message: string): never {
  process.stderr.write(`autoreload: ${message}\nRun \`autoreload --help\` for usage.\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  // Options stop at the first positional: everything after the app belongs to the app.
  let firstPositional = -1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--mode" || arg === "--compiler") i++;
    else if (!arg.startsWith("-")) {
      firstPositional = i;
      break;
    }
  }
  const own = firstPositional === -1 ? argv : argv.slice(0, firstPositional);
  const rest = firstPositional === -1 ? [] : argv.slice(firstPositional);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: false,
      options: {
        mode: { type: "string" },
        compiler: { type: "string" },
        quiet: { type: "boolean" },
        "hide-errors": { type: "boolean" },
        verbose: { type: "boolean" },
        "no-patch": { type: "boolean" },
        "no-watch": { type: "boolean" },
        poll: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const v = parsed.values;
  if (v.help === true) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (v.version === true) {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const [app, ...args] = rest;
  const file = app === undefined ? undefined : resolve(app);
  if (app !== undefined && file !== undefined && !existsSync(file)) fail(`cannot find ${app} (looked for ${file}).`);
  if (v.compiler !== undefined && !["auto", "babel", "swc"].includes(v.compiler)) fail(`unknown compiler "${v.compiler}": use auto, swc or babel.`);
  try {
    if (v.mode !== undefined) parseMode(v.mode);
  } catch (error) {
    fail((error as Error).message.replace(/^\[autoreload\] /, ""));
  }
  // Flags win over the environment (AUTORELOAD_MODE, …), which `-r/--import autoreload/register` reads too.
  const controller = start({
    ...optionsFromEnv(),
    ...(v.mode !== undefined ? { mode: parseMode(v.mode) } : {}),
    ...(v.compiler !== undefined ? { compiler: v.compiler as "auto" | "babel" | "swc" } : {}),
    ...(v.quiet === true ? { print: false } : {}),
    ...(v["hide-errors"] === true ? { hideErrors: true } : {}),
    ...(v.verbose === true ? { verbose: true } : {}),
    ...(v["no-patch"] === true ? { patch: false } : {}),
    ...(v["no-watch"] === true ? { watch: false } : {}),
    ...(v.poll === true ? { usePolling: true } : {}),
  });
  if (file === undefined) {
    startRepl(controller);
    return;
  }
  // The program sees itself as the main module: `process.argv[1]` is its path, `require.main` is it.
  process.argv = [process.argv[0] ?? process.execPath, file, ...args];
  if (formatOf(file) === "module") {
    // An ES module entry (.mjs/.mts, or "type": "module"): imported through the module hooks, so
    // it is compiled and tracked like every other ES module (docs/esm.md).
    import(pathToFileURL(file).href).catch((error: unknown) => {
      process.nextTick(() => {
        throw error;
      });
    });
    return;
  }
  (Module as unknown as { runMain(main?: string): void }).runMain(file);
}

main(process.argv.slice(2));
