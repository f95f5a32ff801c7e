/**
 * Text edits on SWC's output, and the matching update of SWC's source map.
 *
 * An edit replaces [pos, end) with `text` (an insertion when end === pos). Replaced ranges never
 * contain a line break, so every line of the input still starts a line of the output. That lets
 * the source map be updated in place instead of composed with a second map: lines without an
 * edit keep their mapping text byte for byte, lines with an edit get their generated columns
 * shifted, and an inserted line break moves the rest of the line's segments to a new line.
 * Segments are never dropped or reordered, so the relative source/line/column fields stay valid.
 */

export interface Edit {
  readonly pos: number;
  readonly end: number;
  readonly text: string;
}

export function insert(pos: number, text: string): Edit {
  return { pos, end: pos, text };
}

export function replace(pos: number, end: number, text: string): Edit {
  return { pos, end, text };
}

/** Insertions before replacements at the same position; otherwise in the order given. */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  const indexed = edits.map((e, i) => ({ e, i }));
  indexed.sort((a, b) => a.e.pos - b.e.pos || (a.e.end > a.e.pos ? 1 : 0) - (b.e.end > b.e.pos ? 1 : 0) || a.i - b.i);
  return indexed.map((x) => x.e);
}

export function applyEdits(src: string, sorted: readonly Edit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const e of sorted) {
    if (e.pos < cursor) throw new Error(`autoreload: overlapping edits at ${e.pos}`);
    parts.push(src.slice(cursor, e.pos), e.text);
    cursor = e.end;
  }
  parts.push(src.slice(cursor));
  return parts.join("");
}

// ---- source map: VLQ of the generated column only --------------------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

function writeVlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let d = v & 31;
    v >>>= 5;
    if (v > 0) d |= 32;
    out += B64[d];
  } while (v > 0);
  return out;
}

/**
 * Moves the generated positions of `mappings` (a source map's field, for `src`) to where the
 * characters are after `sorted` edits. Columns are UTF-16 units, as in the code string.
 * Lines without an edit are copied as they are (in runs); on a line with edits, only the first
 * field of each segment (its generated column, relative to the previous segment) is rewritten.
 */
export function shiftMappings(src: string, mappings: string, sorted: readonly Edit[]): string {
  if (sorted.length === 0) return mappings;
  const parts: string[] = [];
  let copyFrom = 0; // mappings text not yet copied to parts
  let e = 0; // next edit
  let lineStart = 0;
  let ms = 0; // where this line's segments start in mappings
  while (e < sorted.length) {
    const nl = src.indexOf("\n", lineStart);
    const lineEnd = nl < 0 ? src.length : nl;
    let me = mappings.indexOf(";", ms);
    if (me < 0) me = mappings.length;
    if (sorted[e]!.pos <= lineEnd) {
      parts.push(mappings.slice(copyFrom, ms));
      const line = new LineShifter(mappings, ms, me, lineStart);
      e = line.apply(sorted, e, lineEnd);
      parts.push(line.out);
      copyFrom = me;
    }
    // past the map's last line, edits only add empty lines (dropped below)
    if (nl < 0 || me >= mappings.length) break;
    lineStart = nl + 1;
    ms = me + 1;
  }
  parts.push(mappings.slice(copyFrom));
  // mappings may list fewer lines than the code has; trailing empty lines are dropped
  let out = parts.join("");
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 59) end--;
  if (end < out.length) out = out.slice(0, end);
  return out;
}

/** Re-encodes one line of mappings, segment by segment, around the edits on that line. */
class LineShifter {
  out = "";
  private prevCol = 0; // column of the previous segment on the current output line
  private first = true; // no segment yet on the current output line
  private has = false; // a segment is under the cursor
  private col = 0; // its generated column in the input line
  private restStart = 0; // its other fields: [restStart, segEnd)
  private segEnd = 0;
  private i: number;

  constructor(private readonly m: string, from: number, private readonly to: number, private readonly lineStart: number) {
    this.i = from;
    this.next();
  }

  private next(): void {
    const { m, to } = this;
    let i = this.i;
    if (i >= to) { this.has = false; return; }
    let result = 0, shift = 0;
    for (;;) {
      const d = B64_VALUE[m.charCodeAt(i++)]!;
      result += (d & 31) << shift;
      if ((d & 32) === 0) break;
      shift += 5;
    }
    this.col += result & 1 ? -(result >>> 1) : result >>> 1;
    this.restStart = i;
    let end = m.indexOf(",", i);
    if (end < 0 || end > to) end = to;
    this.segEnd = end;
    this.i = end + 1;
    this.has = true;
  }

  private emit(col: number): void {
    this.out += (this.first ? "" : ",") + writeVlq(col - this.prevCol) + this.m.slice(this.restStart, this.segEnd);
    this.prevCol = col;
    this.first = false;
    this.next();
  }

  /** Applies the edits from `e` that fall on this line; returns the next edit's index. */
  apply(sorted: readonly Edit[], e: number, lineEnd: number): number {
    const { lineStart } = this;
    let anchorIn = lineStart; // input offset that maps to anchorOut on the current output line
    let anchorOut = 0;
    while (e < sorted.length && sorted[e]!.pos <= lineEnd) {
      const ed = sorted[e++]!;
      const editCol = ed.pos - anchorIn + anchorOut;
      while (this.has && lineStart + this.col < ed.pos) this.emit(lineStart + this.col - anchorIn + anchorOut);
      while (this.has && lineStart + this.col < ed.end) this.emit(editCol); // inside a replaced range
      const text = ed.text;
      let breaks = 0;
      let last = -1;
      for (let k = text.indexOf("\n"); k >= 0; k = text.indexOf("\n", k + 1)) { breaks++; last = k; }
      if (breaks > 0) {
        this.out += ";".repeat(breaks);
        this.first = true;
        this.prevCol = 0;
        anchorOut = text.length - last - 1;
      } else {
        anchorOut = editCol + text.length;
      }
      anchorIn = ed.end;
    }
    while (this.has) this.emit(lineStart + this.col - anchorIn + anchorOut);
    return e;
  }
}

/**
 * The `mappings` field of a source map's JSON text, read without parsing the rest (its
 * `sourcesContent` holds the whole original file), and the JSON with new mappings in its place.
 * Undefined when the field is not found as SWC writes it (the caller parses the JSON then).
 */
export function mappingsField(json: string): { readonly mappings: string; readonly replace: (mappings: string) => string } | undefined {
  const key = '"mappings":"';
  const at = json.lastIndexOf(key);
  if (at <= 0) return undefined;
  const before = json.charCodeAt(at - 1);
  if (before !== 44 && before !== 123) return undefined; // `,` or `{`
  const start = at + key.length;
  const end = json.indexOf('"', start);
  if (end < 0) return undefined;
  const after = json.charCodeAt(end + 1);
  if (after !== 44 && after !== 125) return undefined; // `,` or `}`
  const mappings = json.slice(start, end);
  if (mappings.includes("\\")) return undefined;
  return { mappings, replace: (m) => json.slice(0, start) + m + json.slice(end) };
}
