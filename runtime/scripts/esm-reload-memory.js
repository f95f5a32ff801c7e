// Heap after many reloads of one ES module (docs/esm.md, "Memory"). Not a timed test:
//   node runtime/scripts/esm-reload-memory.js [reloads=1000]
// Runs two child processes with --expose-gc on a temp project with a ~5 KB TypeScript module:
//   autoreload  `node --import autoreload/register`, reload by `autoreload.check()` N times;
//   naive       what re-importing `lib.ts?v=N` (a fresh ES module record per reload) costs, with
//               the same compiled code, as a baseline.
// Prints heapUsed after a forced GC at the start, after N/10 and after N reloads, and the slope.
// MEM_NODE_FLAGS adds flags to both children (e.g. "--no-compilation-cache", see docs/esm.md).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const reloads = Number(process.argv[2] ?? 1000);
const register = new URL("../dist/register.js", import.meta.url).href;

/** ~5 KB of TypeScript: functions, a class, exported values; `k` makes each version different. */
export function moduleSource(k) {
  const parts = [`export const VERSION = ${k};`, `export const CONFIG = { port: ${k % 1000}, name: "svc-${k}" };`, `export let counter = ${k};`];
  for (let i = 0; i < 32; i++) {
    parts.push(
      `export function fn${i}(a: number, b: number = ${i}): number {\n  const x = a * ${k % 97} + b;\n  return x > ${i} ? x - ${i} : fn${(i + 1) % 32}(x + 1, b);\n}`,
    );
  }
  parts.push(
    `export class Service {\n  private items: string[] = [];\n  add(item: string): number { this.items.push(item + ${k}); return this.items.length; }\n  get size(): number { return this.items.length; }\n  static create(): Service { return new Service(); }\n}`,
  );
  parts.push(`export const table = [${Array.from({ length: 40 }, (_, i) => `"row-${i}-${k}"`).join(", ")}];`);
  return parts.join("\n\n") + "\n";
}

const child = String.raw`
import { writeFileSync } from "node:fs";
const mode = process.env.MEM_MODE, reloads = Number(process.env.MEM_RELOADS), dir = process.env.MEM_DIR;
const { moduleSource } = await import(process.env.MEM_SCRIPT);
const file = dir + "/lib.ts";
// Each reload in its own task, as the watcher does it: objects V8 keeps alive until the end of the
// current job (WeakRef targets, e.g. Node's source map cache entries) are released between them.
const tick = () => new Promise((r) => setImmediate(r));
// Two rounds: what a finalizer or WeakRef released in the first GC is freed in the second.
const heap = async () => { for (let i = 0; i < 2; i++) { await tick(); globalThis.gc(); globalThis.gc(); } return process.memoryUsage().heapUsed / 1048576; };
const lib = await import("./lib.ts");
const out = { mode, size: moduleSource(0).length, points: [] };
let ar;
if (mode === "autoreload") ({ autoreload: ar } = await import(process.env.MEM_REGISTER));
const fresh = async (k) => {
  writeFileSync(file, moduleSource(k));
  if (mode === "autoreload") {
    const [o] = (await ar.check({ files: [file], force: true })).filter((x) => x.kind !== "unchanged");
    if (o?.kind !== "reloaded") throw new Error("reload " + k + ": " + JSON.stringify(o));
  } else {
    await import("./lib.ts?v=" + k);
  }
  await tick();
};
await fresh(1); // warm up: compilers, caches
out.points.push([1, await heap()]);
for (let k = 2; k <= reloads; k++) {
  await fresh(k);
  if (k === Math.round(reloads / 10) || k === reloads) out.points.push([k, await heap()]);
}
if (mode === "autoreload" && lib.VERSION !== reloads) throw new Error("VERSION " + lib.VERSION);
console.log("MEM " + JSON.stringify(out));
`;

function measure(mode) {
  const dir = mkdtempSync(join(tmpdir(), "autoreload-mem-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(dir, "lib.ts"), moduleSource(0));
    writeFileSync(join(dir, "main.mjs"), child);
    const args = ["--expose-gc", ...(process.env.MEM_NODE_FLAGS ? process.env.MEM_NODE_FLAGS.split(" ") : []), "--import", register, join(dir, "main.mjs")];
    const r = spawnSync(process.execPath, args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        AUTORELOAD_WATCH: "0",
        AUTORELOAD_QUIET: "1",
        MEM_MODE: mode,
        MEM_RELOADS: String(reloads),
        MEM_DIR: dir,
        MEM_SCRIPT: pathToFileURL(fileURLToPath(import.meta.url)).href,
        MEM_REGISTER: register,
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("MEM "));
    if (line === undefined) throw new Error(`${mode} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(line.slice(4));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Node ${process.version}, ${reloads} reloads of a ${moduleSource(0).length}-byte TypeScript module`);
  for (const mode of ["autoreload", "naive"]) {
    const r = measure(mode);
    const [first, mid, last] = r.points;
    const slope = ((last[1] - mid[1]) * 1024) / (last[0] - mid[0]);
    console.log(
      `${mode.padEnd(10)} heapUsed: ${first[1].toFixed(1)} MB after 1, ${mid[1].toFixed(1)} MB after ${mid[0]}, ${last[1].toFixed(1)} MB after ${last[0]}` +
        ` → ${slope.toFixed(1)} KB per reload (from ${mid[0]} to ${last[0]})`,
    );
  }
}
