// `npx autoreload` with no program: the REPL (docs/semantics.md, scenario M6).
import test from "ava";
import { project, run } from "@autoreload/harness";

function repl(t, files, cliArgs = []) {
  const p = project({ "package.json": JSON.stringify({ name: "r", private: true, type: "commonjs" }), ...files });
  const child = run(p.dir, undefined, { cliArgs });
  t.teardown(async () => {
    await child.stop();
    p.cleanup();
  });
  return { p, child };
}

test("M6: a module edited between two REPL lines is new on the second line (check before each evaluation, no watcher)", async (t) => {
  const { p, child } = repl(t, { "lib.js": "exports.f = function () { return 'one'; };" }, ["--no-watch"]);
  await child.waitFor(/^autoreload all — modules you require\(\) reload/);
  child.send(`const m = require("./lib"); const f = m.f; console.log("A=" + f())`);
  await child.waitFor(/A=one/);
  p.write("lib.js", "exports.f = function () { return 'two'; };\nexports.g = function () { return 'new'; };");
  child.send(`console.log("B=" + f() + "," + m.g())`);
  await child.waitFor(/B=two,new/);
  t.pass();
});

test("M6: .autoreload sets and shows the mode; .aimport lists, marks and skips", async (t) => {
  const { p, child } = repl(t, { "a.js": "exports.v = () => 1;", "b.js": "exports.v = () => 1;" }, ["--no-watch"]);
  await child.waitFor(/^autoreload all/);
  child.send(".autoreload 1");
  await child.waitFor(/autoreload mode: explicit/);
  child.send(".autoreload sometimes");
  await child.waitFor(/unknown mode "sometimes"/);
  child.send(".aimport ./a, -./b");
  await child.waitFor(/Modules to reload:/);
  t.regex(await child.waitFor(/a\.js/), /\.\/a\.js/);
  child.send(`const a = require("./a"), b = require("./b"); console.log("V=" + a.v() + b.v())`);
  await child.waitFor(/V=11/);
  p.write("a.js", "exports.v = () => 2;");
  p.write("b.js", "exports.v = () => 2;");
  child.send(`console.log("W=" + a.v() + b.v())`);
  await child.waitFor(/W=21/);
});

test("V7: mode complete pushes a new export into the REPL context when the context holds the module's names", async (t) => {
  const { p, child } = repl(t, { "lib.js": "exports.f = function () { return 1; };" }, ["--no-watch", "--mode", "complete"]);
  await child.waitFor(/^autoreload complete/);
  child.send(`var { f } = require("./lib"); console.log("F=" + f())`);
  await child.waitFor(/F=1/);
  p.write("lib.js", "exports.f = function () { return 1; };\nexports.added = function () { return 'pushed'; };");
  child.send(`console.log("G=" + added())`);
  await child.waitFor(/G=pushed/);
  t.pass();
});
