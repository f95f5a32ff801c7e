// The SWC route to a reload generation: the plan's edits (generation-plan.ts), then one SWC pass
// to AMD (imports → member reads of the dependencies' namespaces, scope-aware), the factory made
// async, the source map chained.
import { createRequire } from "node:module";
import { shiftMappings } from "swc-plugin-autoreload/source-map-edits";
import { HEAD, TAIL, inlineMap, splitInlineMap, type FunctionModule } from "./generation.js";
import { isSpace, parsedPlan, quickPlan } from "./generation-plan.js";

const require = createRequire(import.meta.url);

export interface SwcCore {
  transformSync(code: string, options: Record<string, unknown>): { code: string; map?: string };
}

let swcCore: SwcCore | null | undefined;

/** `@swc/core`, as swc-plugin-autoreload (a dependency) resolves it; undefined when it does not load. */
export function loadSwc(): SwcCore | undefined {
  if (swcCore === undefined) {
    swcCore = null;
    for (const from of [() => require.resolve("swc-plugin-autoreload"), () => import.meta.url]) {
      try {
        swcCore = createRequire(from())("@swc/core") as SwcCore;
        break;
      } catch {
        // next
      }
    }
  }
  return swcCore ?? undefined;
}

/** Where the AMD factory's `function` starts in SWC's output (`define([ "…", … ], function(`). */
function factoryStart(amd: string): number {
  let i = 0;
  // Comments SWC kept before the module (a hashbang became one).
  for (;;) {
    while (isSpace(amd[i])) i++;
    if (amd.startsWith("//", i)) i = amd.indexOf("\n", i) === -1 ? amd.length : amd.indexOf("\n", i);
    else if (amd.startsWith("/*", i)) i = amd.indexOf("*/", i) === -1 ? amd.length : amd.indexOf("*/", i) + 2;
    else break;
  }
  if (!amd.startsWith("define([", i)) throw new Error("[autoreload] unexpected AMD output");
  i += "define([".length;
  for (;;) {
    while (isSpace(amd[i]) || amd[i] === ",") i++;
    const quote = amd[i];
    if (quote === "]") break;
    if (quote !== '"' && quote !== "'") throw new Error("[autoreload] unexpected AMD output");
    for (i++; amd[i] !== quote; i++) {
      if (amd[i] === "\\") i++;
      if (i >= amd.length) throw new Error("[autoreload] unexpected AMD output");
    }
    i++;
  }
  const m = /^\],\s*/.exec(amd.slice(i, i + 8));
  if (m === null || !amd.startsWith("function(", i + m[0].length)) throw new Error("[autoreload] unexpected AMD output");
  return i + m[0].length;
}

export function viaSwc(swc: SwcCore, compiled: string, filename: string): FunctionModule {
  // The map comment is for SWC; the text checks and the parser skip it.
  const mapAt = compiled.lastIndexOf("\n//# sourceMappingURL=");
  const code = mapAt === -1 ? compiled : compiled.slice(0, mapAt);
  const { edits, attributes } = quickPlan(code) ?? parsedPlan(code);

  // The map goes to SWC as an option: left in the text as a comment, SWC would print it again.
  let { map: inputSourceMap } = splitInlineMap(compiled);
  let text = code;
  if (edits.length > 0) {
    edits.sort((a, b) => a.start - b.start || a.rank - b.rank);
    const insertions = edits.filter((e) => e.start === e.end);
    if (insertions.length > 0 && inputSourceMap !== undefined) {
      // Insertions move later columns of their lines: so do the map's generated columns.
      const parsed = JSON.parse(inputSourceMap) as { mappings: string };
      parsed.mappings = shiftMappings(
        code,
        parsed.mappings,
        insertions.map((e) => ({ pos: e.start, end: e.end, text: e.text })),
      );
      inputSourceMap = JSON.stringify(parsed);
    }
    let out = "";
    let at = 0;
    for (const e of edits) {
      out += code.slice(at, e.start) + e.text;
      at = e.end;
    }
    text = out + code.slice(at);
  }

  // AMD rather than CommonJS: the dependencies arrive as the factory's parameters, listed in
  // `define([...])`, so nothing has to find SWC's `require()` calls among the module's own code.
  const result = swc.transformSync(text, {
    filename,
    isModule: true,
    swcrc: false,
    configFile: false,
    inputSourceMap: inputSourceMap ?? false,
    sourceMaps: true,
    jsc: { parser: { syntax: "ecmascript", importAttributes: true, explicitResourceManagement: true }, target: "esnext" },
    module: { type: "amd", importInterop: "none", ignoreDynamic: true },
  });
  // The factory becomes `async` (top-level await); the head takes a line of its own.
  const fnAt = factoryStart(result.code);
  const amd = `${result.code.slice(0, fnAt)}async ${result.code.slice(fnAt)}`;
  let map = "";
  if (result.map !== undefined) {
    const parsed = JSON.parse(result.map) as { mappings: string };
    // The head's line first (no mappings), then SWC's lines with "async " inserted.
    parsed.mappings = `;${shiftMappings(result.code, parsed.mappings, [{ pos: fnAt, end: fnAt, text: "async " }])}`;
    map = inlineMap(parsed);
  }
  return { code: `${HEAD}\n${amd}${TAIL}${map}\n`, attributes, via: "swc" };
}
