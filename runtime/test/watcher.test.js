// The watcher's timing rules, seen from a running program.
import test from "ava";
import { performance } from "node:perf_hooks";
import { project, run } from "@autoreload/harness";

const main = `const lib = require("./lib");
let last;
setInterval(() => {
  const v = lib.v();
  if (v !== last) { last = v; console.log("V=" + v); }
}, 2);
`;

test("a save caught between its truncate and its write goes live at once, not a debounce period later", async (t) => {
  const debounceMs = 1200;
  const p = project({ "package.json": '{"type":"commonjs"}', "lib.js": "exports.v = () => 1;\n", "main.js": main });
  const child = run(p.dir, "main.js", { env: { AUTORELOAD_DEBOUNCE_MS: String(debounceMs) } });
  t.teardown(async () => {
    await child.stop();
    p.cleanup();
  });
  await child.waitFor(/^V=1$/);
  // One ordinary save: the watcher is armed and has handed a batch on.
  p.write("lib.js", "exports.v = () => 2;\n");
  await child.waitFor(/^V=2$/, { timeoutMs: 10000 });
  // A quiet period, so the next event is a leading edge again. Two debounce periods: a late second
  // event of that save (Node 24: chokidar's, after the directory watcher's) is handed on up to one
  // debounce period after the reload, and starts a period of its own.
  await new Promise((resolve) => setTimeout(resolve, 2 * debounceMs + 300));
  // The save in two steps, as writeFileSync and many editors do it: truncate, then write. The
  // watcher hands the truncate on at once and the check finds an empty file (skipped); the write
  // comes within the debounce period, which must not delay it.
  p.write("lib.js", "");
  await new Promise((resolve) => setTimeout(resolve, 30));
  const written = performance.now();
  p.write("lib.js", "exports.v = () => 3;\n");
  await child.waitFor(/^V=3$/, { timeoutMs: 10000 });
  const ms = performance.now() - written;
  t.true(ms < debounceMs * 0.66, `the write went live ${ms.toFixed(0)} ms after it (debounce ${debounceMs} ms)\n${child.output}`);
});
