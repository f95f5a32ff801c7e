/**
 * The classic JS-plugin route: `transformSync(src, { plugin: autoreload(options) })`.
 * SWC hands the plugin its AST as JSON; the plugin prints it to plain JavaScript, instruments the
 * text like the fast path, and parses the result back. It is slow (the AST crosses into
 * JavaScript and back; see README) and keeps no source positions: use `transformSync` from this
 * package where speed or source maps matter.
 *
 * The plugin never sees the file's text here, only SWC's AST (whose spans are byte positions in
 * SWC's own source map), so its statement facts cannot point into the file: the code carries facts
 * that say so (`unpatchable`), and the runtime reloads such a module in full.
 */
import { resolveOptions, type AutoreloadOptions } from "./options.js";
import { instrument } from "./instrument.js";
import { sourceKind } from "./module-kind.js";
import { swcParseJs, swcProgramToJs, type SwcProgram } from "./swc-adapter.js";

export type SwcPlugin = (program: SwcProgram) => SwcProgram;

const NO_SOURCE =
  "compiled through SWC's JS-plugin route, which does not give the plugin the file's text: use swc-plugin-autoreload's transformSync for patch reloads";

export function autoreload(options?: AutoreloadOptions): SwcPlugin {
  const resolved = resolveOptions(options);
  return (program) => {
    const isModule = program.type === "Module";
    const { printed, js } = swcProgramToJs(program);
    const moduleKind = resolved.script ? "script" : sourceKind(printed, undefined);
    const done = instrument({ code: js, options: resolved, moduleKind, original: printed, unpatchable: NO_SOURCE });
    if (!done) return program;
    return swcParseJs(done.code, isModule);
  };
}
