// Turns an instrumented ES module (the compiler's output, inline source map) into a reload
// generation the runtime evaluates itself (docs/esm.md, "What is re-evaluated"):
//
//   module.exports = { run: (define, __ar$meta, __ar$enter, __ar$w, module, __filename, __dirname) => {
//   define(["require", "exports", "./b.js"], async function (require, exports, _b) {
//     …the module, with imports as live member reads of its dependencies' namespaces (`_b.b`)…
//   });
//   }, load: (s, a) => import(…) };
//
// - `run()` only calls `define(list, factory)`: the reloader learns the dependencies, loads their
//   namespaces (import(), or kept from the last reload), then calls the factory with them;
// - `import.meta` → `__ar$meta`; `globalThis.__autoreload.enter` → `__ar$enter` (the reloader's);
// - top-level await works: the factory is async; `module`, `__filename`, `__dirname` are
//   undefined, as in an ES module, and the module may declare its own;
// - `import()` stays native: code compiled with a file URL as its file name resolves relative to it.
//
// Two routes to that shape:
// - **SWC** (`via: "swc"`, the default when `@swc/core` loads): one SWC pass to AMD (imports →
//   `_b.b` member reads, scope-aware; exports → getters on `exports`; `define([...])` lists the
//   dependencies exactly), chaining the source map. Before it, same-length text replacements
//   (enter, `import.meta`, hashbang) and `__ar$w(…, "name")` around each write of an exported
//   value (the map's columns moved along). The usual module needs no parse for that
//   (`quickPlan`, text checks); otherwise `@babel/parser` finds the places (`parsedPlan`; no
//   traverse, no generator). About 0.5 ms for a small module, against ~5 ms for the Babel route.
//   Exported values reach importers through the generation's own `live` registrations (getters
//   read at commit) and `__ar$w` after each later write (esm-live.ts).
// - **Babel** (`via: "babel"`, the fallback): Babel's modules-commonjs with `importInterop:
//   "none"` in a factory that reaches its dependencies with `require(specifier)`; exports are
//   writes to the `exports` object (a Proxy in esm-live.ts tells them).
//   `AUTORELOAD_ESM_GENERATION=babel` forces it (and `=swc` forbids the fallback), for tests.
import { loadSwc, viaSwc } from "./generation-swc.js";
import { viaBabel } from "./generation-babel.js";
import type { FunctionModule } from "./generation.js";

export { clearTraverseCache } from "./generation-babel.js";
export { ENTER_NAME, META_NAME, WRITE_NAME, type Dependency, type FunctionModule } from "./generation.js";

export type GenerationRoute = "auto" | "swc" | "babel";

const routeFromEnv = (): GenerationRoute => {
  const v = process.env.AUTORELOAD_ESM_GENERATION;
  return v === "babel" || v === "swc" ? v : "auto";
};

/** `code`: the compiler's ES module output for `filename`, with its inline source map. */
export function toFunctionModule(code: string, filename: string, route: GenerationRoute = routeFromEnv()): FunctionModule {
  if (route !== "babel") {
    const swc = loadSwc();
    if (swc === undefined) {
      if (route === "swc") throw new Error("[autoreload] AUTORELOAD_ESM_GENERATION=swc, but @swc/core does not load");
    } else {
      try {
        return viaSwc(swc, code, filename);
      } catch (error) {
        if (route === "swc") throw error;
        // Whatever SWC or the parser did not take, Babel gets a go (and reports its own error).
      }
    }
  }
  return viaBabel(code, filename);
}
