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

export { shiftMappings } from "./source-map-edits.js";

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
