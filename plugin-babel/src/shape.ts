/**
 * Structural hashes for the statement facts (docs/abi.md, "ABI 4"): one canonical walk of Babel's
 * AST, fed to the ABI's `StructureHash`.
 *
 * What counts, in the order the walk meets it: each node's type (a short code, `typeCodes`) with
 * its *scalar* fields (those Babel's `NODE_FIELDS` lists that are not child nodes: identifier
 * names, literal values, cooked and raw template text, operators, `kind`, `async`, `static`,
 * `computed`, `optional`, TypeScript's `declare`, …) as one part, then its children in
 * `VISITOR_KEYS` order, a list as its length and its items, a missing child as a mark of its own.
 * Positions, comments and `extra` (raw literal text, parentheses) are not fields, so they never
 * count; a `ParenthesizedExpression` (parser option `createParenthesizedExpressions`) is walked as
 * the expression inside. TypeScript types are structure like the rest.
 *
 * A statement's shape leaves every cell's function out: the cell is a placeholder with its form
 * and what binds or names it outside the function (a declaration's or function expression's name,
 * a method's key); its parameters and body are the cell's `body` hash.
 */
import type { types as BabelTypes, types as t } from "@babel/core";
import { type CellForm, hash8, StructureHash } from "@autoreload/abi";

/** The functions that are cells, with their form (analyze.ts decides which). */
export type CellForms = ReadonlyMap<t.Node, CellForm>;

/** A function node as the body hash reads it. */
type FunctionNode = t.Function;

const CELL = "\u0002cell";
const BODY = "\u0002body";
/** Node fields that are never structure (Babel's base fields, for node types it does not describe). */
const NOT_STRUCTURE = new Set(["type", "start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments"]);

/** How the walk reads one node type: its scalar fields, its children, whether it can be a cell. */
interface Layout {
  /** What stands for the node's type in the hash (`typeCodes`). */
  readonly code: string;
  readonly scalars: readonly string[];
  readonly children: readonly string[] | undefined;
  readonly function: boolean;
}

/**
 * Short stand-ins for node types, so the hashed text is a third shorter (the hash costs per
 * character): 5 hex digits of `hash8(type)`, or the type itself for the rare types whose digits
 * another type shares. Computed over every type Babel knows, so a type's code does not depend on
 * which file was seen first.
 */
let codes: { types: object; codes: Map<string, string> } | undefined;
function typeCodes(types: typeof BabelTypes): Map<string, string> {
  if (codes?.types === types.VISITOR_KEYS) return codes.codes;
  const names = Object.keys(types.VISITOR_KEYS);
  const short = names.map((name) => hash8(name).slice(0, 5));
  const count = new Map<string, number>();
  for (const code of short) count.set(code, (count.get(code) ?? 0) + 1);
  const map = new Map<string, string>();
  names.forEach((name, i) => map.set(name, count.get(short[i]!) === 1 ? short[i]! : name));
  codes = { types: types.VISITOR_KEYS, codes: map };
  return map;
}

/** The separator inside one part (a node's type and its scalars): `StructureHash` separates parts with U+0000. */
const SEP = "\u0003";

/** Layouts by node type, for the `types` they were read from (one Babel per process, as a rule). */
let layoutCache: { types: object; layouts: Map<string, Layout> } | undefined;

export class ShapeHasher {
  private readonly layouts: Map<string, Layout>;
  /** `eval(…)` calls met (the callee is the identifier `eval`): direct if `eval` is not shadowed there. */
  readonly evalCalls: t.CallExpression[] = [];
  /** Whether a `with` statement was met. */
  sawWith = false;

  constructor(
    private readonly types: typeof BabelTypes,
    private readonly cells: CellForms,
  ) {
    if (layoutCache?.types !== types.VISITOR_KEYS) layoutCache = { types: types.VISITOR_KEYS, layouts: new Map() };
    this.layouts = layoutCache.layouts;
  }

  /** The shape of a top-level statement. */
  statement(node: t.Node): string {
    const h = new StructureHash();
    this.walk(h, node);
    return h.digest();
  }

  /** The body hash of a cell: form, async, generator, parameters, body (TypeScript signature included). */
  body(node: FunctionNode, form: CellForm): string {
    const h = new StructureHash();
    h.add(BODY).add(form).add(node.async).add(node.generator);
    this.walkList(h, node.params);
    this.walk(h, node.body);
    this.walk(h, node.returnType);
    this.walk(h, node.typeParameters);
    this.walk(h, (node as { predicate?: t.Node | null }).predicate);
    return h.digest();
  }

  /**
   * One part per node: its type and its scalar fields (undefined as nothing, null, booleans as
   * `1`/`0`: fewer and shorter parts, the walk and the hash are most of the facts' cost); then its
   * children.
   */
  private walk(h: StructureHash, node: t.Node | null | undefined): void {
    if (node == null) {
      h.add(undefined);
      return;
    }
    let type = node.type;
    while (type === "ParenthesizedExpression") {
      node = (node as t.ParenthesizedExpression).expression;
      type = node.type;
    }
    const layout = this.layouts.get(type) ?? this.layoutOf(type);
    if (layout.function) {
      const form = this.cells.get(node);
      if (form !== undefined) {
        this.placeholder(h, node as FunctionNode, form);
        return;
      }
    }
    const fields = node as unknown as Record<string, unknown>;
    if (layout.children === undefined) {
      h.add(type);
      this.walkUnknown(h, fields);
      return;
    }
    let part = layout.code;
    for (const name of layout.scalars) {
      const value = fields[name];
      if (value === undefined) part += SEP;
      else if (value === null) part += SEP + "\u0004";
      else if (value === true) part += SEP + "1";
      else if (value === false) part += SEP + "0";
      else if (typeof value !== "object") part += SEP + String(value);
      else if ("raw" in value) part += SEP + String((value as { cooked?: string | null }).cooked) + SEP + String((value as { raw?: string }).raw);
      else {
        h.add(part);
        part = "";
        this.scalar(h, value);
      }
    }
    h.add(part);
    for (const key of layout.children) {
      const value = fields[key];
      if (Array.isArray(value)) this.walkList(h, value as Array<t.Node | null>);
      else this.walk(h, value as t.Node | null | undefined);
    }
    if (type === "CallExpression") {
      let callee: t.Node = (node as t.CallExpression).callee;
      while (callee.type === "ParenthesizedExpression") callee = callee.expression;
      if (callee.type === "Identifier" && callee.name === "eval") this.evalCalls.push(node as t.CallExpression);
    } else if (type === "WithStatement") {
      this.sawWith = true;
    }
  }

  private walkList(h: StructureHash, list: ReadonlyArray<t.Node | null>): void {
    h.add(`[${list.length}`);
    for (const item of list) this.walk(h, item);
  }

  private layoutOf(type: string): Layout {
    const children = this.types.VISITOR_KEYS[type];
    const fields = Object.keys(this.types.NODE_FIELDS[type] ?? {});
    const layout: Layout = {
      code: typeCodes(this.types).get(type) ?? type,
      scalars: children === undefined ? [] : fields.filter((name) => !children.includes(name)),
      children,
      function: type === "FunctionDeclaration" || type === "FunctionExpression" || type === "ArrowFunctionExpression" || type === "ObjectMethod",
    };
    this.layouts.set(type, layout);
    return layout;
  }

  /**
   * A cell in a statement's shape: its form, and what names it from outside — a declaration's
   * name, a named function expression's name, a method's key (computed or not).
   */
  private placeholder(h: StructureHash, node: FunctionNode, form: CellForm): void {
    h.add(CELL).add(form);
    if (node.type === "ObjectMethod") {
      h.add(node.computed);
      this.walk(h, node.key);
    } else if (node.type === "FunctionDeclaration" || node.type === "FunctionExpression") {
      h.add(node.id?.name);
    }
  }

  /** A field that is not a child: a name, a value, an operator, a flag; a template's cooked and raw text. */
  private scalar(h: StructureHash, value: unknown): void {
    if (value === null || typeof value !== "object") {
      h.add(value as string | number | boolean | null | undefined);
    } else if (Array.isArray(value)) {
      this.walkList(h, value as t.Node[]);
    } else if (typeof (value as { type?: unknown }).type === "string") {
      this.walk(h, value as t.Node);
    } else if ("raw" in value) {
      const { cooked, raw } = value as { cooked?: string | null; raw?: string };
      h.add(cooked).add(raw);
    } else {
      h.add(JSON.stringify(value));
    }
  }

  /** A node type Babel does not describe (a parser plugin's): every field but positions and comments. */
  private walkUnknown(h: StructureHash, fields: Record<string, unknown>): void {
    for (const name of Object.keys(fields)) {
      if (NOT_STRUCTURE.has(name)) continue;
      h.add(name);
      this.scalar(h, fields[name]);
    }
  }
}
