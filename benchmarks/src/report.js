// Tables (console and Markdown), the targets, and the SVG chart (vega-lite → vega → SVG, no browser).
import * as vega from "vega";
import { compile } from "vega-lite";
import { fmtMs } from "./util.js";

const fx = (r, d = 2) => (r === undefined || r === null || Number.isNaN(r) ? "—" : `${r.toFixed(d)}×`);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

/** A table: { title, head: [...], rows: [[...]], note? }. */
function table(title, head, rows, note) {
  return { title, head, rows, note };
}

export function toMarkdown(t) {
  const out = [`### ${t.title}`, ""];
  if (t.note) out.push(t.note, "");
  out.push(`| ${t.head.join(" | ")} |`, `|${t.head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
  for (const r of t.rows) out.push(`| ${r.join(" | ")} |`);
  return `${out.join("\n")}\n`;
}

export function toConsole(t) {
  // Long failure texts are cut on the console (the Markdown and the JSON keep them whole).
  const cut = (c) => (c.length > 70 ? `${c.slice(0, 67)}...` : c);
  const cells = [t.head, ...t.rows].map((r) => r.map((c) => cut(String(c).replace(/\*\*/g, ""))));
  const widths = t.head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [`\n${t.title}`, line(cells[0]), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** "n/a (ESM loader not available: <stack>)" → "n/a (ESM loader not available)"; the detail is listed under failures. */
export const shortNa = (na) => String(na).replace(/^(n\/a \([^:)]*)[:][\s\S]*$/, "$1)");

const latencyCell = (r) => {
  if (r === undefined) return "—";
  if (r.na) return shortNa(r.na);
  if (!r.ok) return `failed: ${r.error}`;
  return `${fmtMs(r.stats.all.p50)} / ${fmtMs(r.stats.all.p95)} / ${fmtMs(r.stats.all.max)}`;
};

/** All tables from a results object. */
export function tables(results) {
  const out = [];
  const lat = results.latency.filter((r) => r.shape === "tree");
  const sizes = [...new Set(lat.map((r) => r.n))].sort((a, b) => a - b);
  const tools = [...new Set(lat.map((r) => r.tool))];
  const label = (tool) => lat.find((r) => r.tool === tool)?.label ?? tool;
  out.push(
    table(
      "File written → new code live, in a running process (p50 / p95 / max), tree graph (fan-out 10)",
      ["tool", ...sizes.map((n) => `${n.toLocaleString("en-US")} modules`), "state kept", "edits"],
      tools.map((tool) => {
        const rs = sizes.map((n) => lat.find((r) => r.tool === tool && r.n === n));
        const any = rs.find((r) => r?.ok);
        return [label(tool), ...rs.map(latencyCell), any ? (any.stateKept ? "yes" : "no") : "—", any ? String(any.stats.all.n) : "—"];
      }),
      "Leaf, middle and root edits together; per-position figures are in `benchmarks/results/latest.json`. State kept = the id held by a module that is never edited survived every edit.",
    ),
  );
  const perPos = lat.filter((r) => r.ok && TOOLS_OURS(r));
  if (perPos.length > 0) {
    out.push(
      table(
        "autoreload by edited module (p50 / p95)",
        ["tool", "modules", "leaf", "middle", "root", "start-up (first response)"],
        perPos.map((r) => [
          r.label,
          r.n.toLocaleString("en-US"),
          ...["leaf", "middle", "root"].map((p) => (r.stats[p] ? `${fmtMs(r.stats[p].p50)} / ${fmtMs(r.stats[p].p95)}` : "—")),
          fmtMs(r.startupMs),
        ]),
      ),
    );
  }
  const shapes = results.latency.filter((r) => r.shape !== "tree");
  if (shapes.length > 0) {
    out.push(
      table(
        "Other graph shapes (p50 / p95 / max)",
        ["tool", "shape", "modules", "write → live", "path length"],
        shapes.map((r) => [r.label, r.shape, r.n.toLocaleString("en-US"), latencyCell(r), String(r.pathLength ?? "—")]),
      ),
    );
  }
  if (results.check.length > 0) {
    out.push(
      table(
        "In process: `autoreload.check()` → new code live, against transform + evaluate of that file alone (p50)",
        [
          "compiler / format",
          "modules",
          "check() (all modules)",
          "check({ files })",
          "file alone",
          "ratio check()",
          "ratio check({ files })",
          "a stat of every module",
          "load of the graph",
        ],
        results.check.map((c) =>
          c.ok
            ? [
                `${c.compiler} / ${c.format}`,
                c.n.toLocaleString("en-US"),
                fmtMs(c.all.p50),
                fmtMs(c.file.p50),
                fmtMs(c.alone.p50),
                fx(c.all.p50 / c.alone.p50),
                fx(c.file.p50 / c.alone.p50),
                c.statAll ? fmtMs(c.statAll.p50) : "—",
                fmtMs(c.loadMs),
              ]
            : [`${c.compiler} / ${c.format}`, c.n.toLocaleString("en-US"), c.na ? shortNa(c.na) : `failed: ${c.error}`, "", "", "", "", "", ""],
        ),
        "`check()` looks at every loaded module (IPython's contract: a change made just before the call is seen), so it pays one `stat` per module; `check({ files })` — what the watcher calls — only the named ones.",
      ),
    );
  }
  if ((results.patchSize ?? []).length > 0) {
    const keys = [...new Set(results.patchSize.map((r) => `${r.format}:${r.lines}`))];
    out.push(
      table(
        "In process: one function body edited in a module of N lines, `check({ files })` → new body live (p50 / p95), patch against full reload (SWC)",
        ["format", "lines", "patch", "full reload", "patch / full"],
        keys.map((k) => {
          const [format, lines] = k.split(":");
          const pick = (how) => results.patchSize.find((r) => r.format === format && String(r.lines) === lines && r.how === how);
          const p = pick("patch");
          const f = pick("full");
          const cell = (r) => (r === undefined ? "—" : r.ok ? `${fmtMs(r.stats.p50)} / ${fmtMs(r.stats.p95)}` : `failed: ${r.error}`);
          return [format, lines, cell(p), cell(f), p?.ok && f?.ok ? fx(p.stats.p50 / f.stats.p50) : "—"];
        }),
        "The module holds functions, object literals with methods and getters, classes and module state (benchmarks/src/children/patch-size.js); the first reload of each run is left out.",
      ),
    );
  }
  if (results.calls) {
    const rows = [];
    for (const [compiler, c] of Object.entries(results.calls)) {
      if (!c.ok) {
        rows.push([compiler, c.na ? shortNa(c.na) : `failed: ${c.error}`, "", "", "", ""]);
        continue;
      }
      for (const name of Object.keys(c.plain)) {
        rows.push([
          `${compiler}: ${name}`,
          `${c.plain[name].toFixed(2)} ns`,
          `${c.before[name].toFixed(2)} ns`,
          fx(c.before[name] / c.plain[name]),
          `${c.after[name].toFixed(2)} ns`,
          fx(c.after[name] / c.plain[name]),
        ]);
      }
    }
    out.push(
      table(
        "Call overhead: instrumented vs plain (ns per call: best of 7 rounds of ≥ 40 ms, median of the processes)",
        ["case", "plain", "instrumented", "ratio", "after one reload", "ratio"],
        rows,
        "Loops in an uninstrumented module call into an instrumented CommonJS module; the plain side is the same source loaded by plain `require`.",
      ),
    );
  }
  if (results.transform) {
    const t = results.transform;
    const rows = [];
    for (const r of t.rows ?? []) {
      rows.push([`Babel (TS preset + CJS)`, String(r.lines), fmtMs(r.babel.without), fmtMs(r.babel.with), fx(r.babel.ratio)]);
      if (r.babelGlue)
        rows.push([
          `Babel without the plugin, on the plugin's output (TS kept): the emitted code parsed, transformed, printed`,
          String(r.lines),
          fmtMs(r.babelGlue.without),
          fmtMs(r.babelGlue.with),
          fx(r.babelGlue.ratio),
        ]);
      if (r.swcEsm) rows.push([`SWC (ES module out)`, String(r.lines), fmtMs(r.swcEsm.without), fmtMs(r.swcEsm.with), fx(r.swcEsm.ratio)]);
      if (r.swcCjs) rows.push([`SWC (CommonJS out)`, String(r.lines), fmtMs(r.swcCjs.without), fmtMs(r.swcCjs.with), fx(r.swcCjs.ratio)]);
    }
    if (t.swcError) rows.push(["SWC", "", `n/a: ${t.swcError}`, "", ""]);
    out.push(
      table(
        "Transform overhead: plugin vs the same compiler without it (p50 per file, inline source maps)",
        ["compiler", "lines", "without plugin", "with plugin", "ratio"],
        rows,
      ),
    );
  }
  if (results.startup) {
    out.push(
      table(
        `Start-up of a ${results.startup.n.toLocaleString("en-US")}-module graph (spawn → first response)`,
        ["run", "time", "ratio"],
        results.startup.rows.map((r) => [r.label, fmtMs(r.ms), r.ratio === undefined ? "" : fx(r.ratio)]),
      ),
    );
  }
  if (results.memory.length > 0) {
    out.push(
      table(
        "Memory: heap after forced GC (`--expose-gc`), one leaf of a 100-module graph reloaded",
        [
          "format",
          "after first load",
          "after 1 reload",
          "after 100",
          `after ${results.memory.find((m) => m.reloads)?.reloads ?? 1000}`,
          "growth",
          "per reload (100 → last)",
        ],
        results.memory.map((m) => {
          if (!m.ok) return [m.format, m.na ? shortNa(m.na) : `failed: ${m.error}`, "", "", "", "", ""];
          const at = (k) => m.points.find((p) => p.reloads === k);
          const first = at(0);
          const one = at(1);
          const hundred = at(100) ?? one;
          const last = m.points[m.points.length - 1];
          const per = (last.heapUsed - hundred.heapUsed) / Math.max(1, last.reloads - hundred.reloads);
          return [
            m.format,
            mb(first.heapUsed),
            mb(one.heapUsed),
            mb(hundred.heapUsed),
            mb(last.heapUsed),
            fx(last.heapUsed / first.heapUsed),
            `${(per / 1024).toFixed(2)} KiB`,
          ];
        }),
      ),
    );
  }
  out.push(
    table(
      "Targets (the project's own goals for latency, overhead and memory; each row states its threshold)",
      ["target", "measured", "met?"],
      results.targets.map((t) => [t.target, t.met === null ? shortNa(t.measured) : t.measured, t.met === null ? "n/a" : t.met ? "yes" : "**no**"]),
    ),
  );
  return out;
}

const TOOLS_OURS = (r) => r.tool.startsWith("autoreload");

/** The latency-vs-graph-size chart, SVG (log–log), every tool that produced a number. */
export async function chartSvg(results) {
  const values = results.latency.filter((r) => r.shape === "tree" && r.ok).map((r) => ({ tool: r.label, modules: r.n, p50: Math.max(0.1, r.stats.all.p50) }));
  const spec = compile({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "File written → new code live (p50), tree graph",
      subtitle: `${results.meta.cpu}, ${results.meta.cores} cores, Node ${results.meta.node}, ${results.meta.date.slice(0, 10)}`,
    },
    width: 560,
    height: 340,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: "modules",
        type: "quantitative",
        scale: { type: "log" },
        axis: { title: "modules in the graph (log)", values: [...new Set(values.map((v) => v.modules))] },
      },
      y: { field: "p50", type: "quantitative", scale: { type: "log" }, axis: { title: "ms (log)" } },
      color: { field: "tool", type: "nominal", title: null },
      strokeDash: { condition: { test: "indexof(datum.tool, 'autoreload') === 0", value: [1, 0] }, value: [4, 3] },
    },
    config: { font: "sans-serif", legend: { orient: "right", labelLimit: 400 } },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export function markdown(results, svgRelPath) {
  const m = results.meta;
  const parts = [
    `# Benchmarks`,
    "",
    `Generated by \`npm run bench${m.args.length ? ` -- ${m.args.join(" ")}` : ""}\` on ${m.date} — do not edit by hand; run it again.`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.platform}. Run took ${m.durationS.toFixed(0)} s${m.phases ? ` (${m.phases.map((p) => `${p.name} ${p.s.toFixed(0)} s`).join("; ")})` : ""}.`,
    m.note ? `\n> ${m.note}\n` : "",
    `Peers: ${Object.entries(m.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    "Method (the same for autoreload, the restart baseline and every peer): the app's `main` imports `m0`, which reaches the edited module through the graph; a module `state` that is never edited holds a random id. `main` calls `f()` every 1 ms and prints a line when the value changes. The parent takes `process.hrtime` just before writing the module in place (same size) and stops the clock when the child's `V=<new value>` line is parsed. Children run in their own process group and are killed as a group. Each peer is used as its docs require (`import.meta.hot.accept()` for dynohot and vite-node, `import(…, import.meta.hot?.boundary)` for hot-hook, edits inside function bodies for deno). Restart = spawn Node on the graph after the write, stop at the first response (`node --watch` without its debounce). autoreload runs the CommonJS graph (and the ESM one where the ESM loader is available); the peers need ES modules and run the ESM copy of the same graph.",
    "",
    m.config
      ? `Edits: autoreload ${m.config.oursEdits} per position (leaf, middle, root), ${m.config.oursSettleMs} ms apart; restart and peers ${m.config.baselineEdits} in all cycling the three positions, ${m.config.peerSettleMs} ms apart (a peer that misses an edit is run again with 1 s). The default runs 100, 500 and 10,000 modules, the peers at 500 and 10,000. \`--full\` adds 1,000- and 50,000-module graphs, the peers at every size, Babel's ES-module variant past 1,000, 21 baseline edits, Babel in every in-process and shape case.\n`
      : "",
    "Benchmarks report numbers; they assert nothing about speed. They fail (non-zero exit) only when the thing measured did not happen.",
    "",
    `![latency vs graph size](${svgRelPath})`,
    "",
  ];
  for (const t of tables(results)) parts.push(toMarkdown(t));
  const na = Object.entries(results.available ?? {}).filter(([, v]) => v !== true);
  if (results.failures.length > 0 || na.length > 0) {
    parts.push(
      "### Failures and n/a",
      "",
      ...na.map(([tool, v]) => `- **${tool}**: ${String(v).replace(/\s+/g, " ").slice(0, 600)}`),
      ...results.failures.map(
        (f) => `- **${f.what}**${f.ours ? " (autoreload or restart: the run exits non-zero)" : ""}: ${f.error.replace(/\s+/g, " ").slice(0, 600)}`,
      ),
      "",
    );
  }
  return parts.join("\n");
}
