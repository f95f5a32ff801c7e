// Module-graph generator: N modules in a chain, a tree (fan-out 10) or a DAG with shared deps;
// ESM or CommonJS; JS or TS. Written into a temp directory, never into the repository.
//
// Every module exports `f()`. The probe path runs from the root `m0` down to the deepest module
// `m<N-1>` (the leaf); three modules on it carry a 4-digit slot (root, middle, leaf), so
// `m0.f()` returns "<root>.<middle>.<leaf>". An edit rewrites one slot in place (same size), so the
// expected new value is known exactly. Modules off the path return a constant but are imported
// (and so loaded) all the same. `state` is never edited and holds a random id (module state).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SHAPES = ["tree", "chain", "dag"];
export const FAN_OUT = 10;

/** Parent of module i on the probe path (tree and dag share the tree's spanning structure). */
function parentOf(shape, i) {
  return shape === "chain" ? i - 1 : Math.floor((i - 1) / FAN_OUT);
}

/** Direct imports of module i (indices, all greater than i: the graph is acyclic). */
export function importsOf(shape, n, i) {
  if (shape === "chain") return i + 1 < n ? [i + 1] : [];
  const kids = [];
  for (let c = FAN_OUT * i + 1; c <= FAN_OUT * i + FAN_OUT && c < n; c++) kids.push(c);
  if (shape === "dag") {
    // Shared deps: the last 1% of the modules (at least one) are imported by many modules each.
    const pool = Math.max(1, Math.floor(n / 100));
    const j = n - 1 - (i % pool);
    if (j > i && !kids.includes(j)) kids.push(j);
  }
  return kids;
}

/** Root → leaf path; the three edited modules on it. */
export function probePath(shape, n) {
  const path = [];
  for (let i = n - 1; i > 0; i = parentOf(shape, i)) path.push(i);
  path.push(0);
  path.reverse();
  if (path.length < 3) throw new Error(`graph of ${n} modules is too small: the probe path needs 3 modules`);
  const middle = path[Math.floor((path.length - 1) / 2)];
  return { path, root: 0, middle, leaf: n - 1 };
}

const pad = (k) => String(k).padStart(4, "0");

/**
 * @param {{ shape: string, n: number, format: "esm"|"cjs", lang: "js"|"ts", dir?: string }} spec
 * @returns {Graph}
 */
export function generate({ shape, n, format, lang, dir }) {
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape ${shape}`);
  dir ??= mkdtempSync(join(tmpdir(), `autoreload-bench-${shape}-${n}-${format}-${lang}-`));
  mkdirSync(dir, { recursive: true });
  const { path, root, middle, leaf } = probePath(shape, n);
  const next = new Map();
  for (let k = 0; k + 1 < path.length; k++) next.set(path[k], path[k + 1]);
  const slots = new Set([root, middle, leaf]);
  const ts = lang === "ts";
  const ext = ts ? ".ts" : ".js";
  // ESM needs explicit extensions (node, dynohot, hot-hook, deno); TS-as-CJS resolves through the require hook.
  const spec = (i) => (format === "esm" ? `./m${i}${ext}` : ts ? `./m${i}` : `./m${i}.js`);
  const file = (i) => join(dir, `m${i}${ext}`);
  const T = (t) => (ts ? `: ${t}` : "");

  const source = (i, slotValue) => {
    const deps = importsOf(shape, n, i);
    const lines = [];
    deps.forEach((d, k) => {
      if (format === "esm" || ts) lines.push(`import { f as c${k} } from "${spec(d)}";`);
      else lines.push(`const { f: c${k} } = require("${spec(d)}");`);
    });
    if (format === "cjs" && !ts) lines.unshift(`"use strict";`);
    const onPath = next.has(i) ? deps.indexOf(next.get(i)) : -1;
    let body;
    if (slots.has(i)) body = onPath === -1 ? `"${pad(slotValue)}"` : `"${pad(slotValue)}" + "." + c${onPath}()`;
    else body = onPath === -1 ? `"x"` : `c${onPath}()`;
    const exp = format === "esm" || ts ? "export " : "";
    lines.push(
      `const LABEL = "m${i}";`,
      `${exp}function f()${T("string")} {`,
      `  return ${body};`,
      `}`,
      `${exp}function g(a${T("number")}, b${T("number")})${T("number")} {`,
      `  return a * ${i % 97} + b;`,
      `}`,
      `${exp}class Node${i} {`,
      `  ${ts ? "readonly value: number;\n  " : ""}constructor(value${T("number")}) { this.value = value; }`,
      `  label()${T("string")} { return LABEL + ":" + this.value; }`,
      `}`,
      `${exp}const size = ${deps.length};`,
    );
    if (!(format === "esm" || ts)) lines.push(`module.exports = { f, g, Node${i}, size };`);
    // Deps not on the path are only imported; reference them so no bundler-ish tool drops them.
    if (deps.length > 0) lines.push(`${exp}const deps = [${deps.map((_, k) => `c${k}`).join(", ")}];`);
    if (!(format === "esm" || ts) && deps.length > 0) lines.push(`module.exports.deps = deps;`);
    return `${lines.join("\n")}\n`;
  };

  const values = new Map([...slots].map((i) => [i, 0]));
  for (let i = 0; i < n; i++) writeFileSync(file(i), source(i, values.get(i) ?? 0));
  const stateFile = join(dir, `state${ext}`);
  const stateSrc = `export const id = Math.random().toString(36).slice(2, 10);\n`;
  writeFileSync(stateFile, format === "esm" || ts ? stateSrc : `"use strict";\nexports.id = Math.random().toString(36).slice(2, 10);\n`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-app", private: true, type: format === "esm" ? "module" : "commonjs" }, null, 2));

  const graph = {
    dir,
    shape,
    n,
    format,
    lang,
    ext,
    file,
    slots: { root, middle, leaf },
    pathLength: path.length,
    /** The value `m0.f()` returns now. */
    expected: () => `${pad(values.get(root))}.${pad(values.get(middle))}.${pad(values.get(leaf))}`,
    /** Source of module i with its slot set to v (same size as before). */
    sourceWith: (i, v) => source(i, v),
    /** Next edit of module i: the new source and the value `m0.f()` will return after it. */
    nextEdit(i) {
      const v = (values.get(i) + 1) % 10000;
      values.set(i, v);
      return { file: file(i), content: source(i, v), expected: graph.expected() };
    },
    /** Undo bookkeeping of an edit that was not written. */
    setSlot(i, v) {
      values.set(i, v);
    },
    /** Writes an entry point (`main<ext>` etc.) and returns its path. */
    writeEntry(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return graph;
}

/**
 * The entry point, the same for every tool (docs/benchmarks.md, "Method"): calls f() every 1 ms (a setTimeout
 * chain cleared through globalThis so a re-evaluated main never runs two loops) and prints a line
 * only when the value changes.
 * @param {"cjs"|"esm"} format
 * @param {"plain"|"accept"|"boundary"} style plain imports; `import.meta.hot.accept()` (dynohot,
 *   vite-node); hot-hook's `await import(…, import.meta.hot?.boundary)` at the call site.
 */
export function mainSource(graph, style = "plain") {
  const m0 = graph.format === "esm" ? `./m0${graph.ext}` : graph.lang === "ts" ? "./m0" : "./m0.js";
  const st = graph.format === "esm" ? `./state${graph.ext}` : graph.lang === "ts" ? "./state" : "./state.js";
  const esm = graph.format === "esm" || graph.lang === "ts";
  const head = esm
    ? style === "boundary"
      ? `import { id } from "${st}";\n`
      : `import { f } from "${m0}";\nimport { id } from "${st}";\n`
    : `const { f } = require("${m0}");\nconst { id } = require("${st}");\n`;
  const call = style === "boundary" ? `(await import("${m0}", import.meta.hot?.boundary)).f()` : `f()`;
  const g = `globalThis${graph.lang === "ts" ? " as any" : ""}`;
  return `${head}const G = ${g};
G.__benchBoot ??= Math.random().toString(36).slice(2, 10);
G.__benchEvals = (G.__benchEvals ?? 0) + 1;
if (G.__benchTimer !== undefined) clearTimeout(G.__benchTimer);
G.__benchTicks ??= 0;
const tick = ${style === "boundary" ? "async " : ""}() => {
  G.__benchTicks++;
  let v;
  try { v = ${call}; } catch (e) { v = "ERR " + (e && e.message); }
  if (v !== G.__benchLast) {
    G.__benchLast = v;
    console.log("V=" + v + " pid=" + process.pid + " boot=" + id + " gboot=" + G.__benchBoot + " mainEvals=" + G.__benchEvals + " ticks=" + G.__benchTicks + " t=" + Date.now());
  }
  G.__benchTimer = setTimeout(tick, 1);
};
G.__benchLast = undefined;
tick();
${style === "accept" ? `import.meta.hot?.accept();\nimport.meta.hot?.dispose(() => clearTimeout(G.__benchTimer));\n` : ""}`;
}
