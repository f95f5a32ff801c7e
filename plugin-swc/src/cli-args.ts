/**
 * Flags of the `swc` command: the ones people use from `@swc/cli`, read with `node:util`'s
 * `parseArgs`, checked once into a frozen `CliOptions`.
 */
import { parseArgs } from "node:util";
import { CliError } from "./cli-error.js";

export type SourceMapsFlag = boolean | "inline" | "both";

export interface CliOptions {
  readonly inputs: readonly string[];
  readonly outDir: string | undefined;
  readonly outFile: string | undefined;
  readonly sourceMaps: SourceMapsFlag | undefined;
  readonly watch: boolean;
  readonly configFile: string | undefined;
  readonly swcrc: boolean;
  readonly config: ReadonlyArray<readonly [string, string]>;
  readonly extensions: readonly string[];
  readonly ignore: readonly string[];
  readonly only: readonly string[];
  readonly copyFiles: boolean;
  readonly quiet: boolean;
  readonly plugins: readonly string[];
  readonly help: boolean;
}

export const DEFAULT_EXTENSIONS = [".js", ".jsx", ".es6", ".es", ".mjs", ".ts", ".tsx", ".cts", ".mts"];

export const HELP = `Usage: swc [options] <files or folders ...>

Compiles JavaScript/TypeScript with @swc/core. With --plugin autoreload, instruments the output
for autoreload (https://github.com/ — see swc-plugin-autoreload's README).

Options:
  --plugin <name>            JS plugin: resolves swc-plugin-<name>, then <name> (repeatable)
  -d, --out-dir <dir>        write each file under <dir> (paths relative to the folder given)
  -o, --out-file <file>      write all input to one file
  -s, --source-maps [mode]   true | inline | both (default when given: true)
  -w, --watch                recompile when files change
      --config-file <path>   use this .swcrc
      --no-swcrc             do not read .swcrc
  -C, --config <key=value>   override an option, e.g. -C module.type=commonjs -C jsc.target=es2022
      --extensions <list>    extensions to compile (default: ${DEFAULT_EXTENSIONS.join(",")})
      --ignore <globs>       comma-separated globs of files not to compile
      --only <globs>         comma-separated globs: compile only these files
      --copy-files           copy files that are not compiled into --out-dir
  -q, --quiet                print nothing on success
  -h, --help                 show this help
`;

const SOURCE_MAP_VALUES = new Set(["true", "false", "inline", "both"]);

/** `-s` takes an optional value, which `parseArgs` cannot express: give it one explicitly. */
function normalizeSourceMapFlag(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-s" || a === "--source-maps") {
      const next = argv[i + 1];
      if (next !== undefined && SOURCE_MAP_VALUES.has(next)) {
        out.push(`--source-maps=${next}`);
        i++;
      } else out.push("--source-maps=true");
    } else {
      out.push(a);
    }
  }
  return out;
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

export function readArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: normalizeSourceMapFlag(argv),
      allowPositionals: true,
      strict: true,
      options: {
        plugin: { type: "string", multiple: true },
        "out-dir": { type: "string", short: "d" },
        "out-file": { type: "string", short: "o" },
        "source-maps": { type: "string" },
        watch: { type: "boolean", short: "w" },
        "config-file": { type: "string" },
        "no-swcrc": { type: "boolean" },
        config: { type: "string", short: "C", multiple: true },
        extensions: { type: "string", multiple: true },
        ignore: { type: "string", multiple: true },
        only: { type: "string", multiple: true },
        "copy-files": { type: "boolean" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(why.replace(/\. To specify a positional argument.*$/s, "."), "Run `swc --help` for the list of options.");
  }
  const v = parsed.values;
  const sm = v["source-maps"];
  const sourceMaps: SourceMapsFlag | undefined = sm === undefined ? undefined : sm === "true" ? true : sm === "false" ? false : (sm as "inline" | "both");
  const config = (v.config ?? []).map((c): [string, string] => {
    const eq = c.indexOf("=");
    if (eq <= 0)
      throw new CliError(`-C ${c}: expected key=value`, "Write the option path and its value, e.g. -C module.type=commonjs or -C jsc.target=es2022.");
    return [c.slice(0, eq), c.slice(eq + 1)];
  });
  const extensions = list(v.extensions).map((e) => (e.startsWith(".") ? e : "." + e));
  const options: CliOptions = Object.freeze({
    inputs: parsed.positionals,
    outDir: v["out-dir"],
    outFile: v["out-file"],
    sourceMaps,
    watch: v.watch === true,
    configFile: v["config-file"],
    swcrc: v["no-swcrc"] !== true,
    config,
    extensions: extensions.length > 0 ? extensions : DEFAULT_EXTENSIONS,
    ignore: list(v.ignore),
    only: list(v.only),
    copyFiles: v["copy-files"] === true,
    quiet: v.quiet === true,
    plugins: list(v.plugin),
    help: v.help === true,
  });
  if (options.help) return options;
  if (options.inputs.length === 0)
    throw new CliError("no input files or folders", "Give the files or folders to compile, e.g. `swc --plugin autoreload src -d dist`.");
  if (options.outDir !== undefined && options.outFile !== undefined)
    throw new CliError("--out-dir and --out-file were both given", "Use -d <dir> to write one file per input, or -o <file> to write one file.");
  if (options.copyFiles && options.outDir === undefined) throw new CliError("--copy-files needs --out-dir", "Add -d <dir>: the files are copied there.");
  if (options.watch && options.outDir === undefined && options.outFile === undefined)
    throw new CliError("--watch needs --out-dir or --out-file", "Add -d <dir> so each change is written somewhere.");
  return options;
}
