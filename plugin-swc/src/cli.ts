#!/usr/bin/env node
/**
 * `swc`: the `@swc/cli` command people know, with JS plugins and the fast autoreload path.
 *
 *   swc --plugin autoreload src -d dist
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { HELP, readArgs, type CliOptions } from "./cli-args.js";
import { formatCliError, CliError } from "./cli-error.js";
import { loadSwcOptions } from "./cli-config.js";
import { collectFiles, type SourceFile } from "./cli-files.js";
import { loadPlugin, type LoadedPlugin } from "./cli-plugins.js";
import { compileText, compileToDir, withSourceMap, writeOutput } from "./cli-compile.js";
import type { SwcOptions } from "./swc-adapter.js";

async function main(argv: readonly string[], cwd: string): Promise<number> {
  const cli = readArgs(argv);
  if (cli.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const swcOptions = loadSwcOptions(cli, cwd);
  const plugins: LoadedPlugin[] = [];
  for (const name of cli.plugins) plugins.push(await loadPlugin(name, cwd));
  const files = collectFiles(cli, cwd);
  if (files.length === 0)
    throw new CliError(
      `no files to compile in ${cli.inputs.join(", ")}`,
      `Only files ending in ${cli.extensions.join(", ")} are compiled; see --extensions, --only and --ignore.`,
    );
  const mode = cli.sourceMaps ?? (swcOptions.sourceMaps as CliOptions["sourceMaps"]);
  const build = (list: readonly SourceFile[]): void => buildAll(cli, cwd, list, swcOptions, plugins, mode);
  build(files);
  if (cli.watch) await watch(cli, cwd, build);
  return 0;
}

function buildAll(
  cli: CliOptions,
  cwd: string,
  files: readonly SourceFile[],
  swcOptions: SwcOptions,
  plugins: readonly LoadedPlugin[],
  mode: CliOptions["sourceMaps"],
): void {
  if (cli.outDir !== undefined) {
    const outDir = resolve(cwd, cli.outDir);
    for (const file of files) compileToDir(file, outDir, swcOptions, plugins, mode);
    if (!cli.quiet)
      process.stdout.write(
        `Successfully compiled ${files.filter((f) => f.compile).length} file(s) with swc${plugins.length > 0 ? ` (plugins: ${plugins.map((p) => p.name).join(", ")})` : ""}.\n`,
      );
    return;
  }
  const outFile = cli.outFile !== undefined ? resolve(cwd, cli.outFile) : undefined;
  if (outFile !== undefined && files.length > 1 && mode !== undefined && mode !== false) {
    throw new CliError(
      "source maps of several files joined with --out-file are not supported",
      "Use -d <dir> to write one file (and one map) per input, or drop -s.",
    );
  }
  const parts: string[] = [];
  let mapFile: string | undefined;
  for (const file of files) {
    const result = compileText(readFileSync(file.path, "utf8"), file.path, swcOptions, plugins, outFile !== undefined ? dirname(outFile) : cwd);
    const written = withSourceMap(result.code, result.map, mode, outFile);
    parts.push(written.code);
    mapFile = written.mapFile;
  }
  if (outFile === undefined) {
    process.stdout.write(parts.join("\n"));
    return;
  }
  writeOutput(outFile, parts.join("\n"), mapFile);
  if (!cli.quiet) process.stdout.write(`Successfully compiled ${files.length} file(s) to ${relative(cwd, outFile)}.\n`);
}

async function watch(cli: CliOptions, cwd: string, build: (files: readonly SourceFile[]) => void): Promise<void> {
  const { watch: chokidarWatch } = await import("chokidar");
  const watcher = chokidarWatch([...cli.inputs], { cwd, ignoreInitial: true, ignored: (p: string) => p.includes("node_modules") });
  const rebuild = (path: string): void => {
    const abs = resolve(cwd, path);
    const file = collectFiles(cli, cwd).find((f) => f.path === abs);
    if (!file) return;
    try {
      build([file]);
    } catch (error) {
      process.stderr.write(formatCliError(error).text);
    }
  };
  watcher.on("add", rebuild).on("change", rebuild);
  watcher.on("error", (error) => process.stderr.write(formatCliError(error).text));
  await new Promise<void>((done) =>
    watcher.on("ready", () => {
      if (!cli.quiet) process.stdout.write("Watching for file changes.\n");
      done();
    }),
  );
}

main(process.argv.slice(2), process.cwd()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { text, exitCode } = formatCliError(error);
    process.stderr.write(text);
    process.exitCode = exitCode;
  },
);
