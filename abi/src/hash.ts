/**
 * The one hash both plugins use: for the suffix of generated names in classic scripts, and for the
 * structural hashes of the statement facts (facts.ts).
 */

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;
const HEX = "0123456789abcdef";

/** FNV-1a step over the UTF-8 bytes of `text[from, to)`, without allocating (1–4 bytes per code point). */
function fnv(hash: number, text: string, from: number, to: number): number {
  let h = hash;
  for (let i = from; i < to; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, PRIME);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate encodes as U+FFFD, as TextEncoder does
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), PRIME);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
  }
  return h;
}

/** 8 lowercase hex digits. */
function hex(h: number): string {
  let out = "";
  for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(h >>> shift) & 15];
  return out;
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as 8 lowercase hex digits. */
export function hash8(text: string): string {
  return hex(fnv(OFFSET, text, 0, text.length));
}

/**
 * Incremental form of `hash8` for structural hashes: feed the parts of a statement (node types,
 * names, literal values, nested hashes) one by one; the digest is `hash8` of the parts joined by
 * "\u0000" (a separator that cannot occur in them), computed as they come, without the string.
 */
export class StructureHash {
  private h = OFFSET;
  private count = 0;

  /** Starts a part: the separator before every part but the first, then a prefix char code (0: none). */
  private open(prefix: number): void {
    if (this.count++ > 0) this.h = Math.imul(this.h, PRIME); // "\u0000": h ^ 0 is h
    if (prefix !== 0) this.h = Math.imul(this.h ^ prefix, PRIME);
  }

  add(part: string | number | boolean | null | undefined): this {
    const text = part === undefined ? "\u0001" : String(part);
    this.open(0);
    this.h = fnv(this.h, text, 0, text.length);
    return this;
  }

  /**
   * Adds `String.fromCharCode(prefix) + src.slice(from, to)` as one part (no prefix when 0)
   * without making the string.
   */
  addRange(src: string, from: number, to: number, prefix = 0): this {
    this.open(prefix);
    this.h = fnv(this.h, src, from, to);
    return this;
  }

  digest(): string {
    return hex(this.h);
  }
}
