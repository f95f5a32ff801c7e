// What the SWC route changes in an instrumented ES module before its AMD pass (docs/esm.md): the
// hashbang, `import.meta` → `__ar$meta`, the runtime's `enter` → `__ar$enter`, and `__ar$w(…)`
// around each write of an exported value after its declaration. Same-length replacements keep
// every position; insertions are applied with the source map's columns moved along.
// `quickPlan` decides from the text for the usual module; `parsedPlan` parses (no traverse).
import { createRequire } from "node:module";
import { GLOBAL_NAME, RUNTIME_ENTER } from "@autoreload/abi";
import { ENTER_NAME, META_NAME, WRITE_NAME } from "./generation.js";

const require = createRequire(import.meta.url);

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
export interface Edit {
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
  if (
    callee.type !== "MemberExpression" ||
    callee.computed === true ||
    (callee.property as AstNode).type !== "Identifier" ||
    (callee.property as AstNode).name !== "live"
  )
    return undefined;
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

/** What to change in the module text before SWC, and the import attributes found. */
export interface Plan {
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
  "await break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return static super switch this throw try typeof var void while with yield async get set".split(
    " ",
  ),
);
const isIdentifierChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
export const isSpace = (c: string | undefined): boolean => c === " " || c === "\n" || c === "\t" || c === "\r";

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
export function quickPlan(code: string): Plan | undefined {
  if (code.includes("import.meta") || /\b(?:with|assert)\s*\{/.test(code)) return undefined;
  const edits: Edit[] = [];
  if (code.startsWith("#!")) edits.push(replacement(0, 2, "//"));
  const global = code.indexOf(GLOBAL_NAME);
  if (global !== -1) {
    const start = global - "globalThis.".length;
    if (code.indexOf(GLOBAL_NAME, global + 1) !== -1 || !code.startsWith(`${ENTER_TEXT}(`, start) || !/= $/.test(code.slice(start - 2, start)))
      return undefined;
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
export function parsedPlan(code: string): Plan {
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
        if (live.size > 0 && left.type !== "VariableDeclaration")
          wrap(
            node.body as AstNode,
            written(left),
            (names) => `{ ${WRITE_NAME}(0, ${names}); `,
            () => " }",
          );
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
