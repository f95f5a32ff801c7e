/**
 * The statement facts of a module (ABI 4, `ModuleFacts` in @autoreload/abi; docs/abi.md "ABI 4"):
 * one entry per top-level statement that means something at run time, computed from the AST as
 * Babel parsed it, before the plugin edits anything. Spans are `node.start`/`node.end`: UTF-16
 * offsets into the text given to Babel (a BOM, if any, is offset 0: Babel keeps it in the text).
 *
 * Which functions are cells, and their slots, come from the plan (analyze.ts); the hashes from
 * shape.ts; `pure` from purity.ts; kinds, names and export keywords from statements.ts; `reads`
 * from Babel's scope (reads.ts); `frozen` (a `let` emitted as `const`) from the plan, unless the
 * module is unpatchable (then every `let` stays one).
 */
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";
import {
  type CellFacts,
  type CellForm,
  FACTS_VERSION,
  type ModuleFacts,
  type StatementFacts,
  UNPATCHABLE_EVAL,
  UNPATCHABLE_EVAL_BINDING,
  UNPATCHABLE_WITH,
} from "@autoreload/abi";
import type { Plan } from "./analyze.js";
import { unwrapNode } from "./expressions.js";
import { isPureClass, isPureDeclaration } from "./purity.js";
import { collectReads, readList, type Reads } from "./reads.js";
import { ShapeHasher } from "./shape.js";
import { declaredNames, declaresClassValue, exportKeywords, isTypeOnly, mayDeclareInside, statementKind } from "./statements.js";

interface CellSite {
  readonly slot: number;
  readonly form: CellForm;
  readonly key: string | undefined;
}

type Span = readonly [number, number];

export function moduleFacts(types: typeof BabelTypes, program: NodePath<t.Program>, plan: Plan, code: string): ModuleFacts {
  const cells = new Map<t.Node, CellSite>();
  const classValues = new Set<t.Node>();
  for (const site of plan.sites) {
    if (site.kind === "function-declaration") cells.set(site.fn.node, { slot: site.index, form: "declaration", key: site.key });
    else if (site.kind === "value" && !site.value.isClassExpression()) cells.set(site.value.node, { slot: site.index, form: "expression", key: site.key });
    else if (site.kind === "value") classValues.add(site.value.node);
  }
  for (const cell of plan.inline) cells.set(cell.path.node, { slot: cell.index, form: cell.form, key: undefined });
  const forms = new Map<t.Node, CellForm>();
  for (const [node, cell] of cells) forms.set(node, cell.form);

  const hasher = new ShapeHasher(types, forms);
  const reads = collectReads(program, cells);
  const statements: StatementFacts[] = [];
  let unpatchable: string | undefined;
  let inside: Map<t.Node, string[]> | undefined; // `var`s bound inside other statements, by statement

  const body = program.node.body;
  if (body.length > 0 && code === "")
    unpatchable = "babel-plugin-autoreload was not given the module's source text (an AST alone): its statements have no spans";
  for (const node of unpatchable === undefined ? body : []) {
    if (isTypeOnly(node)) continue;
    const span = statementSpan(node);
    const exportSpan = span && exportKeywords(node, code);
    if (span === undefined || exportSpan === null) {
      unpatchable = `babel-plugin-autoreload could not describe the statement at line ${node.loc?.start.line ?? "?"} (${span === undefined ? "no source position: code another plugin made" : "its export keywords were not found in the source"})`;
      break;
    }
    const kind = statementKind(node, (d) => declaresClassValue(d) && (d.kind === "const" || classValues.has(unwrapNode(d.declarations[0]!.init!))));
    let declares = declaredNames(node);
    if (declares === undefined) {
      if (mayDeclareInside(node)) {
        inside ??= bindingsByStatement(program);
        declares = inside.get(node) ?? [];
      } else {
        declares = [];
      }
    }
    const met = cellsIn(types, node, cells);
    if (met.some((fn) => fn.start == null || fn.end == null)) {
      unpatchable = `babel-plugin-autoreload could not describe the statement at line ${node.loc?.start.line ?? "?"} (a function in it has no source position: code another plugin made)`;
      break;
    }
    const statement: StatementFacts = {
      kind,
      shape: hasher.statement(node),
      declares,
      pure: isPure(node, kind),
      span,
      ...(exportSpan ? { exportSpan } : {}),
      line: lineOf(node, span[0]),
      cells: met.map((fn) => cellFacts(hasher, fn, cells.get(fn)!, reads)),
      ...(plan.frozen.has(node as t.VariableDeclaration) ? { frozen: true } : {}),
      ...(reads ? { reads: readList(reads.statements.get(node)) } : {}),
    };
    statements.push(statement);
  }

  if (unpatchable === undefined && hasher.sawWith) unpatchable = UNPATCHABLE_WITH;
  if (unpatchable === undefined && hasher.evalCalls.length > 0 && callsGlobalEval(program, hasher.evalCalls)) unpatchable = UNPATCHABLE_EVAL;
  if (unpatchable === undefined && program.scope.hasOwnBinding("eval")) {
    unpatchable = UNPATCHABLE_EVAL_BINDING;
  }
  if (unpatchable === undefined) return { version: FACTS_VERSION, statements };
  // No `let` is emitted as `const` in a module that cannot be patched (`eval` could assign it).
  return { version: FACTS_VERSION, unpatchable, statements: statements.map(({ frozen: _, ...s }) => s) };
}

function cellFacts(hasher: ShapeHasher, fn: t.Function, cell: CellSite, reads: Reads | undefined): CellFacts {
  const id = fn.type === "FunctionDeclaration" ? fn.id : undefined;
  return {
    slot: cell.slot,
    body: hasher.body(fn, cell.form),
    form: cell.form,
    span: [fn.start!, fn.end!],
    ...(cell.form === "declaration" && id ? { nameSpan: [id.start!, id.end!] as const } : {}),
    ...(cell.key !== undefined ? { key: cell.key } : {}),
    ...(reads ? { reads: readList(reads.cells.get(fn)) } : {}),
  };
}

/** The cells inside a statement, in source order (cells never nest: the search stops at functions). */
function cellsIn(types: typeof BabelTypes, statement: t.Node, cells: ReadonlyMap<t.Node, CellSite>): t.Function[] {
  const found: t.Function[] = [];
  if (cells.size === 0) return found;
  const visit = (node: t.Node): void => {
    if (cells.has(node)) {
      found.push(node as t.Function);
      return;
    }
    if (types.isFunction(node) || types.isClass(node)) return; // never a cell's parent (a class is compared whole)
    const fields = node as unknown as Record<string, unknown>;
    for (const key of types.VISITOR_KEYS[node.type] ?? []) {
      const value = fields[key];
      if (Array.isArray(value)) {
        for (const item of value) if (item) visit(item as t.Node);
      } else if (value && typeof value === "object") {
        visit(value as t.Node);
      }
    }
  };
  visit(statement);
  return found.sort((a, b) => a.start! - b.start!);
}

/** [start, end) of the statement: from its first decorator when they come first, through its `;`. */
function statementSpan(node: t.Statement): Span | undefined {
  if (node.start == null || node.end == null) return undefined;
  let start = node.start;
  const declaration = node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" ? node.declaration : node;
  const decorators = (declaration as { decorators?: t.Decorator[] | null } | null)?.decorators;
  if (decorators?.length && decorators[0]!.start != null && decorators[0]!.start < start) start = decorators[0]!.start;
  return [start, node.end];
}

function lineOf(node: t.Statement, start: number): number {
  if (node.start === start || node.loc == null) return node.loc?.start.line ?? 0;
  const declaration = node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" ? node.declaration : node;
  return (declaration as { decorators?: t.Decorator[] | null } | null)?.decorators?.[0]?.loc?.start.line ?? node.loc.start.line;
}

function isPure(node: t.Statement, kind: StatementFacts["kind"]): boolean {
  const declaration = node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" ? node.declaration : node;
  if (!declaration) return false;
  switch (kind) {
    case "function":
      return true;
    case "class":
      if (declaration.type === "ClassDeclaration") return isPureClass(declaration);
      return declaration.type === "VariableDeclaration" && isPureDeclaration(declaration);
    case "const":
    case "let":
    case "var":
      return declaration.type === "VariableDeclaration" && isPureDeclaration(declaration);
    default:
      return false;
  }
}

/** Names of the module scope bound inside statements that are not declarations (`for (var i …)`), by statement, in source order. */
function bindingsByStatement(program: NodePath<t.Program>): Map<t.Node, string[]> {
  const found = new Map<t.Node, Array<{ name: string; at: number }>>();
  for (const [name, binding] of Object.entries(program.scope.bindings)) {
    let path: NodePath = binding.path;
    while (path.parentPath && !path.parentPath.isProgram()) path = path.parentPath;
    if (!path.parentPath) continue;
    const list = found.get(path.node) ?? [];
    list.push({ name, at: binding.identifier.start ?? 0 });
    found.set(path.node, list);
  }
  const out = new Map<t.Node, string[]>();
  for (const [node, list] of found)
    out.set(
      node,
      list.sort((a, b) => a.at - b.at).map((e) => e.name),
    );
  return out;
}

/** Whether one of `calls` (callee: the identifier `eval`) calls the global eval: a direct eval. */
function callsGlobalEval(program: NodePath<t.Program>, calls: readonly t.CallExpression[]): boolean {
  const wanted = new Set<t.Node>(calls);
  let direct = false;
  program.traverse({
    CallExpression(path) {
      if (direct || !wanted.has(path.node)) return;
      if (!path.scope.hasBinding("eval", { noGlobals: true })) {
        direct = true;
        path.stop();
      }
    },
  });
  return direct;
}
