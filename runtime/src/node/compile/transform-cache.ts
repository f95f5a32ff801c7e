import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CompileRequest, Compiler } from "./compiler.js";

/**
 * An on-disk cache of compiled output, keyed by everything the output depends on: the source,
 * the file name and module id, the module format, and a stamp of the compiler (its name and the
 * versions of the packages that produce the code). Start-up of a large project compiles every
 * module once per process; with the cache warm it reads them instead.
 *
 * Where: `AUTORELOAD_CACHE_DIR`, else `node_modules/.cache/autoreload` in the working directory
 * (when there is a node_modules), else the OS temp directory. `AUTORELOAD_CACHE=0` turns it off.
 * Entries are written to a temp file and renamed, so concurrent processes never read half a file;
 * a cache that cannot be read or written is simply not used.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AUTORELOAD_CACHE !== undefined && /^(0|false|no|off)$/i.test(env.AUTORELOAD_CACHE)) return undefined;
  if (env.AUTORELOAD_CACHE_DIR) return env.AUTORELOAD_CACHE_DIR;
  const nodeModules = join(process.cwd(), "node_modules");
  return existsSync(nodeModules) ? join(nodeModules, ".cache", "autoreload") : join(tmpdir(), "autoreload-cache");
}

export function withTransformCache(compiler: Compiler, stamp: string, dir: string | undefined): Compiler {
  if (dir === undefined) return compiler;
  let usable = true;
  return {
    name: compiler.name,
    ...(compiler.describe === undefined ? {} : { describe: (request: CompileRequest) => compiler.describe!(request) }),
    compile(request: CompileRequest): string {
      if (!usable || request.reload === true) return compiler.compile(request);
      const key = createHash("sha1").update(`${stamp}\0${request.format}\0${request.filename}\0${request.moduleId}\0`).update(request.source).digest("hex");
      const file = join(dir, key.slice(0, 2), `${key}.js`);
      try {
        return readFileSync(file, "utf8");
      } catch {
        // a miss
      }
      const code = compiler.compile(request);
      try {
        mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, code);
        renameSync(temp, file);
      } catch {
        usable = false; // read-only or full: compile as if there were no cache
      }
      return code;
    },
  };
}
