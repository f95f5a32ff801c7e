import swc from "@swc/core";
const { makeSource } = await import("./_make.mjs");
const dist = "../../../plugin-swc/dist/";
const { instrument } = await import(dist + "instrument.js");
const { analyze } = await import(dist + "analyze.js");
const { tokenize } = await import(dist + "tokenize.js");
const { moduleFacts } = await import(dist + "facts.js");
const { printedOrigins } = await import(dist + "source-map-lookup.js");
const { tokenizeSource } = await import(dist + "source-tokens.js");
const { sourceStatements } = await import(dist + "source-statements.js");
const { resolveOptions } = await import(dist + "options.js");
const { mappingsField } = await import(dist + "edits.js");
const { encodeFacts } = await import("@autoreload/abi");
function measure(fn, ms = 300) { for (let i = 0; i < 10; i++) fn(); const t = []; const u = performance.now() + ms; while (performance.now() < u || t.length < 10) { const a = performance.now(); fn(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return +t[t.length >> 1].toFixed(3); }
for (const n of [160, 1500]) {
  const src = makeSource(n);
  const out = swc.transformSync(src, { filename: "x.ts", sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" } });
  const mappings = mappingsField(out.map).mappings;
  const printed = tokenize(out.code);
  const source = { text: src, jsx: false, typescript: true };
  const planOn = analyze(printed, { moduleKind: undefined, original: src, inlineCells: true });
  const origins = printedOrigins(printed, mappings, src);
  const otoks = tokenizeSource(src, { jsx: false, hints: origins.hints });
  const f = moduleFacts({ original: src, jsx: false, typescript: true, printed, origins, items: planOn.items });
  console.log(n, {
    analyzeOff: measure(() => analyze(printed, { moduleKind: undefined, original: src, inlineCells: false })),
    analyzeOn: measure(() => analyze(printed, { moduleKind: undefined, original: src, inlineCells: true })),
    origins: measure(() => printedOrigins(printed, mappings, src)),
    tokSource: measure(() => tokenizeSource(src, { jsx: false, hints: origins.hints })),
    statements: measure(() => sourceStatements(otoks, true)),
    facts: measure(() => moduleFacts({ original: src, jsx: false, typescript: true, printed, origins, items: planOn.items })),
    encode: measure(() => JSON.stringify(encodeFacts(f))),
    instrOff: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({ patch: false }), original: src, source })),
    instrOn: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({}), original: src, source })),
    items: planOn.items.length,
  });
}
for (const n of [20, 160, 1500]) {
  const src = makeSource(n);
  const out = swc.transformSync(src, { filename: "x.ts", sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" } });
  const mappings = mappingsField(out.map).mappings;
  const source = { text: src, jsx: false, typescript: true };
  console.log(n, {
    instrOff: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({ patch: false }), original: src, source })),
    instrInlineOnly: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({}), original: src, source, unpatchable: "x" })),
    instrOn: measure(() => instrument({ code: out.code, mappings, options: resolveOptions({}), original: src, source })),
  });
}
