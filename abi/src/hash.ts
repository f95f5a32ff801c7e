/**
 * The one hash both plugins use: for the suffix of generated names in classic scripts, and for the
 * structural hashes of the statement facts (facts.ts).
 */

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as 8 lowercase hex digits. */
export function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    // UTF-8 bytes without allocating: 1–4 bytes per code point.
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate encodes as U+FFFD, as TextEncoder does
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), 0x01000193);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * Incremental form of `hash8` for structural hashes: feed the parts of a statement (node types,
 * names, literal values, nested hashes) one by one, with a separator that cannot occur in them.
 */
export class StructureHash {
  private parts: string[] = [];
  add(part: string | number | boolean | null | undefined): this {
    this.parts.push(part === undefined ? "\u0001" : String(part));
    return this;
  }
  digest(): string {
    return hash8(this.parts.join("\u0000"));
  }
}
