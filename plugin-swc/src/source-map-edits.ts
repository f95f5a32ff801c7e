/**
 * Source-map `mappings` after text edits, without composing a second map: lines without an edit
 * keep their mapping text byte for byte; on a line with edits only the generated column of each
 * segment (its first VLQ field) is rewritten, and an inserted line break moves the rest of the
 * line's segments to a new line. Segments are never dropped or reordered, so the relative
 * source/line/column fields stay valid. Replaced ranges must not contain a line break.
 *
 * Shared by swc-plugin-autoreload (edits on SWC's output) and the runtime's ES-module reload
 * route (insertions into SWC's AMD output). Internal to autoreload's packages; no Node imports.
 */

/** Replaces [pos, end) with `text` (an insertion when end === pos). */
export interface TextEdit {
  readonly pos: number;
  readonly end: number;
  readonly text: string;
}

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
export function shiftMappings(src: string, mappings: string, sorted: readonly TextEdit[]): string {
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

  constructor(
    private readonly m: string,
    from: number,
    private readonly to: number,
    private readonly lineStart: number,
  ) {
    this.i = from;
    this.next();
  }

  private next(): void {
    const { m, to } = this;
    let i = this.i;
    if (i >= to) {
      this.has = false;
      return;
    }
    let result = 0,
      shift = 0;
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
  apply(sorted: readonly TextEdit[], e: number, lineEnd: number): number {
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
      for (let k = text.indexOf("\n"); k >= 0; k = text.indexOf("\n", k + 1)) {
        breaks++;
        last = k;
      }
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
