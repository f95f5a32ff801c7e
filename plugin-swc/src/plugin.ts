/**
 * The classic JS-plugin route: `transformSync(src, { plugin: autoreload(options) })`.
 * SWC hands the plugin its AST as JSON; the plugin prints it to plain JavaScript, instruments the
 * text like the fast path, and parses the result back. It is slow (the AST crosses into
 * JavaScript and back; see README) and keeps no source positions: use `transformSync` from this
 * package where speed or source maps matter.
 */
import { resolveOptions, type AutoreloadOptions } from "./options.js";
import { instrument } from "./instrument.js";
import { sourceKind } from "./module-kind.js";
import { swcParseJs, swcProgramToJs, type SwcProgram } from "./swc-adapter.js";

export type SwcPlugin = (program: SwcProgram) => SwcProgram;

export function autoreload(options?: AutoreloadOptions): SwcPlugin {
  const resolved = resolveOptions(options);
  return (program) => {
    const isModule = program.type === "Module";
    const { printed, js } = swcProgramToJs(program);
    const moduleKind = resolved.script ? "script" : sourceKind(printed, undefined);
    const done = instrument({ code: js, options: resolved, moduleKind, original: printed });
    if (!done) return program;
    return swcParseJs(done.code, isModule);
  };
}
