/** Which files the `swc` command compiles or copies, and where each one is written. */
import { readdirSync, statSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";
import type { CliOptions } from "./cli-args.js";
import { CliError } from "./cli-error.js";

export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the folder it was found in (or its base name for a file argument). */
  readonly relative: string;
  /** Compile (true) or copy (false, --copy-files). */
  readonly compile: boolean;
}

/** A small glob matcher: `**`, `*`, `?`, matched against paths relative to the working directory. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^(?:\\./)?${re}$`);
}

export function makeFilter(cli: CliOptions, cwd: string): (path: string) => boolean {
  const only = cli.only.map(globToRegExp);
  const ignore = cli.ignore.map(globToRegExp);
  return (path) => {
    const rel = relative(cwd, path).split(sep).join("/");
    if (ignore.some((r) => r.test(rel))) return false;
    return only.length === 0 || only.some((r) => r.test(rel));
  };
}

export function isCompilable(cli: CliOptions, path: string): boolean {
  return cli.extensions.includes(extname(path)) && !path.endsWith(".d.ts");
}

export function collectFiles(cli: CliOptions, cwd: string): SourceFile[] {
  const filter = makeFilter(cli, cwd);
  const out: SourceFile[] = [];
  for (const input of cli.inputs) {
    const abs = resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw new CliError(`${input}: no such file or folder`, "Check the path; it is resolved from the current directory.", 2);
    }
    if (stat.isDirectory()) walk(cli, abs, abs, filter, out);
    else out.push({ path: abs, relative: abs.slice(abs.lastIndexOf(sep) + 1), compile: true });
  }
  return out;
}

function walk(cli: CliOptions, root: string, dir: string, filter: (p: string) => boolean, out: SourceFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(cli, root, path, filter, out);
      continue;
    }
    if (!entry.isFile()) continue;
    const compile = isCompilable(cli, path);
    if (!filter(path) || (!compile && !cli.copyFiles)) continue;
    out.push({ path, relative: relative(root, path), compile });
  }
}

/** `a.ts` → `a.js`, `a.mts` → `a.mjs`, `a.cts` → `a.cjs`. */
export function outputName(relativePath: string): string {
  const ext = extname(relativePath);
  const base = relativePath.slice(0, relativePath.length - ext.length);
  if (ext === ".mts" || ext === ".mjs") return base + ".mjs";
  if (ext === ".cts" || ext === ".cjs") return base + ".cjs";
  return base + ".js";
}
