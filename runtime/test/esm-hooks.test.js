// How the ES module hooks are installed (module.registerHooks in-thread where Node has it,
// module.register off-thread otherwise), the entry points, and what is not instrumented.
import test from "ava";
import { project, run } from "@autoreload/harness";

const register = new URL("../dist/register.js", import.meta.url).href;
const registerPath = new URL("../dist/register.js", import.meta.url).pathname;
const [major, minor] = process.version.slice(1).split(".").map(Number);
const hasRegisterHooks = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15);

/** Runs `files` with `node <nodeArgs> <entry>` (or the CLI), returns the child once it printed `until`. */
async function start(t, files, entry, { until = "DONE", ...options } = {}) {
  const p = project(files);
  const child = run(p.dir, entry, { cli: false, ...options, env: { AUTORELOAD_DEBUG: "1", ...options.env } });
  t.teardown(async () => {
    await child.stop();
    p.cleanup();
  });
  await child.waitFor(until);
  return { p, child };
}

const kindProbe = `import { f } from "./lib.ts";
console.log("KIND " + globalThis[Symbol.for("autoreload.esmHooks")] + " " + f() + " " + globalThis.__autoreload.records.has(new URL("./lib.ts", import.meta.url).href));
console.log("DONE");`;
const typeModule = JSON.stringify({ type: "module" });

test(`hooks: ${hasRegisterHooks ? "module.registerHooks (in-thread)" : "module.register (off-thread)"} on Node ${process.version}`, async (t) => {
  const { child } = await start(
    t,
    { "package.json": typeModule, "main.mjs": kindProbe, "lib.ts": "export function f(): string { return 'ok'; }" },
    "main.mjs",
    {
      nodeArgs: ["--import", register],
    },
  );
  const expected = hasRegisterHooks ? "registerHooks" : "register";
  t.true(child.lines.includes(`KIND ${expected} ok true`), child.output);
  // The debug line goes to stderr, KIND and DONE to stdout: two pipes, no order between them.
  const debug = `[autoreload] ES module hooks: module.${expected} (${hasRegisterHooks ? "in" : "off"}-thread)`;
  for (let i = 0; i < 100 && !child.lines.includes(debug); i++) await new Promise((r) => setTimeout(r, 20));
  t.true(child.lines.includes(debug), child.output);
});

test("hooks: AUTORELOAD_ESM_HOOKS=register forces the off-thread hooks, which still compile and track", async (t) => {
  const { child } = await start(
    t,
    { "package.json": typeModule, "main.mjs": kindProbe, "lib.ts": "export function f(): string { return 'ok'; }" },
    "main.mjs",
    {
      nodeArgs: ["--import", register],
      env: { AUTORELOAD_ESM_HOOKS: "register" },
    },
  );
  t.true(child.lines.includes("KIND register ok true"), child.output);
});

test("off-thread or not, nothing keeps the process alive: a finished program exits by itself", async (t) => {
  const { child } = await start(
    t,
    { "package.json": typeModule, "main.mjs": kindProbe, "lib.ts": "export function f(): string { return 'ok'; }" },
    "main.mjs",
    {
      nodeArgs: ["--import", register],
      env: { AUTORELOAD_ESM_HOOKS: "register" },
    },
  );
  t.deepEqual(await child.exited, { code: 0, signal: null });
});

test("node -r autoreload/register keeps working for CommonJS", async (t) => {
  const main = `const lib = require("./lib.js");
const { autoreload } = require(${JSON.stringify(registerPath)});
const fs = require("node:fs");
console.log("v1 " + lib.f());
fs.writeFileSync(__dirname + "/lib.js", "exports.f = function () { return 2; };");
autoreload.check({ force: true }).then(() => { console.log("v2 " + lib.f()); console.log("DONE"); });`;
  const { child } = await start(
    t,
    { "package.json": JSON.stringify({ type: "commonjs" }), "main.js": main, "lib.js": "exports.f = function () { return 1; };" },
    "main.js",
    {
      nodeArgs: ["-r", registerPath],
      env: { AUTORELOAD_WATCH: "0" },
    },
  );
  t.true(child.lines.includes("v1 1") && child.lines.includes("v2 2"), child.output);
});

test("npx autoreload app.mts in a CommonJS package: .mts is ESM, the .cts it imports is CommonJS, .ts follows the package type", async (t) => {
  const files = {
    "package.json": JSON.stringify({ type: "commonjs" }),
    "app.mts": `import { f } from "./lib.mts";
import c from "./c.cts";
import t from "./t.ts";
const ids = [...globalThis.__autoreload.records.keys()].map((k) => (k.startsWith("file:") ? "esm:" : "cjs:") + k.replace(/^.*[\\\\/]/, "")).sort();
console.log("IDS " + ids.join(","));
console.log("OUT " + f() + c.g() + t.h());
console.log("DONE");`,
    "lib.mts": "export function f(): string { return 'f'; }",
    "c.cts": "export function g(): string { return 'g'; }",
    "t.ts": "export function h(): string { return 'h'; }",
  };
  const { child } = await start(t, files, "app.mts", { cli: true });
  // ES modules are ids by URL (file:///…/lib.mts), CommonJS ones by path.
  t.true(child.lines.includes("OUT fgh"), child.output);
  // app.mts is instrumented too: its top-level `.map((k) => …)` callback is a cell.
  t.is(
    child.lines.find((l) => l.startsWith("IDS ")),
    "IDS cjs:c.cts,cjs:t.ts,esm:app.mts,esm:lib.mts",
  );
});

test("ES modules under node_modules are neither instrumented nor tracked (M7)", async (t) => {
  const files = {
    "package.json": typeModule,
    "node_modules/dep/package.json": JSON.stringify({ name: "dep", type: "module", exports: "./index.js" }),
    "node_modules/dep/index.js": "export function d() { return 'd'; }",
    "main.mjs": `import { d } from "dep";
import { autoreload } from ${JSON.stringify(register)};
await new Promise((r) => setImmediate(r));
const file = new URL("./node_modules/dep/index.js", import.meta.url);
console.log("DEP " + d() + " " + globalThis.__autoreload.records.has(file.href) + " " + autoreload.modules.has(file.pathname));
console.log("DONE");`,
  };
  const { child } = await start(t, files, "main.mjs", { nodeArgs: ["--import", register] });
  t.true(child.lines.includes("DEP d false false"), child.output);
});

// The reload generation pass (esm-transform.ts, SWC route): every write of an exported value
// after its declaration must be told (`__ar$w(…)`), whether the text checks or the parse found it;
// reads must not cost a parse. Checked on the compiled output of both compilers.
const transform = async () => {
  const { toFunctionModule } = await import("../dist/node/esm/transform.js");
  const { createSwcCompiler } = await import("../dist/node/compile/swc.js");
  const { createBabelCompiler } = await import("../dist/node/compile/babel.js");
  const compilers = [createSwcCompiler(), createBabelCompiler()];
  return (body) =>
    compilers.map((c) => {
      const code = c.compile({
        filename: "/virtual/a.mjs",
        source: `export let X = 1;\nlet Y = 0;\n${body}`,
        format: "module",
        moduleId: "file:///virtual/a.mjs",
        reload: true,
      });
      return toFunctionModule(code, "/virtual/a.mjs", "swc").code;
    });
};
const wraps = (code) => /__ar\$w\([^)]/.test(code.replace(/\/\/# sourceMappingURL=.*/, ""));

test("reload generation: writes of an exported value are told, in every form", async (t) => {
  const generate = await transform();
  const writes = [
    "X = 2;",
    "X += 2;",
    "X++;",
    "--X;",
    "X ||= 2;",
    "X **= 2;",
    "X >>>= 1;",
    "[X] = [2];",
    "[Y, X] = [1, 2];",
    "({ X } = { X: 2 });",
    "({ a: X } = { a: 2 });",
    "(X) = 2;",
    "[(X)] = [2];",
    "for (X of [2]);",
    "for (X in { a: 1 });",
    "return [X] = [2];",
    "return (X) = 2;",
    "X\n= 2;",
  ];
  for (const write of writes) {
    for (const code of generate(`export function f() { ${write} }`)) t.true(wraps(code), `${JSON.stringify(write)} not told:\n${code}`);
  }
  for (const code of generate(`export function* g() { yield (X) = 2; }`)) t.true(wraps(code));
});

test("reload generation: reads of an exported value tell nothing", async (t) => {
  const generate = await transform();
  const reads = [
    "return X;",
    "return X + 1;",
    "return g(X) + g(1, X) + k[X] + `${X}`;",
    "return X.toString();",
    "return X == 1 ? X : -X;",
    "return X <= 1 && X >= 0;",
  ];
  for (const read of reads) {
    for (const code of generate(`function g(v) { return v; }\nconst k = {};\nexport function f() { ${read} }`))
      t.false(wraps(code), `${JSON.stringify(read)} told:\n${code}`);
  }
});
