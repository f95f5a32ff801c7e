/**
 * The facts as the emitted code carries them: the JavaScript string literal of
 * `encodeFacts(facts)` (@autoreload/abi), i.e. exactly `JSON.stringify(encodeFacts(facts))`,
 * written in one pass (the literal is as long as the file's statements are many: JSON-encoding the
 * object and then the JSON text again costs twice the time for the same result).
 * test/facts.test.js checks it against `JSON.stringify(encodeFacts(facts))`.
 */
import type { CellFacts, ModuleFacts, StatementFacts } from "@autoreload/abi";

const PLAIN = /^[\w$.\-]*$/;

/** A JSON string inside the literal: `\"text\"`. */
function str(text: string): string {
  if (PLAIN.test(text)) return `\\"${text}\\"`;
  return JSON.stringify(JSON.stringify(text)).slice(1, -1);
}

const span = (s: readonly [number, number]): string => `[${s[0]},${s[1]}]`;

function cell(c: CellFacts): string {
  let out = `{\\"slot\\":${c.slot},\\"body\\":${str(c.body)},\\"form\\":${str(c.form)},\\"span\\":${span(c.span)}`;
  if (c.nameSpan !== undefined) out += `,\\"nameSpan\\":${span(c.nameSpan)}`;
  if (c.key !== undefined) out += `,\\"key\\":${str(c.key)}`;
  if (c.reads !== undefined) out += `,\\"reads\\":[${c.reads.map(str).join(",")}]`;
  return out + "}";
}

function statement(s: StatementFacts): string {
  let out = `{\\"kind\\":${str(s.kind)},\\"shape\\":${str(s.shape)},\\"declares\\":[${s.declares.map(str).join(",")}],\\"pure\\":${s.pure},\\"span\\":${span(s.span)}`;
  if (s.exportSpan !== undefined) out += `,\\"exportSpan\\":${span(s.exportSpan)}`;
  out += `,\\"line\\":${s.line},\\"cells\\":[${s.cells.map(cell).join(",")}]`;
  if (s.frozen !== undefined) out += `,\\"frozen\\":${s.frozen}`;
  if (s.reads !== undefined) out += `,\\"reads\\":[${s.reads.map(str).join(",")}]`;
  return out + "}";
}

/** `JSON.stringify(encodeFacts(facts))` for facts made by `facts.ts` (its key order). */
export function factsLiteral(facts: ModuleFacts): string {
  const head =
    facts.unpatchable === undefined ? `{\\"version\\":${facts.version}` : `{\\"version\\":${facts.version},\\"unpatchable\\":${str(facts.unpatchable)}`;
  return `"${head},\\"statements\\":[${facts.statements.map(statement).join(",")}]}"`;
}
