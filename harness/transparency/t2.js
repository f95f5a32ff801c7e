// T2 as a matrix cell: which library runs in which combination, the verdict, and the numbers
// docs/conformance.md reports. Results are kept per (library, compiler) for the report.
import { reloadQs, suite } from "./cjs.js";
import { availablePlugins } from "./instrument.js";
import { EXCLUDED, suiteZod } from "./zod.js";

export function createT2({ caps }) {
  const records = []; // { library, compiler, plain, instrumented, reload? }
  let plugins;
  return {
    records,
    /** @param {import("../src/matrix/combos.js").Combo} combo */
    async cell(combo) {
      if (combo.format === "cjs" && combo.lang === "ts")
        return { status: "n/a", reason: "T2's CommonJS libraries (qs, minimist) are JavaScript; its TypeScript library (zod) is ESM: see esm·ts" };
      if (combo.format === "esm" && combo.lang === "js")
        return { status: "n/a", reason: "no ESM JavaScript library in T2's list (CommonJS: qs, minimist; TypeScript: zod)" };
      plugins ??= await availablePlugins();
      if (plugins[combo.compiler] !== true) return { status: "n/a", reason: plugins[combo.compiler] };
      const problems = [];
      let summary = [];
      if (combo.format === "cjs") {
        for (const library of ["qs", "minimist"]) {
          const r = await suite(library, [combo.compiler]);
          const ins = r[combo.compiler];
          const rec = { library, compiler: combo.compiler, plain: r.plain, instrumented: ins };
          records.push(rec);
          if (ins.error) problems.push(`${library}: ${ins.error}`);
          else {
            if (!r.plain.complete || !ins.complete) problems.push(`${library}: the suite did not finish (exit ${ins.code})`);
            if (ins.newFailures.length) problems.push(`${library}: ${ins.newFailures.length} new failure(s): ${ins.newFailures.slice(0, 3).join("; ")}`);
            if (ins.instrumented === 0) problems.push(`${library}: no module was instrumented`);
            summary.push(`${library} ${ins.passed}/${ins.run} (plain ${r.plain.passed}/${r.plain.run})`);
          }
          if (library === "qs") {
            if (caps[`${combo.compiler}·cjs`]?.ok) {
              const reload = await reloadQs(combo.compiler);
              rec.reload = reload;
              if (!reload.oldReferenceSeesEdit || !reload.sameIdentity || !reload.stillParses) problems.push(`qs reload: ${JSON.stringify(reload)}`);
            } else rec.reload = { skipped: caps[`${combo.compiler}·cjs`]?.reason };
          }
        }
      } else {
        const r = await suiteZod([combo.compiler]);
        const ins = r[combo.compiler];
        records.push({ library: "zod", compiler: combo.compiler, plain: r.plain, instrumented: ins });
        if (ins.error || r.plain.error) problems.push(`zod: ${ins.error ?? r.plain.error}`);
        else {
          if (ins.newFailures.length) problems.push(`zod: ${ins.newFailures.length} new failure(s): ${ins.newFailures.slice(0, 3).join("; ")}`);
          if (ins.instrumented === 0) problems.push("zod: no module was instrumented");
          summary.push(`zod ${ins.passed}/${ins.run} (plain ${r.plain.passed}/${r.plain.run})`);
        }
      }
      if (problems.length) return { status: "FAIL", reason: problems.map((p) => p.split("\n")[0]).join(" | "), detail: problems.join("\n") };
      return { status: "pass", logs: [summary.join(", ")] };
    },
    markdown() {
      const out = ["## Transparency on real libraries (T2)", ""];
      out.push(
        'Each library\'s own test suite, copied from its npm tarball to a temp dir, run as shipped ("plain") and with every library module (not the tests) instrumented by the plugin.',
        "",
      );
      out.push(
        "| library | plugin | tests run | passed | failed | plain: run / passed | new failures | modules instrumented |",
        "|---|---|---|---|---|---|---|---|",
      );
      for (const r of records) {
        const i = r.instrumented;
        if (i.error) out.push(`| ${r.library} | ${r.compiler} | error: ${String(i.error).split("\n")[0]} | | | | | |`);
        else
          out.push(
            `| ${r.library} | ${r.compiler} | ${i.run} | ${i.passed} | ${i.failed} | ${r.plain.run} / ${r.plain.passed} | ${i.newFailures.length} | ${i.instrumented} |`,
          );
      }
      if (records.length === 0) out.push("| (not run) | | | | | | | |");
      out.push("");
      const reloads = records.filter((r) => r.reload);
      if (reloads.length) {
        out.push(
          "Reload on top (qs, loaded by the runtime's loader under `autoreload --no-watch`; `lib/parse.js` edited so `parse` tags its result, then `autoreload.check()`):",
          "",
        );
        for (const r of reloads)
          out.push(
            `- ${r.compiler}: ${r.reload.skipped ? `not run: ${r.reload.skipped}` : `outcomes ${JSON.stringify(r.reload.outcomes)}; \`qs.parse\` held before the edit sees it: ${r.reload.oldReferenceSeesEdit}; same identity: ${r.reload.sameIdentity}; still parses: ${r.reload.stillParses}`}`,
          );
        out.push("");
      }
      out.push("zod test files left out (all others under `src/**/*.test.ts` run):", "");
      for (const e of EXCLUDED) out.push(`- \`${e.file}\`: ${e.why}`);
      out.push("");
      return out.join("\n");
    },
  };
}
