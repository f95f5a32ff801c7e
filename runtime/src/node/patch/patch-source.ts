// The source of a patch: the new version of the file with everything blanked except what the
// patch evaluates, each piece at its own line and column (so the compiler's source map points at
// the real file):
//
//   - each changed cell as `__ar$cell(id, <function>);` — a declaration's name is left out (the
//     runtime gives the new function its `name`), so inside it `add` is the module's binding (the
//     stable handle), as in the running code; an object member as `__ar$cell(id, { <member> });`;
//   - changed classes and added statements, as written (a changed class loses its `export`: the
//     module exports it already);
//   - in CommonJS, every `import` of the file, so the compiler names imported bindings as it did in
//     the running code (`_y.x`); requiring a loaded module again returns it as it is.
//
// The pieces are compiled as a module of the file's format by the file's compiler, with the plugin
// (a changed class needs its instrumentation), and evaluated in the live module scope.
import type { CellFacts, ModuleFacts, StatementFacts } from "@autoreload/abi";
import type { CellChange } from "../../core/patch-plan.js";

export const CELL_SINK = "__ar$cell";
/** `__ar$bind({ "name": () => name, … })` at the end of a patch: the names it declared, for later patches. */
export const BIND_SINK = "__ar$bind";

/** What `__ar$cell(id, value)` stands for: the change, and how to take the function out of `value`. */
export interface SinkEntry {
  readonly change: CellChange;
  readonly form: CellFacts["form"];
  /** The name the original function had by its position (a declaration's, `const f = …`'s): given to the new one. */
  readonly name: string | undefined;
}

export interface PatchSource {
  readonly text: string;
  readonly sinks: readonly SinkEntry[];
  /** Names the pieces declare (added statements, changed classes). */
  readonly declared: ReadonlySet<string>;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The name NamedEvaluation should give a cell's new function, if the original had one by position. */
function cellName(source: string, cell: CellFacts): string | undefined {
  if (cell.form === "declaration") return cell.nameSpan === undefined ? "default" : source.slice(cell.nameSpan[0], cell.nameSpan[1]);
  if (cell.form === "expression" && cell.key !== undefined && (cell.key === "default" || IDENTIFIER.test(cell.key))) return cell.key;
  return undefined;
}

/** A patch this tool cannot build from the new version (it reloads the module in full instead). */
export class PatchRefusal extends Error {}

class Text {
  private readonly chars: string[];
  /** Positions holding the source's own text (copied): never written over. */
  private readonly copied: Uint8Array;
  /** Text inserted before position i (a prefix) — kept apart so positions stay those of the source. */
  private readonly before = new Map<number, string>();
  private readonly after = new Map<number, string>();

  constructor(private readonly source: string) {
    this.chars = new Array<string>(source.length);
    this.copied = new Uint8Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const c = source[i]!;
      this.chars[i] = c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029" ? c : " ";
    }
  }

  copy(start: number, end: number): void {
    for (let i = start; i < end; i++) this.chars[i] = this.source[i]!;
    this.copied.fill(1, start, end);
  }

  /** A blank of ours (not a space of the source's own text, which may sit inside a comment). */
  private free(i: number): boolean {
    return this.chars[i] === " " && this.copied[i] === 0;
  }

  blank(start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const c = this.chars[i]!;
      if (c !== "\n" && c !== "\r") this.chars[i] = " ";
    }
  }

  /**
   * Puts `text` before `pos` without moving anything: over the blank run just before it on the
   * same line, or at the end of the blank tail of one of the few lines above (a call's arguments
   * may span lines), so line and column of every piece stay those of the source. Only when no
   * such room exists is it inserted (the columns of that line move).
   */
  prefix(pos: number, text: string): void {
    let i = pos - 1;
    for (let line = 0; line < 4; line++) {
      const end = i + 1; // exclusive end of the run of our blanks that ends at i
      while (i >= 0 && this.free(i)) i--;
      if (end - (i + 1) >= text.length) {
        for (let k = 0; k < text.length; k++) this.chars[end - text.length + k] = text[k]!;
        return;
      }
      // Only blanks may lie between the placement and the piece: a line break, then that line's blank tail.
      if (i < 0 || (this.chars[i] !== "\n" && this.chars[i] !== "\r")) break;
      while (i >= 0 && (this.chars[i] === "\n" || this.chars[i] === "\r")) i--;
    }
    this.before.set(pos, (this.before.get(pos) ?? "") + text);
  }

  /** Puts `text` right after position `end` (exclusive end of a piece): over blanks when there are enough. */
  suffix(end: number, text: string): void {
    let free = 0;
    for (let i = end; i < this.chars.length && this.free(i) && free < text.length; i++) free++;
    if (free >= text.length) {
      for (let k = 0; k < text.length; k++) this.chars[end + k] = text[k]!;
    } else {
      this.after.set(end, text + (this.after.get(end) ?? ""));
    }
  }

  toString(): string {
    if (this.before.size === 0 && this.after.size === 0) return this.chars.join("");
    let out = "";
    for (let i = 0; i <= this.chars.length; i++) {
      const a = this.after.get(i);
      if (a !== undefined) out += a;
      const b = this.before.get(i);
      if (b !== undefined) out += b;
      if (i < this.chars.length) out += this.chars[i];
    }
    return out;
  }
}

/**
 * Copies a whole statement, blanking its `export` keyword when asked (the module exports the name
 * already), and ends it with `;`. A default export cannot lose its `export default`: the name it
 * is registered under would change.
 */
function copyStatement(text: Text, source: string, s: StatementFacts, dropExport: boolean): void {
  text.copy(s.span[0], s.span[1]);
  if (dropExport && s.exportSpan !== undefined) {
    if (/\bdefault\b/.test(source.slice(s.exportSpan[0], s.exportSpan[1])))
      throw new PatchRefusal(`line ${s.line} is a default export, which is evaluated again only by a full reload`);
    text.blank(s.exportSpan[0], s.exportSpan[1]);
  }
  text.suffix(s.span[1], ";");
}

export interface PatchPieces {
  readonly cells: readonly CellChange[];
  readonly classes: readonly number[];
  readonly added: readonly number[];
  readonly rebound: readonly number[];
}

/**
 * Builds the patch's source text from the new version's source and facts. `withImports`: copy the
 * file's imports too (the compiler then names imported bindings as in the running code; needed
 * where the patch is compiled to CommonJS or to a reload generation).
 */
export function patchSource(source: string, facts: ModuleFacts, pieces: PatchPieces, withImports: boolean): PatchSource {
  const text = new Text(source);
  const declared = new Set<string>();
  const included = new Set<number>();
  if (withImports) {
    facts.statements.forEach((s, i) => {
      if (s.kind === "import") {
        copyStatement(text, source, s, false);
        included.add(i);
      }
    });
  }
  // Constants first (classes and cells evaluated with them close over the new values).
  for (const i of pieces.rebound) {
    const s = facts.statements[i]!;
    copyStatement(text, source, s, true);
    included.add(i);
    for (const n of s.declares) declared.add(n);
  }
  for (const i of pieces.classes) {
    const s = facts.statements[i]!;
    copyStatement(text, source, s, true);
    included.add(i);
    for (const n of s.declares) declared.add(n);
  }
  for (const i of pieces.added) {
    if (included.has(i)) continue;
    const s = facts.statements[i]!;
    copyStatement(text, source, s, false);
    for (const n of s.declares) declared.add(n);
  }
  const sinks: SinkEntry[] = [];
  for (const change of pieces.cells) {
    const cell = facts.statements[change.statement]!.cells[change.cell]!;
    const id = sinks.length;
    const name = cellName(source, cell);
    sinks.push({ change, form: cell.form, name });
    const [start, end] = cell.span;
    text.copy(start, end);
    if (cell.form === "declaration" && cell.nameSpan !== undefined) text.blank(cell.nameSpan[0], cell.nameSpan[1]);
    const member = cell.form === "method" || cell.form === "getter" || cell.form === "setter";
    text.prefix(start, `${CELL_SINK}(${id},${member ? "{" : ""}`);
    text.suffix(end, `${member ? "}" : ""});`);
  }
  const binds = [...declared].map((n) => `${JSON.stringify(n)}: () => ${n}`).join(", ");
  return { text: `${text.toString()}\n;${BIND_SINK}({${binds}});\n`, sinks, declared };
}
