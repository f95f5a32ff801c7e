// Turns an instrumented ES module (the compiler's output, inline source map) into a reload
// generation the runtime evaluates itself (docs/esm.md, "What is re-evaluated"):
//
//   module.exports = { run: (define, __ar$meta, __ar$enter, __ar$w, module, __filename, __dirname) => {
//   define(["require", "exports", "./b.js"], async function (require, exports, _b) {
//     …the module, with imports as live member reads of its dependencies' namespaces (`_b.b`)…
//   });
//   }, load: (s, a) => import(…) };
//
// - `run()` only calls `define(list, factory)`: the reloader learns the dependencies, loads their
//   namespaces (import(), or kept from the last reload), then calls the factory with them;
// - `import.meta` → `__ar$meta`; `globalThis.__autoreload.enter` → `__ar$enter` (the reloader's);
// - top-level await works: the factory is async; `module`, `__filename`, `__dirname` are
//   undefined, as in an ES module, and the module may declare its own;
// - `import()` stays native: code compiled with a file URL as its file name resolves relative to it.
//
// Two routes to that shape:
// - **SWC** (`via: "swc"`, the default when `@swc/core` loads): one SWC pass to AMD (imports →
//   `_b.b` member reads, scope-aware; exports → getters on `exports`; `define([...])` lists the
//   dependencies exactly), chaining the source map. Before it, same-length text replacements
//   (enter, `import.meta`, hashbang) and `__ar$w(…, "name")` around each write of an exported
//   value (the map's columns moved along). The usual module needs no parse for that
//   (`quickPlan`, text checks); otherwise `@babel/parser` finds the places (`parsedPlan`; no
//   traverse, no generator). About 0.5 ms for a small module, against ~5 ms for the Babel route.
//   Exported values reach importers through the generation's own `live` registrations (getters
//   read at commit) and `__ar$w` after each later write (esm-live.ts).
// - **Babel** (`via: "babel"`, the fallback): Babel's modules-commonjs with `importInterop:
//   "none"` in a factory that reaches its dependencies with `require(specifier)`; exports are
//   writes to the `exports` object (a Proxy in esm-live.ts tells them).
//   `AUTORELOAD_ESM_GENERATION=babel` forces it (and `=swc` forbids the fallback), for tests.
import babel from "@babel/core";
import { createRequire } from "node:module";
import { GLOBAL_NAME, RUNTIME_ENTER } from "@autoreload/abi";
import { shiftMappings } from "swc-plugin-autoreload/source-map-edits";

const require = createRequire(import.meta.url);

/** Empties `@babel/traverse`'s path and scope caches (they only save work within a transform). */
export function clearTraverseCache(): void {
  (babel.traverse as unknown as { cache?: { clear?: () => void } }).cache?.clear?.();
}
let modulesCommonJS: babel.PluginItem | undefined;

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

const HEAD = `module.exports = { run: (define, ${META_NAME}, ${ENTER_NAME}, ${WRITE_NAME}, module, __filename, __dirname) => {`;
const TAIL = "\n}, load: (s, a) => a === undefined ? import(s) : import(s, { with: a }) };";

const routeFromEnv = (): GenerationRoute => {
  const v = process.env.AUTORELOAD_ESM_GENERATION;
  return v === "babel" || v === "swc" ? v : "auto";
};

/** `code`: the compiler's ES module output for `filename`, with its inline source map. */
export function toFunctionModule(code: string, filename: string, route: GenerationRoute = routeFromEnv()): FunctionModule {
  if (route !== "babel") {
    const swc = loadSwc();
    if (swc === undefined) {
      if (route === "swc") throw new Error("[autoreload] AUTORELOAD_ESM_GENERATION=swc, but @swc/core does not load");
    } else {
      try {
        return viaSwc(swc, code, filename);
      } catch (error) {
        if (route === "swc") throw error;
        // Whatever SWC or the parser did not take, Babel gets a go (and reports its own error).
      }
    }
  }
  return viaBabel(code, filename);
}

const inlineMap = (map: unknown): string => `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(typeof map === "string" ? map : JSON.stringify(map)).toString("base64")}`;

// ---- SWC route ------------------------------------------------------------------------------

interface SwcCore {
  transformSync(code: string, options: Record<string, unknown>): { code: string; map?: string };
}

let swcCore: SwcCore | null | undefined;

/** `@swc/core`, as swc-plugin-autoreload (a dependency) resolves it; undefined when it does not load. */
function loadSwc(): SwcCore | undefined {
  if (swcCore === undefined) {
    swcCore = null;
    for (const from of [() => require.resolve("swc-plugin-autoreload"), () => import.meta.url]) {
      try {
        swcCore = createRequire(from())("@swc/core") as SwcCore;
        break;
      } catch {
        // next
      }
    }
  }
  return swcCore ?? undefined;
}

interface ParserModule {
  parse(code: string, options: Record<string, unknown>): { program: AstNode & { body: AstNode[]; interpreter?: AstNode | null } };
}
let parser: ParserModule | undefined;
/** `@babel/parser`, a dependency of `@babel/core` (only the parser: no traverse, no generator). */
const loadParser = (): ParserModule => (parser ??= createRequire(require.resolve("@babel/core"))("@babel/parser") as ParserModule);

interface Position {
  line: number;
  column: number;
}
interface AstNode {
  type: string;
  start: number;
  end: number;
  loc: { start: Position; end: Position };
  [key: string]: unknown;
}

/** An edit of the module text: `text` replaces `[start, end)` (an insertion when they are equal). */
interface Edit {
  start: number;
  end: number;
  text: string;
  /** Among insertions at one offset: closings (inner first) before openings (outer first). */
  rank: number;
}

const isNode = (v: unknown): v is AstNode => typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";
const SKIP_KEYS = new Set(["loc", "start", "end", "extra", "leadingComments", "trailingComments", "innerComments", "range", "type"]);

function stringValue(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "StringLiteral") return node.value as string;
  if (node.type === "Identifier") return node.name as string;
  return undefined;
}

function attributesOf(node: AstNode): Record<string, string> | undefined {
  const list = (node.attributes ?? node.assertions) as AstNode[] | undefined | null;
  if (list === undefined || list === null || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const a of list) out[stringValue(a.key) ?? ""] = stringValue(a.value) ?? "";
  return out;
}

/** `globalThis.__autoreload.enter` */
function isGlobalEnter(node: AstNode): boolean {
  if (node.type !== "MemberExpression" || node.computed === true) return false;
  const object = node.object as AstNode;
  const property = node.property as AstNode;
  if (property.type !== "Identifier" || property.name !== RUNTIME_ENTER) return false;
  if (object.type !== "MemberExpression" || object.computed === true) return false;
  const inner = object.object as AstNode;
  const innerProp = object.property as AstNode;
  return inner.type === "Identifier" && inner.name === "globalThis" && innerProp.type === "Identifier" && innerProp.name === GLOBAL_NAME;
}

/** `_ar$m.live("name", () => local, …)`: [name, local]. */
function liveRegistration(statement: AstNode): [string, string] | undefined {
  if (statement.type !== "ExpressionStatement") return undefined;
  const call = statement.expression as AstNode;
  if (call.type !== "CallExpression") return undefined;
  const callee = call.callee as AstNode;
  if (callee.type !== "MemberExpression" || callee.computed === true || (callee.property as AstNode).type !== "Identifier" || (callee.property as AstNode).name !== "live") return undefined;
  if ((callee.object as AstNode).type !== "Identifier") return undefined;
  const [name, get] = call.arguments as AstNode[];
  if (name?.type !== "StringLiteral" || get?.type !== "ArrowFunctionExpression" || (get.body as AstNode).type !== "Identifier") return undefined;
  return [name.value as string, (get.body as AstNode).name as string];
}

/** Identifiers a pattern assigns to (`[a, { b: c = 1 }, ...d] = …` → a, c, d). */
function patternNames(p: AstNode | null | undefined, out: string[]): void {
  if (p === null || p === undefined) return;
  switch (p.type) {
    case "Identifier":
      out.push(p.name as string);
      break;
    case "ArrayPattern":
      for (const e of p.elements as Array<AstNode | null>) patternNames(e, out);
      break;
    case "ObjectPattern":
      for (const prop of p.properties as AstNode[]) patternNames((prop.type === "RestElement" ? prop.argument : prop.value) as AstNode, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left as AstNode, out);
      break;
    case "RestElement":
      patternNames(p.argument as AstNode, out);
      break;
    default:
      break; // member expressions: not a binding
  }
}

/** `code` without its inline source map comment (the last line), and the map's JSON text. */
function splitInlineMap(code: string): { text: string; map: string | undefined } {
  const at = code.lastIndexOf("\n//# sourceMappingURL=data:application/json");
  if (at === -1) return { text: code, map: undefined };
  const found = /^\n\/\/# sourceMappingURL=data:application\/json[^,]*;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code.slice(at));
  if (found === null) return { text: code, map: undefined };
  return { text: code.slice(0, at), map: Buffer.from(found[1] ?? "", "base64").toString("utf8") };
}

/** What to change in the module text before SWC, and the import attributes found. */
interface Plan {
  readonly edits: Edit[];
  readonly attributes: Map<string, Record<string, string>>;
}

/** A same-length replacement (padded with spaces): no position moves, the source map stays valid. */
function replacement(start: number, end: number, name: string): Edit {
  if (end - start < name.length) throw new Error("[autoreload] no room for the replacement");
  return { start, end, text: name.padEnd(end - start, " "), rank: 0 };
}

const ENTER_TEXT = `globalThis.${GLOBAL_NAME}.${RUNTIME_ENTER}`;
const LIVE_TEXT = ".live(";
/** A `live` registration as both plugins print it (`_ar$m.live("name", () => local, (v) => { local = v; });`). */
const LIVE_REGISTRATION = /[\w$]+\.live\("((?:[^"\\\n]|\\.)*)", \(\) => ([\w$]+), \(?([\w$]+)\)? => \{\s*\2 = \3;\s*\}\);/g;
/** Words after which `(x)` / `[x]` is not a call or a member access. */
const KEYWORDS = new Set(
  "await break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return static super switch this throw try typeof var void while with yield async get set".split(" "),
);
const isIdentifierChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
const isSpace = (c: string | undefined): boolean => c === " " || c === "\n" || c === "\t" || c === "\r";

/**
 * What `code[at]` (an occurrence of an exported value's local, `width` long) is, judged by its
 * neighbours only: "read" (a member access, a call, an operand), "declaration" (`let x`), or
 * "unsure" (a write, or a place where a destructuring or `for…of` write could be).
 */
function occurrence(code: string, at: number, width: number): "read" | "declaration" | "property" | "unsure" {
  const before = code[at - 1];
  if (before === ".") return code[at - 2] === "." ? "unsure" : "property";
  let p = at - 1;
  while (isSpace(code[p])) p--;
  if ((code[p] === "+" || code[p] === "-") && code[p - 1] === code[p]) return "unsure"; // ++x, --x
  if (/(?:^|[^\w$])(?:let|const|var)\s+$/.test(code.slice(Math.max(0, at - 7), at))) return "declaration";
  let j = at + width;
  while (isSpace(code[j])) j++;
  const [c, c2, c3] = [code[j], code[j + 1], code[j + 2]];
  switch (c) {
    case ".":
    case "(":
    case "[":
    case ";":
      return "read";
    case "?":
      return c2 === "?" && c3 === "=" ? "unsure" : "read";
    case "=":
      return c2 === "=" || c2 === ">" ? "read" : "unsure";
    case "+":
    case "-":
      return c2 === c || c2 === "=" ? "unsure" : "read";
    case "*":
      return c2 === "=" || (c2 === "*" && c3 === "=") ? "unsure" : "read";
    case "/":
      return c2 === "=" || c2 === "/" || c2 === "*" ? "unsure" : "read";
    case "%":
    case "^":
      return c2 === "=" ? "unsure" : "read";
    case "<":
      return c2 === "<" && c3 === "=" ? "unsure" : "read";
    case ">": {
      let k = j;
      while (code[k] === ">") k++;
      return k - j >= 2 && code[k] === "=" ? "unsure" : "read";
    }
    case "!":
      return "read";
    case "&":
    case "|":
      return c2 === "=" || (c2 === c && c3 === "=") ? "unsure" : "read";
    case ",":
    case ")":
    case "]": {
      // `f(x)`, `f(x, y)`, `f(a, x)`, `a[x]`: an argument or a key, never a target; but `[x] = …`,
      // `(x) = …`, `[a, x] = …` are.
      const open = c === "]" ? "[" : "(";
      if (code[p] === open) {
        let q = p - 1;
        while (isSpace(code[q])) q--;
        if (code[q] === ")" || code[q] === "]") return "read";
        let w = q;
        while (isIdentifierChar(code[w])) w--;
        // A call or a member (`f(x)`, `a[x]`) — not after a keyword: `return [x] = …`, `yield (x) = …`.
        return w < q && !KEYWORDS.has(code.slice(w + 1, q + 1)) ? "read" : "unsure";
      }
      return c === ")" && code[p] === "," ? "read" : "unsure";
    }
    case "}":
      return code[p] === "{" && code[p - 1] === "$" ? "read" : "unsure"; // `${x}`
    default:
      return "unsure"; // : of in instanceof …
  }
}

/**
 * The plan without a parse, for the usual module: no `import.meta`, no import attributes, the
 * runtime named once (the prologue), and no exported value that could be written after its
 * declaration. Undefined when any of that is not certain from the text.
 */
function quickPlan(code: string): Plan | undefined {
  if (code.includes("import.meta") || /\b(?:with|assert)\s*\{/.test(code)) return undefined;
  const edits: Edit[] = [];
  if (code.startsWith("#!")) edits.push(replacement(0, 2, "//"));
  const global = code.indexOf(GLOBAL_NAME);
  if (global !== -1) {
    const start = global - "globalThis.".length;
    if (code.indexOf(GLOBAL_NAME, global + 1) !== -1 || !code.startsWith(`${ENTER_TEXT}(`, start) || !/= $/.test(code.slice(start - 2, start))) return undefined;
    edits.push(replacement(start, start + ENTER_TEXT.length, ENTER_NAME));
  }
  // Every `.live(` must be one of them (another form, or a `.live(` of the module's own: parse).
  const registrations = code.split(LIVE_TEXT).length - 1;
  if (registrations === 0) return { edits, attributes: new Map() };
  const locals = new Set<string>();
  const skip: Array<[number, number]> = [];
  for (const m of code.matchAll(LIVE_REGISTRATION)) {
    locals.add(m[2] ?? "");
    skip.push([m.index, m.index + m[0].length]);
  }
  if (skip.length !== registrations) return undefined;
  for (const local of locals) {
    for (let at = code.indexOf(local); at !== -1; at = code.indexOf(local, at + local.length)) {
      if (isIdentifierChar(code[at - 1]) || isIdentifierChar(code[at + local.length])) continue;
      if (skip.some(([s, e]) => at >= s && at < e)) continue;
      if (occurrence(code, at, local.length) === "unsure") return undefined;
    }
  }
  return { edits, attributes: new Map() };
}

/** The plan from a parse (`@babel/parser`: no traverse, no generator). */
function parsedPlan(code: string): Plan {
  const ast = loadParser().parse(code, {
    sourceType: "module",
    plugins: ["importAttributes", "explicitResourceManagement"],
    attachComment: false,
  });
  const program = ast.program;
  const edits: Edit[] = [];
  const replace = (node: { start: number; end: number }, name: string): void => {
    edits.push(replacement(node.start, node.end, name));
  };
  if (program.interpreter !== null && program.interpreter !== undefined) {
    // `#!…` would not be on the first line any more: `//…`, same length.
    edits.push(replacement(program.interpreter.start, program.interpreter.start + 2, "//"));
  }

  const attributes = new Map<string, Record<string, string>>();
  const seen = new Map<string, string>();
  /** Exported values: local name → the names their `live` registrations use. */
  const live = new Map<string, string[]>();
  const quiet = new Set<AstNode>();
  for (const statement of program.body) {
    if (statement.type === "ImportDeclaration" || statement.type === "ExportAllDeclaration" || statement.type === "ExportNamedDeclaration") {
      const source = statement.source as AstNode | null | undefined;
      if (source === null || source === undefined) continue;
      const specifier = source.value as string;
      const found = attributesOf(statement);
      const key = JSON.stringify(found ?? null);
      // SWC's output names a dependency by its specifier only: one specifier, one set of attributes.
      if (seen.has(specifier) && seen.get(specifier) !== key) throw new Error("[autoreload] one specifier imported with different attributes");
      seen.set(specifier, key);
      if (found !== undefined) attributes.set(specifier, found);
      continue;
    }
    const registration = liveRegistration(statement);
    if (registration !== undefined) {
      // Its setter writes the value (the core calls it for linked generations only): not a write to tell.
      const setter = ((statement.expression as AstNode).arguments as AstNode[])[2];
      if (setter !== undefined) quiet.add(setter);
      const [name, local] = registration;
      const names = live.get(local);
      if (names === undefined) live.set(local, [name]);
      else if (!names.includes(name)) names.push(name);
    }
  }

  let order = 0;
  const wrap = (node: AstNode, locals: readonly string[], open: (names: string) => string, close: (names: string) => string): void => {
    const names = [...new Set(locals.flatMap((l) => live.get(l) ?? []))].map((n) => JSON.stringify(n)).join(", ");
    if (names === "") return;
    const k = ++order;
    edits.push({ start: node.start, end: node.start, text: open(names), rank: k });
    edits.push({ start: node.end, end: node.end, text: close(names), rank: -k });
  };
  const call = (): string => `${WRITE_NAME}(`;
  const args = (names: string): string => `, ${names})`;
  const written = (pattern: AstNode): string[] => {
    const names: string[] = [];
    patternNames(pattern, names);
    return names.filter((n) => live.has(n));
  };
  const stack: AstNode[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as AstNode;
    if (quiet.has(node)) continue;
    switch (node.type) {
      case "MetaProperty":
        if ((node.meta as AstNode).name === "import" && (node.property as AstNode).name === "meta") replace(node, META_NAME);
        continue;
      case "MemberExpression":
        if (isGlobalEnter(node)) {
          replace(node, ENTER_NAME);
          continue;
        }
        break;
      case "AssignmentExpression":
        if (live.size > 0) wrap(node, written(node.left as AstNode), call, args);
        break;
      case "UpdateExpression":
        if (live.size > 0) wrap(node, written(node.argument as AstNode), call, args);
        break;
      case "ForInStatement":
      case "ForOfStatement": {
        const left = node.left as AstNode;
        // Each iteration writes: tell at the start of the body.
        if (live.size > 0 && left.type !== "VariableDeclaration") wrap(node.body as AstNode, written(left), (names) => `{ ${WRITE_NAME}(0, ${names}); `, () => " }");
        break;
      }
      default:
        break;
    }
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as AstNode);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
  return { edits, attributes };
}

/** Where the AMD factory's `function` starts in SWC's output (`define([ "…", … ], function(`). */
function factoryStart(amd: string): number {
  let i = 0;
  // Comments SWC kept before the module (a hashbang became one).
  for (;;) {
    while (isSpace(amd[i])) i++;
    if (amd.startsWith("//", i)) i = amd.indexOf("\n", i) === -1 ? amd.length : amd.indexOf("\n", i);
    else if (amd.startsWith("/*", i)) i = amd.indexOf("*/", i) === -1 ? amd.length : amd.indexOf("*/", i) + 2;
    else break;
  }
  if (!amd.startsWith("define([", i)) throw new Error("[autoreload] unexpected AMD output");
  i += "define([".length;
  for (;;) {
    while (isSpace(amd[i]) || amd[i] === ",") i++;
    const quote = amd[i];
    if (quote === "]") break;
    if (quote !== '"' && quote !== "'") throw new Error("[autoreload] unexpected AMD output");
    for (i++; amd[i] !== quote; i++) {
      if (amd[i] === "\\") i++;
      if (i >= amd.length) throw new Error("[autoreload] unexpected AMD output");
    }
    i++;
  }
  const m = /^\],\s*/.exec(amd.slice(i, i + 8));
  if (m === null || !amd.startsWith("function(", i + m[0].length)) throw new Error("[autoreload] unexpected AMD output");
  return i + m[0].length;
}

function viaSwc(swc: SwcCore, compiled: string, filename: string): FunctionModule {
  // The map comment is for SWC; the text checks and the parser skip it.
  const mapAt = compiled.lastIndexOf("\n//# sourceMappingURL=");
  const code = mapAt === -1 ? compiled : compiled.slice(0, mapAt);
  const { edits, attributes } = quickPlan(code) ?? parsedPlan(code);

  // The map goes to SWC as an option: left in the text as a comment, SWC would print it again.
  let { map: inputSourceMap } = splitInlineMap(compiled);
  let text = code;
  if (edits.length > 0) {
    edits.sort((a, b) => a.start - b.start || a.rank - b.rank);
    const insertions = edits.filter((e) => e.start === e.end);
    if (insertions.length > 0 && inputSourceMap !== undefined) {
      // Insertions move later columns of their lines: so do the map's generated columns.
      const parsed = JSON.parse(inputSourceMap) as { mappings: string };
      parsed.mappings = shiftMappings(code, parsed.mappings, insertions.map((e) => ({ pos: e.start, end: e.end, text: e.text })));
      inputSourceMap = JSON.stringify(parsed);
    }
    let out = "";
    let at = 0;
    for (const e of edits) {
      out += code.slice(at, e.start) + e.text;
      at = e.end;
    }
    text = out + code.slice(at);
  }

  // AMD rather than CommonJS: the dependencies arrive as the factory's parameters, listed in
  // `define([...])`, so nothing has to find SWC's `require()` calls among the module's own code.
  const result = swc.transformSync(text, {
    filename,
    isModule: true,
    swcrc: false,
    configFile: false,
    inputSourceMap: inputSourceMap ?? false,
    sourceMaps: true,
    jsc: { parser: { syntax: "ecmascript", importAttributes: true, explicitResourceManagement: true }, target: "esnext" },
    module: { type: "amd", importInterop: "none", ignoreDynamic: true },
  });
  // The factory becomes `async` (top-level await); the head takes a line of its own.
  const fnAt = factoryStart(result.code);
  const amd = `${result.code.slice(0, fnAt)}async ${result.code.slice(fnAt)}`;
  let map = "";
  if (result.map !== undefined) {
    const parsed = JSON.parse(result.map) as { mappings: string };
    // The head's line first (no mappings), then SWC's lines with "async " inserted.
    parsed.mappings = `;${shiftMappings(result.code, parsed.mappings, [{ pos: fnAt, end: fnAt, text: "async " }])}`;
    map = inlineMap(parsed);
  }
  return { code: `${HEAD}\n${amd}${TAIL}${map}\n`, attributes, via: "swc" };
}

// ---- Babel route ----------------------------------------------------------------------------

interface PluginState {
  file: { metadata: Record<string, unknown> };
}

function babelAttributesOf(node: { attributes?: Array<{ key: { type: string; name?: string; value?: string }; value: { value: string } }> | null }): Record<string, string> | undefined {
  const list = node.attributes;
  if (list === undefined || list === null || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const a of list) out[a.key.type === "Identifier" ? a.key.name ?? "" : a.key.value ?? ""] = a.value.value;
  return out;
}

/** Runs before modules-commonjs: collects dependencies, rewrites `import.meta` and `enter`. */
function prepare({ types: t }: typeof babel): babel.PluginObj<PluginState> {
  return {
    name: "autoreload-esm-generation",
    visitor: {
      Program(path, state) {
        path.node.interpreter = null;
        const deps: Dependency[] = [];
        const seen = new Set<string>();
        for (const statement of path.node.body) {
          if (statement.type !== "ImportDeclaration" && statement.type !== "ExportAllDeclaration" && statement.type !== "ExportNamedDeclaration") continue;
          const source = statement.source;
          if (source === null || source === undefined) continue;
          const attributes = babelAttributesOf(statement as never);
          const key = `${source.value}\0${JSON.stringify(attributes ?? null)}`;
          if (!seen.has(key)) {
            seen.add(key);
            deps.push([source.value, attributes]);
          }
        }
        state.file.metadata.autoreloadDeps = deps;
        path.traverse({
          MetaProperty(p) {
            if (p.node.meta.name === "import" && p.node.property.name === "meta") p.replaceWith(t.identifier(META_NAME));
          },
          MemberExpression(p) {
            // globalThis.__autoreload.enter → __ar$enter
            const { object, property } = p.node;
            if (
              !p.node.computed && property.type === "Identifier" && property.name === RUNTIME_ENTER &&
              object.type === "MemberExpression" && !object.computed &&
              object.object.type === "Identifier" && object.object.name === "globalThis" &&
              object.property.type === "Identifier" && object.property.name === GLOBAL_NAME
            ) {
              p.replaceWith(t.identifier(ENTER_NAME));
            }
          },
        });
      },
    },
  };
}

function viaBabel(code: string, filename: string): FunctionModule {
  modulesCommonJS ??= require("@babel/plugin-transform-modules-commonjs") as babel.PluginItem;
  const result = babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "module",
    inputSourceMap: true as never,
    sourceMaps: true,
    compact: false,
    comments: true,
    parserOpts: { plugins: ["importAttributes"] },
    plugins: [prepare, [modulesCommonJS, { importInterop: "none", strict: false, strictMode: true, allowTopLevelThis: false }]],
  });
  // Babel keeps NodePaths and scopes in WeakMaps keyed by AST nodes. Their entries die with the
  // ASTs, but the tables keep growing over many transforms of a long-running process (measured:
  // ~8 KB per reload of a 5 KB module); a fresh cache per reload keeps the heap flat.
  clearTraverseCache();
  if (result?.code == null) throw new Error(`[autoreload] Babel produced no output for ${filename}`);
  const deps = (result.metadata as { autoreloadDeps?: Dependency[] } | undefined)?.autoreloadDeps ?? [];
  const attributes = new Map<string, Record<string, string>>();
  for (const [specifier, a] of deps) if (a !== undefined) attributes.set(specifier, a);
  // The head goes on Babel's first line (its "use strict"): no line moves. The body reaches its
  // dependencies with `require(specifier)`.
  const define = `define(${JSON.stringify(["require", "exports", ...new Set(deps.map((d) => d[0]))])}, async function (require, exports) {`;
  const map = result.map === null || result.map === undefined ? "" : inlineMap(result.map);
  return { code: `${HEAD}${define}${result.code}\n});${TAIL}${map}\n`, attributes, via: "babel" };
}
