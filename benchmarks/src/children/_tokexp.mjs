const { makeSource } = await import("./_make.mjs");
const { tokenizeSource } = await import("../../../plugin-swc/dist/source-tokens.js");
const src = makeSource(1500);
function measure(fn, ms = 1500) { for (let i = 0; i < 10; i++) fn(); const t = []; const u = performance.now() + ms; while (performance.now() < u) { const a = performance.now(); fn(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return +t[t.length >> 1].toFixed(3); }
const hints = { regexAt: new Set(), jsxAt: new Set() };
console.log("tokenizeSource", measure(() => tokenizeSource(src, { jsx: false, hints })));
// raw char loop cost
console.log("char loop", measure(() => { let h = 0; for (let i = 0; i < src.length; i++) h = (h + src.charCodeAt(i)) | 0; return h; }));
let count = 0; console.log("tokens", tokenizeSource(src, { jsx: false, hints }).count, "chars", src.length);
console.log("slices", measure(() => { const a = []; for (let i = 0; i + 6 < src.length; i += 7) a.push(src.slice(i, i + 6)); return a; }));
