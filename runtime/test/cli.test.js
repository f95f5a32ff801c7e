// The `autoreload` command and the `-r autoreload/register` entry, as a new user runs them.
import test from "ava";
import { get } from "node:http";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { project, run, repoRoot } from "@autoreload/harness";

const cjsPackage = JSON.stringify({ name: "app", private: true, type: "commonjs" });

function withProject(t, files) {
  const p = project({ "package.json": cjsPackage, ...files });
  t.teardown(() => p.cleanup());
  return p;
}

test("--help prints usage and exits 0", async (t) => {
  const p = withProject(t, {});
  const child = run(p.dir, "--help", { cliArgs: [] });
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 0);
  t.regex(child.output, /Usage: autoreload \[options\] <app>/);
});

test("unknown flag: clear error, exit 2", async (t) => {
  const p = withProject(t, { "app.js": "" });
  const child = run(p.dir, "app.js", { cliArgs: ["--frobnicate"] });
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 2);
  t.regex(child.output, /autoreload: Unknown option '--frobnicate'/);
  t.regex(child.output, /autoreload --help/);
});

test("missing program: says which path it looked for, exit 2", async (t) => {
  const p = withProject(t, {});
  const child = run(p.dir, "nope.ts");
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 2);
  t.regex(child.output, /cannot find nope\.ts \(looked for .*nope\.ts\)/);
});

test("unknown mode: the error lists the valid modes", async (t) => {
  const p = withProject(t, { "app.js": "" });
  const child = run(p.dir, "app.js", { cliArgs: ["--mode", "sometimes"] });
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 2);
  t.regex(child.output, /unknown mode "sometimes": use off \(0\), explicit \(1\), all \(2\) or complete \(3\)/);
});

test("a program that finishes exits: the watcher never keeps the process alive", async (t) => {
  const p = withProject(t, { "app.ts": `export function f(): number { return 41 + 1; }\nconsole.log("answer", f());` });
  const child = run(p.dir, "app.ts");
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 0);
  t.regex(child.output, /answer 42/);
});

test("arguments after the program are the program's; process.argv[1] and require.main are the program", async (t) => {
  const p = withProject(t, {
    "app.js": `console.log(JSON.stringify({ args: process.argv.slice(2), main: require.main === module, file: require("node:path").basename(process.argv[1]) }));`,
  });
  const child = run(p.dir, "app.js", { cliArgs: ["--quiet"], args: ["--port", "3", "x"] });
  t.teardown(() => child.stop());
  const { code } = await child.exited;
  t.is(code, 0);
  const line = child.lines.find((l) => l.startsWith("{"));
  t.deepEqual(JSON.parse(line), { args: ["--port", "3", "x"], main: true, file: "app.js" });
});

test("node -r autoreload/register reloads a CommonJS module", async (t) => {
  const p = withProject(t, {
    "lib.js": "exports.f = function () { return 1; };",
    "app.js": `const lib = require("./lib"); const f = lib.f; process.stdin.on("data", () => console.log("VALUE " + f())); console.log("READY");`,
  });
  const child = run(p.dir, "app.js", { cli: false, nodeArgs: ["-r", join(repoRoot, "runtime", "dist", "register.js")] });
  t.teardown(() => child.stop());
  await child.waitFor("READY");
  p.write("lib.js", "exports.f = function () { return 2; };");
  await child.waitFor(/\[autoreload\] reloaded \.\/lib\.js \(\d+(\.\d)? ms\)/);
  child.send("x");
  t.is(await child.waitFor(/^VALUE /), "VALUE 2");
});

test("AUTORELOAD_MODE=off: edits have no effect", async (t) => {
  const p = withProject(t, {
    "lib.js": "exports.f = function () { return 1; };",
    "app.js": `const lib = require("./lib"); process.stdin.on("data", async () => { await require("autoreload").autoreload.check(); console.log("VALUE " + lib.f()); }); console.log("READY");`,
  });
  const child = run(p.dir, "app.js", {
    cli: false,
    nodeArgs: ["-r", join(repoRoot, "runtime", "dist", "register.js")],
    env: { AUTORELOAD_MODE: "off", NODE_PATH: join(repoRoot, "node_modules") },
  });
  t.teardown(() => child.stop());
  await child.waitFor("READY");
  p.write("lib.js", "exports.f = function () { return 2; };");
  child.send("x");
  t.is(await child.waitFor(/^VALUE /), "VALUE 1");
});

test("the demo (npm start): serves, reloads an edited handler, keeps its state", async (t) => {
  const p = withProject(t, {});
  cpSync(join(repoRoot, "examples", "demo"), p.dir, { recursive: true });
  const child = run(p.dir, "server.ts", { env: { PORT: "0" } });
  t.teardown(() => child.stop());
  const line = await child.waitFor(/^demo listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  const port = Number(/:(\d+)\//.exec(line)[1]);
  const request = (path, method = "GET") =>
    new Promise((resolve, reject) => {
      const req = get({ host: "127.0.0.1", port, path, method }, (res) => {
        let body = "";
        res
          .setEncoding("utf8")
          .on("data", (c) => (body += c))
          .on("end", () => resolve(body));
      });
      req.on("error", reject);
    });
  await request("/todos?text=milk", "POST");
  t.is(await request("/"), "Hello from autoreload! visits=2 todos=1\n");
  p.write("handlers.ts", p.read("handlers.ts").replace("Hello from autoreload!", "Hi there!"));
  await child.waitFor(/^\[autoreload\] reloaded \.\/handlers\.ts \(/);
  t.is(await request("/"), "Hi there! visits=3 todos=1\n");
});

test("a project's own Babel config is used (with the autoreload plugin added)", async (t) => {
  const p = withProject(t, {
    "babel.config.json": JSON.stringify({ plugins: ["./shout.cjs"] }),
    // A user plugin: turns every string literal "hello" into "HELLO".
    "shout.cjs": `module.exports = () => ({ visitor: { StringLiteral(path) { if (path.node.value === "hello") path.node.value = "HELLO"; } } });`,
    "lib.js": `exports.word = function () { return "hello"; };`,
    "app.js": `const lib = require("./lib"); const word = lib.word; process.stdin.on("data", () => console.log("VALUE " + word())); console.log("READY " + word());`,
  });
  const child = run(p.dir, "app.js");
  t.teardown(() => child.stop());
  t.is(await child.waitFor(/^READY/), "READY HELLO");
  p.write("lib.js", `exports.word = function () { return "hello" + "!"; };`);
  await child.waitFor(/reloaded \.\/lib\.js/);
  child.send("x");
  t.is(await child.waitFor(/^VALUE /), "VALUE HELLO!");
});

test("default compiler (auto) is SWC when the project has no Babel config; --compiler babel picks Babel", async (t) => {
  const p = withProject(t, {
    "lib.js": `exports.f = function () { return 1; };`,
    "app.js": `console.log("SRC " + JSON.stringify(require("./lib").f.toString().split("\\n")[0]));`,
  });
  const auto = run(p.dir, "app.js");
  t.teardown(() => auto.stop());
  // SWC prints `function() {`, Babel `function () {` (what follows on the line is the check, where each compiler puts it).
  t.regex(await auto.waitFor(/^SRC /), /^SRC "function\(\) \{/);
  const babel = run(p.dir, "app.js", { cliArgs: ["--compiler", "babel"] });
  t.teardown(() => babel.stop());
  t.regex(await babel.waitFor(/^SRC /), /^SRC "function \(\) \{/);
});

test("transform cache: a second start reads compiled modules from AUTORELOAD_CACHE_DIR; reloads work and bypass it", async (t) => {
  const p = withProject(t, {
    "lib.ts": `export function f(): number { return 1; }`,
    "app.js": `const lib = require("./lib"); const f = lib.f; process.stdin.on("data", () => console.log("VALUE " + f())); console.log("READY " + f());`,
  });
  const env = { AUTORELOAD_CACHE: "1", AUTORELOAD_CACHE_DIR: p.path(".cache") };
  const first = run(p.dir, "app.js", { cliArgs: ["--compiler", "swc"], env });
  t.teardown(() => first.stop());
  t.is(await first.waitFor(/^READY/), "READY 1");
  await first.stop();
  const { readdirSync } = await import("node:fs");
  const entries = readdirSync(p.path(".cache"), { recursive: true }).filter((f) => String(f).endsWith(".js"));
  t.is(entries.length, 2, "app.js and lib.ts compiled once and stored");
  const second = run(p.dir, "app.js", { cliArgs: ["--compiler", "swc"], env });
  t.teardown(() => second.stop());
  t.is(await second.waitFor(/^READY/), "READY 1");
  p.write("lib.ts", `export function f(): number { return 2; }`);
  await second.waitFor(/reloaded \.\/lib\.ts/);
  second.send("x");
  t.is(await second.waitFor(/^VALUE /), "VALUE 2");
  t.is(
    readdirSync(p.path(".cache"), { recursive: true }).filter((f) => String(f).endsWith(".js")).length,
    2,
    "a reload's compile is not written to the cache (it is on the reload's critical path)",
  );
});
