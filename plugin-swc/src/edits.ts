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

/** Decodes the first VLQ of `seg`; returns [value, length in chars]. */
function readVlq(seg: string): [number, number] {
  let result = 0, shift = 0, i = 0;
  for (;;) {
    const d = B64_VALUE[seg.charCodeAt(i++)]!;
    result += (d & 31) << shift;
    if ((d & 32) === 0) break;
    shift += 5;
  }
  const neg = result & 1;
  result >>>= 1;
  return [neg ? -result : result, i];
}

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

interface Segment { col: number; rest: string }

function decodeLine(line: string): Segment[] {
  if (line === "") return [];
  const out: Segment[] = [];
  let col = 0;
  for (const seg of line.split(",")) {
    const [delta, len] = readVlq(seg);
    col += delta;
    out.push({ col, rest: seg.slice(len) });
  }
  return out;
}

function encodeLine(segs: readonly Segment[]): string {
  let prev = 0;
  let out = "";
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (i > 0) out += ",";
    out += writeVlq(s.col - prev) + s.rest;
    prev = s.col;
  }
  return out;
}

function countNewlines(s: string): { count: number; tail: number } {
  let count = 0;
  let last = -1;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) { count++; last = i; }
  return { count, tail: last < 0 ? s.length : s.length - last - 1 };
}

/**
 * Moves the generated positions of `mappings` (a source map's field, for `src`) to where the
 * characters are after `sorted` edits. Columns are UTF-16 units, as in the code string.
 */
export function shiftMappings(src: string, mappings: string, sorted: readonly Edit[]): string {
  if (sorted.length === 0) return mappings;
  const lines = mappings.split(";");
  const out: string[] = [];
  let e = 0; // next edit
  let lineStart = 0;
  for (let L = 0; ; L++) {
    const nl = src.indexOf("\n", lineStart);
    const lineEnd = nl < 0 ? src.length : nl;
    const raw = lines[L] ?? "";
    if (e >= sorted.length || sorted[e]!.pos > lineEnd) {
      if (nl < 0 && L >= lines.length) break;
      out.push(raw);
    } else {
      // this line has edits (pos in [lineStart, lineEnd])
      const segs = decodeLine(raw);
      let cur: Segment[] = [];
      let anchorIn = lineStart; // input offset that maps to anchorOut on the current output line
      let anchorOut = 0;
      let si = 0;
      while (e < sorted.length && sorted[e]!.pos <= lineEnd) {
        const ed = sorted[e++]!;
        const editCol = ed.pos - anchorIn + anchorOut;
        while (si < segs.length && lineStart + segs[si]!.col < ed.pos) {
          const s = segs[si++]!;
          cur.push({ col: lineStart + s.col - anchorIn + anchorOut, rest: s.rest });
        }
        while (si < segs.length && lineStart + segs[si]!.col < ed.end) {
          cur.push({ col: editCol, rest: segs[si++]!.rest }); // inside a replaced range
        }
        const { count, tail } = countNewlines(ed.text);
        if (count > 0) {
          out.push(encodeLine(cur));
          for (let i = 1; i < count; i++) out.push("");
          cur = [];
          anchorOut = tail;
        } else {
          anchorOut = editCol + ed.text.length;
        }
        anchorIn = ed.end;
      }
      while (si < segs.length) {
        const s = segs[si++]!;
        cur.push({ col: lineStart + s.col - anchorIn + anchorOut, rest: s.rest });
      }
      out.push(encodeLine(cur));
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  // mappings may list fewer lines than the code has; trailing empty lines are dropped
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join(";");
}
