// Shared helpers: paths, child processes in their own process groups, statistics, progress.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const benchRoot = join(here, "..");
export const repoRoot = join(benchRoot, "..");
export const bin = (name) => join(repoRoot, "node_modules", ".bin", name);
export const cliPath = join(repoRoot, "runtime", "dist", "node", "cli", "cli.js");

/** Every child still running, so they can be killed as groups on exit. */
const running = new Set();

export function killAll() {
  for (const c of running) c.kill();
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    killAll();
    process.stderr.write(`\nbench: ${sig}, children killed\n`);
    process.exit(130);
  });
}
process.on("exit", killAll);

/**
 * A child process in its own process group whose stdout/stderr are read line by line. Each line
 * carries the `process.hrtime.bigint()` at which it was parsed.
 */
export class Child {
  constructor(command, args, { cwd, env = {} } = {}) {
    this.command = `${command} ${args.join(" ")}`;
    this.proc = spawn(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(this);
    this.lines = [];
    this.waiters = new Set();
    this.exit = undefined;
    this.exited = new Promise((resolve) =>
      this.proc.on("exit", (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        for (const w of this.waiters) w.check();
        resolve(this.exit);
      }),
    );
    this.proc.on("error", (error) => {
      this.lines.push({ text: `spawn error: ${error.message}`, at: process.hrtime.bigint(), stream: "err" });
    });
    for (const [name, stream] of [
      ["out", this.proc.stdout],
      ["err", this.proc.stderr],
    ]) {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const at = process.hrtime.bigint();
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf("\n")) !== -1) {
          this.lines.push({ text: buffer.slice(0, nl), at, stream: name });
          buffer = buffer.slice(nl + 1);
        }
        for (const w of this.waiters) w.check();
      });
    }
  }

  tail(k = 15) {
    return this.lines
      .slice(-k)
      .map((l) => l.text)
      .join("\n");
  }

  /** Resolves with the first line from index `from` on that matches, `{ text, at, index }`; rejects on timeout/exit. */
  waitFor(match, { from = 0, timeoutMs = 10000 } = {}) {
    const test = typeof match === "string" ? (t) => t.includes(match) : (t) => match.test(t);
    return new Promise((resolve, reject) => {
      let i = from;
      const w = {
        check: () => {
          for (; i < this.lines.length; i++) {
            if (test(this.lines[i].text)) {
              finish();
              resolve({ ...this.lines[i], index: i });
              return;
            }
          }
          if (this.exit !== undefined) {
            finish();
            reject(Object.assign(new Error(`exited (${this.exit.code ?? this.exit.signal}) before printing ${match}`), { output: this.tail() }));
          }
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(Object.assign(new Error(`timed out after ${timeoutMs} ms waiting for ${match}`), { timeout: true, output: this.tail() }));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(w);
      };
      this.waiters.add(w);
      w.check();
    });
  }

  /** Kills the whole process group. Safe to call twice. */
  kill() {
    if (this.exit === undefined) {
      try {
        process.kill(-this.proc.pid, "SIGKILL");
      } catch {
        try {
          this.proc.kill("SIGKILL");
        } catch {
          // gone
        }
      }
    }
    running.delete(this);
  }

  async stop() {
    this.kill();
    if (this.proc.pid !== undefined) await this.exited;
  }
}

/** Runs a command to completion, returns { code, stdout, stderr }. */
export function runToEnd(command, args, { cwd, env = {}, timeoutMs = 120000 } = {}) {
  const c = new Child(command, args, { cwd, env });
  const timer = setTimeout(() => c.kill(), timeoutMs);
  return c.exited.then((exit) => {
    clearTimeout(timer);
    const text = (s) =>
      c.lines
        .filter((l) => l.stream === s)
        .map((l) => l.text)
        .join("\n");
    return { code: exit.code, signal: exit.signal, stdout: text("out"), stderr: text("err") };
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const nowNs = () => process.hrtime.bigint();
export const msSince = (t0, t1 = nowNs()) => Number(t1 - t0) / 1e6;

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? NaN, min: s[0] ?? NaN };
}

export const median = (xs) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

export function fmtMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Progress on stderr: one rewritten line on a TTY, plain lines otherwise. */
export function createProgress(total) {
  let done = 0;
  const started = Date.now();
  const tty = process.stderr.isTTY;
  return {
    step(label) {
      done++;
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      const line = `[${done}/${Math.max(total, done)}] ${elapsed}s ${label}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
      else process.stderr.write(`${line}\n`);
    },
    note(text) {
      if (tty) process.stderr.write(`\r\x1b[2K${text}\n`);
      else process.stderr.write(`${text}\n`);
    },
    end() {
      if (tty) process.stderr.write("\r\x1b[2K");
    },
  };
}
