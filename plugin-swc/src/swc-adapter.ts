/**
 * Every call into `@swc/core` lives in this file, so that a Wasm plugin can replace just this
 * file later. The rest of the plugin works on text and tokens and does not import `@swc/core`.
 */
import swc from "@swc/core";
import type { Options, Program } from "@swc/core";

export type SwcOptions = Options;
export type SwcProgram = Program;

export interface SwcOutput {
  readonly code: string;
  /** Source map JSON, when asked for. */
  readonly map: string | undefined;
}

/** `transformSync` of source text. */
export function swcTransform(code: string, options: SwcOptions): SwcOutput {
  const out = swc.transformSync(code, options);
  return { code: out.code, map: out.map };
}

/**
 * The JS-plugin route receives SWC's AST of the original file: print it and strip TypeScript and
 * JSX, to get the plain JavaScript the analysis reads.
 */
export function swcProgramToJs(program: SwcProgram): { printed: string; js: string } {
  const printed = swc.printSync(program, { swcrc: false, configFile: false }).code;
  const base = {
    swcrc: false,
    configFile: false,
    isModule: program.type === "Module",
    jsc: { target: "esnext" as const, parser: { syntax: "typescript" as const, tsx: false, decorators: true } },
  };
  try {
    return { printed, js: swc.transformSync(printed, base).code };
  } catch {
    // JSX (`<div>`) is not TypeScript: parse as TSX instead
    return { printed, js: swc.transformSync(printed, { ...base, jsc: { ...base.jsc, parser: { ...base.jsc.parser, tsx: true } } }).code };
  }
}

/**
 * Parses instrumented JavaScript back into a Program for the JS-plugin route. SWC re-attaches the
 * original file's source context to the returned Program, so spans into this new text would map
 * to the wrong places: they are reset (no mappings rather than wrong ones).
 */
export function swcParseJs(code: string, isModule: boolean): SwcProgram {
  let program: SwcProgram;
  try {
    // a CommonJS file may be sloppy-mode code (`var arguments`): parse it as a script then
    program = isModule ? swc.parseSync(code, { syntax: "ecmascript" }) : swc.parseSync(code, { syntax: "ecmascript", isModule: false });
  } catch (error) {
    if (!isModule) throw error;
    program = swc.parseSync(code, { syntax: "ecmascript", isModule: false });
  }
  resetSpans(program);
  return program;
}

function resetSpans(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) resetSpans(x);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (k === "span" && v !== null && typeof v === "object") {
      const span = v as { start: number; end: number };
      span.start = 0;
      span.end = 0;
    } else if (v !== null && typeof v === "object") {
      resetSpans(v);
    }
  }
}

/** `transformSync(src, { plugin })`: the classic JS-plugin route (for the CLI and for tests). */
export function swcTransformWithPlugin(code: string, options: SwcOptions, plugin: (p: SwcProgram) => SwcProgram): SwcOutput {
  const out = swc.transformSync(code, { ...options, plugin });
  return { code: out.code, map: out.map };
}
