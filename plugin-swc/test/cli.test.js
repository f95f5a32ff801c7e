// The `swc` command in a temp project: compiles with --plugin autoreload, the output runs;
// bad flags and unknown plugins fail with a clear message and a non-zero exit code.
import test from "ava";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import tmp from "tmp";

tmp.setGracefulCleanup();
const exec = promisify(execFile);
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const runtimeDir = fileURLToPath(new URL("../../runtime", import.meta.url));

/** A temp project written from an object literal; `autoreload` is linked to this checkout's runtime. */
function project(files) {
  const { name: dir } = tmp.dirSync({ prefix: "swc-cli-", unsafeCleanup: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(runtimeDir, join(dir, "node_modules", "autoreload"), "dir");
  return dir;
}

/** Runs a command; resolves with { code, stdout, stderr } whatever the exit code. */
async function run(file, args, cwd) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [file, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

const A_TS = `export function add(a: number, b = 1): number {
  return a + b;
}
export class Counter { count = 0; inc(): this { this.count++; return this; } }
console.log("sum", add(2), add.name, add.length, new Counter().inc().count);
`;

test("--plugin autoreload src -d out: instrumented output that runs", async (t) => {
  const dir = project({ "package.json": '{ "type": "module" }', "src/a.ts": A_TS, "src/notes.txt": "copied" });
  const result = await run(cli, ["--plugin", "autoreload", "src", "-d", "out", "-C", "jsc.target=es2022", "--copy-files"], dir);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /Successfully compiled 1 file/);
  const out = readFileSync(join(dir, "out/a.js"), "utf8");
  t.true(out.includes('import "autoreload/install";'));
  t.true(out.includes('add = _ar$m.fn("add", add, 0);'));
  t.true(out.includes('export let Counter = _ar$m.cls("Counter"'));
  t.true(existsSync(join(dir, "out/notes.txt")), "--copy-files copies the other files");
  const ran = await run(join(dir, "out/a.js"), [], dir);
  t.is(ran.code, 0, ran.stderr);
  t.is(ran.stdout.trim(), "sum 3 add 1 1");
});

test("-s writes a map; -C module.type=commonjs converts after instrumenting", async (t) => {
  const dir = project({ "src/a.ts": A_TS });
  const result = await run(cli, ["--plugin", "autoreload", "src/a.ts", "-d", "out", "-s", "-C", "module.type=commonjs", "-C", "jsc.target=es2022", "-q"], dir);
  t.is(result.code, 0, result.stderr);
  t.is(result.stdout, "", "--quiet prints nothing");
  const out = readFileSync(join(dir, "out/a.js"), "utf8");
  t.true(out.includes('require("autoreload/install");'));
  t.true(out.includes("//# sourceMappingURL=a.js.map"));
  t.deepEqual(JSON.parse(readFileSync(join(dir, "out/a.js.map"), "utf8")).sources, ["../src/a.ts"]);
  const ran = await run(join(dir, "out/a.js"), [], dir);
  t.is(ran.stdout.trim(), "sum 3 add 1 1", ran.stderr);
});

test("without -d, the output goes to stdout; .swcrc is read unless --no-swcrc", async (t) => {
  const dir = project({
    ".swcrc": '{ // comment\n "jsc": { "target": "es2022", "parser": { "syntax": "typescript" } }, "module": { "type": "commonjs" } }',
    "a.ts": A_TS,
  });
  const withRc = await run(cli, ["--plugin", "autoreload", "a.ts"], dir);
  t.is(withRc.code, 0, withRc.stderr);
  t.true(withRc.stdout.includes('require("autoreload/install");'));
  const noRc = await run(cli, ["--plugin", "autoreload", "a.ts", "--no-swcrc", "-C", "jsc.target=es2022"], dir);
  t.true(noRc.stdout.includes('import "autoreload/install";'));
});

test("a bad flag: non-zero exit, what and what to do", async (t) => {
  const dir = project({ "src/a.ts": A_TS });
  const result = await run(cli, ["--plugin", "autoreload", "src", "--out-dri", "out"], dir);
  t.not(result.code, 0);
  t.regex(result.stderr, /swc: error: Unknown option '--out-dri'/);
  t.regex(result.stderr, /swc --help/);
});

test("-C without key=value: a clear error", async (t) => {
  const dir = project({ "src/a.ts": A_TS });
  const result = await run(cli, ["src", "-C", "module.type"], dir);
  t.not(result.code, 0);
  t.regex(result.stderr, /expected key=value/);
  t.regex(result.stderr, /-C module\.type=commonjs/);
});

test("an unknown plugin: non-zero exit, names what was tried", async (t) => {
  const dir = project({ "src/a.ts": A_TS });
  const result = await run(cli, ["--plugin", "nonexistent", "src", "-d", "out"], dir);
  t.not(result.code, 0);
  t.regex(result.stderr, /unknown plugin "nonexistent": neither swc-plugin-nonexistent nor nonexistent could be found/);
  t.regex(result.stderr, /npm install --save-dev swc-plugin-nonexistent/);
});

test("another JS plugin resolves by its own name", async (t) => {
  const dir = project({
    "src/a.js": "export const x = 1;\n",
    "node_modules/swc-plugin-noop/package.json": '{ "name": "swc-plugin-noop", "type": "module", "exports": "./index.js" }',
    "node_modules/swc-plugin-noop/index.js": "export default () => (program) => program;\n",
  });
  const result = await run(cli, ["--plugin", "noop", "src/a.js", "--no-swcrc", "-C", "jsc.target=es2022"], dir);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /export const x = 1;/);
});

test("--help", async (t) => {
  const result = await run(cli, ["--help"], process.cwd());
  t.is(result.code, 0);
  t.regex(result.stdout, /--plugin <name>/);
});
