// Shared by the module hooks (which may run on Node's hooks thread) and the main thread: which
// files are ES modules, which are ours to compile, and the resolution fallbacks TypeScript users
// expect. No heavy imports: this file is loaded by the hooks thread before any compile happens.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { SOURCE_EXTENSIONS } from "../compile/compiler.js";

export type FileFormat = "module" | "commonjs";

const SOURCE = new Set<string>(SOURCE_EXTENSIONS);

/** Whether the loaders compile files with this name (by extension). */
export const isSourceFile = (file: string): boolean => SOURCE.has(extname(file));

export const isUnderNodeModules = (file: string): boolean => /[\\/]node_modules[\\/]/.test(file);

const typeCache = new Map<string, FileFormat>();

/** The nearest package.json's "type" for files in `dir` ("commonjs" when there is none). */
export function packageType(dir: string): FileFormat {
  const cached = typeCache.get(dir);
  if (cached !== undefined) return cached;
  let type: FileFormat = "commonjs";
  const pkg = join(dir, "package.json");
  let found = false;
  try {
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown };
      type = parsed.type === "module" ? "module" : "commonjs";
      found = true;
    }
  } catch {
    found = true; // an unreadable package.json still ends the search, as in Node
  }
  if (!found) {
    const parent = dirname(dir);
    type = parent === dir ? "commonjs" : packageType(parent);
  }
  typeCache.set(dir, type);
  return type;
}

/**
 * How Node evaluates `file`: `.mjs/.mts` are ES modules, `.cjs/.cts` CommonJS, and
 * `.js/.jsx/.ts/.tsx` follow the nearest package.json "type" (TypeScript files like `.js`).
 */
export function formatOf(file: string): FileFormat {
  const ext = extname(file);
  if (ext === ".mjs" || ext === ".mts") return "module";
  if (ext === ".cjs" || ext === ".cts") return "commonjs";
  return packageType(dirname(file));
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

const TRY_EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".cts", ".cjs"];
const JS_TO_TS: Record<string, readonly string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

/**
 * When Node cannot find `path` (a file path a relative specifier resolved to): the file a
 * TypeScript project means by it. `./x.js` → `./x.ts` (TypeScript's own convention),
 * `./x` → `./x.ts`, `./x.js`, … and `./dir` → `./dir/index.ts`, … Undefined when none exists.
 */
export function fallbackPath(path: string): string | undefined {
  const ext = extname(path);
  for (const alt of JS_TO_TS[ext] ?? []) {
    const candidate = path.slice(0, -ext.length) + alt;
    if (isFile(candidate)) return candidate;
  }
  if (!SOURCE.has(ext)) {
    for (const e of TRY_EXTENSIONS) if (isFile(path + e)) return path + e;
    for (const e of TRY_EXTENSIONS) if (isFile(join(path, `index${e}`))) return join(path, `index${e}`);
  }
  return undefined;
}

/** Query marking a reload generation's file URL (the core's `normalizeId` strips it). */
export const GENERATION_QUERY = "autoreload";
