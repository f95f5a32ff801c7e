import { codeFrameColumns } from "@babel/code-frame";
import { fileURLToPath } from "node:url";
import type { ReloadError } from "./outcome.js";

interface Located {
  line: number;
  /** 0-based column. */
  column: number;
}

/** Babel and SWC parse errors carry a location; Babel's `loc` is 1-based line, 0-based column. */
function compileLocation(error: unknown): Located | undefined {
  const loc = (error as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  if (loc !== undefined && typeof loc.line === "number" && typeof loc.column === "number") return { line: loc.line, column: loc.column };
  // SWC: "  ╭─[/path/file.ts:3:10]" (1-based column)
  const text = String((error as { message?: unknown } | null)?.message ?? error);
  const m = /\[[^\]\n]*?:(\d+):(\d+)\]/.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) return { line: Number(m[1]), column: Number(m[2]) - 1 };
  return undefined;
}

/** First stack frame in `file` (stack traces are source-mapped: original line and column). */
function stackLocation(error: unknown, file: string): Located | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== "string") return undefined;
  for (const frame of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(frame);
    if (m?.[1] === undefined || m[2] === undefined || m[3] === undefined) continue;
    let path = m[1];
    if (path.startsWith("file://")) {
      try {
        path = fileURLToPath(path.split("?")[0] ?? path);
      } catch {
        continue;
      }
    }
    if (path === file) return { line: Number(m[2]), column: Number(m[3]) - 1 };
  }
  return undefined;
}

/** First line of an error's message, without Babel's `file: ` prefix and trailing `(l:c)`. */
function headline(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `Thrown: ${String(error)}`;
  let message = (error.message.split("\n")[0] ?? "").trim();
  if (message.startsWith(`${file}: `)) message = message.slice(file.length + 2);
  message = message.replace(/\s*\(\d+:\d+\)$/, "");
  return `${error.name}: ${message}`;
}

/** Turns a compile or evaluation error into what the user sees: message, original place, frame. */
export function describeError(error: unknown, phase: ReloadError["phase"], file: string, source: string): ReloadError {
  const loc = phase === "compile" ? (compileLocation(error) ?? stackLocation(error, file)) : stackLocation(error, file);
  let frame: string | undefined;
  if (loc !== undefined) {
    frame = codeFrameColumns(source, { start: { line: loc.line, column: loc.column + 1 } }, { highlightCode: false, linesAbove: 2, linesBelow: 1 });
  }
  return { message: headline(error, file), phase, line: loc?.line, column: loc?.column, frame, cause: error };
}
