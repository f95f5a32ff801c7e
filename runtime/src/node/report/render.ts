import { relative, sep } from "node:path";
import type { ReloadOutcome } from "./outcome.js";

/** `./src/x.ts` for files under the working directory, the absolute path otherwise. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  if (rel.startsWith("..") || rel === "") return file;
  return `.${sep}${rel}`;
}

const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

/**
 * The one place outcomes become text. Returns undefined for outcomes that print nothing
 * (`unchanged`). Every line starts with `[autoreload]`.
 */
export function render(outcome: ReloadOutcome): string | undefined {
  const file = displayPath(outcome.file);
  switch (outcome.kind) {
    case "reloaded":
      if (outcome.how === "patch") return `[autoreload] reloaded ${file} (${ms(outcome.ms)}): ${outcome.summary ?? "patched"}`;
      return outcome.reason === undefined
        ? `[autoreload] reloaded ${file} (${ms(outcome.ms)})`
        : `[autoreload] reloaded ${file} (${ms(outcome.ms)}): full reload — ${outcome.reason}`;
    case "same":
      return `[autoreload] ${file}: no code change (comments or formatting only); nothing ran`;
    case "failed": {
      const e = outcome.error;
      const where = e.line === undefined ? file : `${file}:${e.line}:${(e.column ?? 0) + 1}`;
      const what = e.phase === "compile" ? "could not compile" : "threw while re-evaluating";
      const lines = [`[autoreload] failed to reload ${file} (${ms(outcome.ms)}): ${what} it`, `  ${e.message}`, `    at ${where}`];
      if (e.frame !== undefined) lines.push(e.frame.replace(/^/gm, "  "));
      lines.push(`[autoreload] the previous version of ${file} keeps running; fix the file and save it to retry.`);
      return lines.join("\n");
    }
    case "declined":
      return `[autoreload] not reloading ${file}: ${outcome.reason}. Restart the process to pick up the change.`;
    case "skipped": {
      const reason = outcome.reason;
      switch (reason) {
        case "deleted":
          return `[autoreload] ${file} was deleted; its last version keeps running.`;
        case "empty":
          return `[autoreload] ${file} is empty (mid-save?); waiting for content.`;
        case "same-error":
        case "mode":
          return undefined;
        default: {
          const check: never = reason;
          return check;
        }
      }
    }
    case "unchanged":
      return undefined;
    default: {
      const check: never = outcome;
      return check;
    }
  }
}
