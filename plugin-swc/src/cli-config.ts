/** The SWC options of the `swc` command: `.swcrc` (or --config-file), then `-C key=value` overrides. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SwcOptions } from "./swc-adapter.js";
import type { CliOptions } from "./cli-args.js";
import { CliError } from "./cli-error.js";

export function loadSwcOptions(cli: CliOptions, cwd: string): SwcOptions {
  let options: Record<string, unknown> = {};
  const path = cli.configFile !== undefined ? resolve(cwd, cli.configFile) : cli.swcrc ? resolve(cwd, ".swcrc") : undefined;
  if (path !== undefined && (cli.configFile !== undefined || existsSync(path))) {
    if (!existsSync(path)) throw new CliError(`config file ${path} does not exist`, "Check the path given to --config-file.");
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripJsonComments(readFileSync(path, "utf8")));
    } catch (error) {
      throw new CliError(`cannot read ${path}: ${(error as Error).message}`, "A .swcrc is JSON (comments allowed). Fix it, or pass --no-swcrc.");
    }
    if (Array.isArray(parsed)) parsed = parsed[0];
    if (parsed === null || typeof parsed !== "object")
      throw new CliError(`${path} is not an object`, 'A .swcrc holds one options object, e.g. { "jsc": { "target": "es2022" } }.');
    options = parsed as Record<string, unknown>;
    delete options.$schema;
  }
  for (const [key, raw] of cli.config) setPath(options, key, parseValue(raw));
  if (cli.sourceMaps !== undefined) options.sourceMaps = cli.sourceMaps;
  return options as SwcOptions;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let obj = target;
  for (const part of parts.slice(0, -1)) {
    const next = obj[part];
    if (next === null || typeof next !== "object") obj[part] = {};
    obj = obj[part] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1]!] = value;
}

/** Removes // and /* *\/ comments outside strings. */
function stripJsonComments(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      i = e < 0 ? text.length : e + 1;
    } else {
      out += c;
    }
  }
  return out;
}
