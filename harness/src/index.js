// The harness: temp projects written from object literals, a child-process runner that waits for
// output lines (never fixed sleeps), and edit helpers (in place, write-temp-then-rename, delete).
import { spawn } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import tmp from "tmp";

tmp.setGracefulCleanup();

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (harness/src/..). */
export const repoRoot = join(here, "..", "..");
/** The `autoreload` command of this checkout. */
export const cliPath = join(repoRoot, "runtime", "dist", "node", "cli", "cli.js");

/**
 * A temp project: `files` maps relative paths to contents. `cleanup()` removes it.
 * @param {Record<string, string>} files
 */
export function project(files) {
  const { name: dir, removeCallback } = tmp.dirSync({ prefix: "autoreload-", unsafeCleanup: true });
  const path = (rel) => join(dir, rel);
  const write = (rel, content) => {
    mkdirSync(dirname(path(rel)), { recursive: true });
    writeFileSync(path(rel), content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  let n = 0;
  return {
    dir,
    path,
    read: (rel) => readFileSync(path(rel), "utf8"),
    /** Writes in place (same inode), as most editors do. */
    write,
    /** Writes a sibling temp file, then renames it over the original (vim, JetBrains, many IDEs). */
    writeAtomic(rel, content) {
      const temp = `${path(rel)}.${process.pid}.${n++}.tmp`;
      writeFileSync(temp, content);
      renameSync(temp, path(rel));
    },
    remove: (rel) => rmSync(path(rel), { force: true }),
    cleanup: () => removeCallback(),
  };
}

/**
 * A running child process whose output is read line by line. `waitFor` resolves with the first
 * line (from the cursor on) that matches, or rejects with the output so far after `timeoutMs`.
 */
export class Child {
  /** @param {import("node:child_process").ChildProcess} proc */
  constructor(proc) {
    this.proc = proc;
    /** @type {string[]} every line of stdout and stderr, in arrival order */
    this.lines = [];
    this.cursor = 0;
    this.waiters = [];
    this.exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
    for (const stream of [proc.stdout, proc.stderr]) {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf("\n")) !== -1) {
          this.lines.push(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
        this.wake();
      });
    }
    proc.on("exit", () => this.wake(true));
  }

  get output() {
    return this.lines.join("\n");
  }

  wake(exited = false) {
    for (const w of [...this.waiters]) w(exited);
  }

  /**
   * @param {RegExp | string} pattern
   * @param {{ timeoutMs?: number }} [options]
   * @returns {Promise<string>}
   */
  waitFor(pattern, { timeoutMs = 15000 } = {}) {
    const matches = typeof pattern === "string" ? (l) => l.includes(pattern) : (l) => pattern.test(l);
    return new Promise((resolve, reject) => {
      const check = (exited) => {
        while (this.cursor < this.lines.length) {
          const line = this.lines[this.cursor++];
          if (matches(line)) {
            done();
            resolve(line);
            return;
          }
        }
        if (exited) {
          done();
          reject(new Error(`process exited before printing ${pattern}; output:\n${this.output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${this.output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check(this.proc.exitCode !== null);
    });
  }

  /**
   * Resolves when at least `count` lines in all (not from the cursor) match `pattern`; for
   * "wait for the next X" without racing lines that were already consumed.
   * @param {RegExp} pattern
   * @param {number} count
   */
  waitForCount(pattern, count, { timeoutMs = 15000 } = {}) {
    const enough = () => this.lines.filter((l) => pattern.test(l)).length >= count;
    if (enough()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (exited) => {
        if (enough()) {
          done();
          resolve();
        } else if (exited) {
          done();
          reject(new Error(`process exited before ${count} lines matched ${pattern}; output:\n${this.output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} lines matching ${pattern}; output:\n${this.output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
    });
  }

  /** Sends a line to stdin. */
  send(line) {
    this.proc.stdin.write(`${line}\n`);
  }

  /**
   * The probe protocol of `probeMain()`: sends `expr`, waits for its `RESULT <n> <json>` line.
   * @returns {Promise<any>}
   */
  async ask(expr) {
    this.asked = (this.asked ?? 0) + 1;
    const id = this.asked;
    this.send(JSON.stringify({ id, expr }));
    const line = await this.waitFor(new RegExp(`^RESULT ${id} `));
    const payload = JSON.parse(line.slice(`RESULT ${id} `.length));
    if (payload.error !== undefined) throw new Error(`probe ${expr} threw: ${payload.error}`);
    return payload.value;
  }

  /** Stops the process (and its group). Safe to call twice. */
  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      try {
        process.kill(-this.proc.pid, "SIGKILL");
      } catch {
        this.proc.kill("SIGKILL");
      }
    }
    await this.exited;
  }
}

/**
 * Runs `autoreload [cliArgs] <entry>` in `dir` (or plain `node` with `nodeArgs` when `cli` is false);
 * without an entry, `autoreload` starts its REPL.
 * @param {string} dir
 * @param {string} entry
 * @param {{ cliArgs?: string[], nodeArgs?: string[], args?: string[], env?: Record<string,string>, cli?: boolean }} [options]
 */
export function run(dir, entry, { cliArgs = [], nodeArgs = [], args: appArgs = [], env = {}, cli = true } = {}) {
  const program = entry === undefined ? [] : [entry];
  const args = cli ? [...nodeArgs, cliPath, ...cliArgs, ...program, ...appArgs] : [...nodeArgs, ...program, ...appArgs];
  const proc = spawn(process.execPath, args, {
    cwd: dir,
    // NODE_PATH: the program can `require("autoreload")` (this checkout's) for the public API.
    // AUTORELOAD_CACHE=0: temp projects have no node_modules, so the transform cache would fill the
    // OS temp directory with one entry per file of every test run (tests of the cache turn it on).
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", NODE_PATH: join(repoRoot, "node_modules"), AUTORELOAD_CACHE: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  return new Child(proc);
}

/**
 * The entry point of probe-driven tests: reads `{ id, expr }` lines from stdin, evaluates `expr`
 * (an async function body with `m` = the probe module's exports, `g` = a scratch object that
 * survives reloads, and `ar()` = the `autoreload` controller, `require("autoreload").autoreload`,
 * resolved through NODE_PATH) and prints `RESULT <id> {"value": …}`. Prints `READY` when loaded.
 * @param {string} probeModule require() specifier of the module under test, e.g. "./probe"
 */
export function probeMain(probeModule) {
  return `const readline = require("node:readline");
const m = require(${JSON.stringify(probeModule)});
const g = {};
readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  const { id, expr } = JSON.parse(line);
  let payload;
  try {
    const ar = () => require("autoreload").autoreload;
    const value = await (new Function("m", "g", "require", "ar", "return (async () => { " + expr + " })()"))(m, g, require, ar);
    payload = { value: value === undefined ? null : value };
  } catch (error) {
    payload = { error: String(error && error.stack || error) };
  }
  console.log("RESULT " + id + " " + JSON.stringify(payload));
});
console.log("READY");
`;
}

/**
 * Converts the small ESM-syntax sources the scenarios are written in to native CommonJS
 * (`export function f` → `function f` + `module.exports.f = f`, `import { a } from "./x"` →
 * `const { a } = require("./x")`, `export { f as h }`, `export default …`). Only for the
 * scenario sources of this repo, which keep to these forms.
 * @param {string} source
 */
export function toCommonJS(source) {
  const names = [];
  let out = source
    .replace(/^import \* as (\w+) from (["'][^"']+["']);?$/gm, "const $1 = require($2);")
    .replace(/^import \{([^}]*)\} from (["'][^"']+["']);?$/gm, (_, list, spec) => `const {${list.replace(/\bas\b/g, ":")}} = require(${spec});`)
    .replace(/^import (["'][^"']+["']);?$/gm, "require($1);")
    .replace(/^export (async function\*?|function\*?|class|const|let|var) (\w+)/gm, (_, kind, name) => {
      names.push([name, name]);
      return `${kind} ${name}`;
    })
    .replace(/^export \{([^}]*)\};?$/gm, (_, list) => {
      for (const part of list.split(",")) {
        const [local, exported = local] = part.trim().split(/\s+as\s+/);
        if (local) names.push([exported.trim(), local.trim()]);
      }
      return "";
    })
    .replace(/^export default /gm, "module.exports.default = ");
  if (names.length > 0) out += `\n${names.map(([e, l]) => `module.exports.${e} = ${l};`).join("\n")}\n`;
  return out;
}

/**
 * A counting semaphore: `await slots.acquire()` resolves when fewer than `n` holders remain;
 * the returned function releases. Keeps end-to-end tests from starting more child processes
 * at once than the machine has room for (ava runs a file's tests concurrently).
 * @param {number} n
 */
export function slots(n) {
  let free = n;
  const queue = [];
  return {
    async acquire() {
      if (free > 0) free--;
      else await new Promise((resolve) => queue.push(resolve));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = queue.shift();
        if (next) next();
        else free++;
      };
    },
  };
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The edit helpers of an end-to-end session over a running `autoreload` child: write a module
 * (in place or by write-temp-then-rename) and wait for its `reloaded` / `failed to reload` line.
 * @param {Child} child
 * @param {ReturnType<typeof project>} p
 * @param {(name: string) => string} fileName  module name → file name in the project
 * @param {(name: string, source: string) => string} contentOf  what to write for `name`
 */
export function editSession(child, p, fileName, contentOf) {
  const reloadLine = (name) => new RegExp(`^\\[autoreload\\] reloaded \\./${escapeRegExp(fileName(name))} \\(`);
  const failLine = (name) => new RegExp(`^\\[autoreload\\] failed to reload \\./${escapeRegExp(fileName(name))} `);
  /** The line of a save that changed no code (comments, formatting): nothing ran. */
  const sameLine = (name) => new RegExp(`^\\[autoreload\\] \\./${escapeRegExp(fileName(name))}: no code change`);
  const write = (name, source, how = "write") => {
    const content = contentOf(name, source);
    if (how === "atomic") p.writeAtomic(fileName(name), content);
    else p.write(fileName(name), content);
  };
  return {
    p,
    child,
    file: fileName,
    ask: (expr) => child.ask(expr),
    /** Writes `name` and waits for its `[autoreload] reloaded` line. */
    async edit(name, source, how = "write") {
      write(name, source, how);
      return child.waitFor(reloadLine(name));
    },
    /** Writes `name` and waits for its `[autoreload] failed to reload` line; returns the report. */
    async editFails(name, source) {
      write(name, source);
      await child.waitFor(failLine(name));
      const last = await child.waitFor(/keeps running; fix the file/);
      const start = child.lines.findLastIndex((l) => failLine(name).test(l));
      return child.lines.slice(start, child.lines.indexOf(last, start) + 1).join("\n");
    },
    write,
    reloadLine,
    failLine,
    sameLine,
    /** Number of `reloaded` lines printed so far for `name`. */
    reloads: (name) => child.lines.filter((l) => reloadLine(name).test(l)).length,
    failures: (name) => child.lines.filter((l) => failLine(name).test(l)).length,
  };
}
