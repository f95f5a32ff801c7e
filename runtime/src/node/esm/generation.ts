// The shape of a reload generation of an ES module (docs/esm.md, "What is re-evaluated"): a
// CommonJS text the reloader evaluates, whose `run` calls `define(dependencies, factory)`.
export const META_NAME = "__ar$meta";
export const ENTER_NAME = "__ar$enter";
export const WRITE_NAME = "__ar$w";

/** A static dependency of the module: specifier and import attributes (`with { type: "json" }`). */
export type Dependency = readonly [specifier: string, attributes: Record<string, string> | undefined];

export interface FunctionModule {
  /**
   * CommonJS text: `module.exports = { run(define, meta, enter, write, module, __filename,
   * __dirname), load(specifier, attributes) }`. `run` calls `define(dependencies, factory)` (AMD's
   * shape: "require", "exports" and specifiers); `factory(...values)` runs the module.
   */
  readonly code: string;
  /** Import attributes of the dependencies that have any, by specifier. */
  readonly attributes: ReadonlyMap<string, Record<string, string>>;
  /**
   * How exports reach the reloader: "swc": getters on `exports` plus the generation's `live`
   * registrations and `__ar$w` calls; "babel": writes to the `exports` object.
   */
  readonly via: "swc" | "babel";
}

export type GenerationRoute = "auto" | "swc" | "babel";

export const HEAD = `module.exports = { run: (define, ${META_NAME}, ${ENTER_NAME}, ${WRITE_NAME}, module, __filename, __dirname) => {`;
export const TAIL = "\n}, load: (s, a) => a === undefined ? import(s) : import(s, { with: a }) };";

/** `\n//# sourceMappingURL=data:…` for a map (JSON text or object). */
export const inlineMap = (map: unknown): string =>
  `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(typeof map === "string" ? map : JSON.stringify(map)).toString("base64")}`;

/** `code` without its inline source map comment (the last line), and the map's JSON text. */
export function splitInlineMap(code: string): { text: string; map: string | undefined } {
  const at = code.lastIndexOf("\n//# sourceMappingURL=data:application/json");
  if (at === -1) return { text: code, map: undefined };
  const found = /^\n\/\/# sourceMappingURL=data:application\/json[^,]*;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code.slice(at));
  if (found === null) return { text: code, map: undefined };
  return { text: code.slice(0, at), map: Buffer.from(found[1] ?? "", "base64").toString("utf8") };
}
