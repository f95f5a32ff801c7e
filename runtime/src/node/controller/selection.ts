// Which modules reload: IPython's modes and `%aimport` marks.
import { createRequire } from "node:module";
import { isAbsolute } from "node:path";
import { displayPath } from "../report/render.js";
import { parseMode, type Mode } from "./options.js";

export class Selection {
  private current: Mode;
  private readonly marked = new Set<string>();
  private readonly skipped = new Set<string>();

  constructor(mode: Mode) {
    this.current = mode;
  }

  /** `mode()` returns the mode; `mode("explicit")`/`mode(1)` sets it. */
  mode(mode?: Mode | string | number): Mode {
    if (mode !== undefined) this.current = parseMode(mode);
    return this.current;
  }

  /**
   * IPython's `%aimport`: `aimport("foo")` marks a module for reload in `explicit` mode,
   * `aimport("-foo")` skips it in every mode, `aimport("a, -b")` does both, `aimport()` lists.
   * Names are resolved like `require()` from the working directory (`./src/foo`, a file path).
   */
  aimport(spec = ""): { marked: string[]; skipped: string[] } {
    for (const raw of spec.split(",")) {
      const item = raw.trim();
      if (item === "") continue;
      const skip = item.startsWith("-");
      const file = resolveName(skip ? item.slice(1).trim() : item);
      if (skip) {
        this.skipped.add(file);
        this.marked.delete(file);
      } else {
        this.marked.add(file);
        this.skipped.delete(file);
      }
    }
    return { marked: [...this.marked].map((f) => displayPath(f)), skipped: [...this.skipped].map((f) => displayPath(f)) };
  }

  /** Whether `file` is checked now (`now`: IPython's `%autoreload now`, whatever the mode). */
  selected(file: string, now: boolean): boolean {
    if (this.skipped.has(file)) return false;
    if (now) return true;
    switch (this.current) {
      case "off":
        return false;
      case "explicit":
        return this.marked.has(file);
      case "all":
      case "complete":
        return true;
      default: {
        const check: never = this.current;
        return check;
      }
    }
  }
}

function resolveName(name: string): string {
  if (isAbsolute(name)) return name;
  try {
    return createRequire(`${process.cwd()}/`).resolve(name.startsWith(".") ? name : `./${name}`);
  } catch {
    throw new Error(`[autoreload] aimport: cannot find module ${JSON.stringify(name)} from ${process.cwd()}. Give a path such as ./src/${name}.`);
  }
}
