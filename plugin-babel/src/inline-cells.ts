/**
 * Inline function cells (ABI 4, docs/abi.md "Inline function cells"): function expressions,
 * arrows with simple parameters and object-literal methods, getters and setters that a top-level
 * statement reaches through expressions only — no function, class, block, loop, `if`, `switch`,
 * `try` or label in between — and that are not declaration cells already:
 *
 *   bus.on("req", (n) => { hits += n; });
 *   export const api = { get() {…}, get label() {…} };
 *   const h = wrap(function inner() {…});        (h is a value; inner is the cell)
 *
 * They get the forwarding check on a slot of their own and no registration: the runtime patches
 * them by slot. Left out as well: a function called where it stands (`(() => {…})()`,
 * `new (function () {…})()`): it never runs again, so a patch could not take effect (its text
 * stays in the statement's shape, whose change is a full reload; the SWC plugin does the same).
 * Read-only: the search walks nodes and makes paths only for the cells it finds.
 */
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";
import { simpleParameters } from "@autoreload/abi";
import { unwrapNode } from "./expressions.js";

export type InlineFunction = t.ArrowFunctionExpression | t.FunctionExpression | t.ObjectMethod;
export type InlineForm = "expression" | "method" | "getter" | "setter";

export interface InlineCandidate {
  readonly path: NodePath<InlineFunction>;
  readonly form: InlineForm;
}

/** Children that are types: no function in them runs. */
const TYPE_KEYS = new Set(["typeAnnotation", "typeParameters", "typeArguments", "returnType"]);

/** `(() => {…})()`, `new (function () {…})()`: the call's callee is a function, called once, where it stands. */
function callsInPlace(node: t.Node): boolean {
  if (node.type !== "CallExpression" && node.type !== "OptionalCallExpression" && node.type !== "NewExpression") return false;
  if (node.callee.type === "V8IntrinsicIdentifier") return false;
  const callee = unwrapNode(node.callee);
  return callee.type === "ArrowFunctionExpression" || callee.type === "FunctionExpression";
}

/** Where a top-level statement holds expressions, as path keys from the statement. */
function roots(node: t.Statement): Array<[string, t.Node]> {
  switch (node.type) {
    case "ExpressionStatement":
      return [["expression", node.expression]];
    case "TSExportAssignment":
      return [["expression", node.expression]];
    case "VariableDeclaration":
      return declaratorRoots(node, "");
    case "ExportNamedDeclaration":
      return node.declaration?.type === "VariableDeclaration" ? declaratorRoots(node.declaration, "declaration.") : [];
    case "ExportDefaultDeclaration": {
      const d = node.declaration;
      return d.type === "FunctionDeclaration" ||
        d.type === "ClassDeclaration" ||
        d.type === "TSDeclareFunction" ||
        (d.type as string) === "TSInterfaceDeclaration"
        ? []
        : [["declaration", d]];
    }
    default:
      return [];
  }
}

function declaratorRoots(node: t.VariableDeclaration, prefix: string): Array<[string, t.Node]> {
  if (node.declare) return [];
  const out: Array<[string, t.Node]> = [];
  node.declarations.forEach((d, i) => {
    if (d.init) out.push([`${prefix}declarations.${i}.init`, d.init]);
  });
  return out;
}

/**
 * The inline cells of the program, in source order. `isDeclarationCell`: functions that are cells
 * already (analyze.ts's sites).
 */
export function collectInlineCells(types: typeof BabelTypes, program: NodePath<t.Program>, isDeclarationCell: (node: t.Node) => boolean): InlineCandidate[] {
  const found: InlineCandidate[] = [];
  for (const statement of program.get("body")) {
    for (const [key, root] of roots(statement.node)) {
      const route: string[] = [key];
      const visit = (node: t.Node): void => {
        switch (node.type) {
          case "ArrowFunctionExpression":
          case "FunctionExpression":
          case "ObjectMethod": {
            if (isDeclarationCell(node)) return;
            const candidate = inlineCell(statement, route, node);
            if (candidate) found.push(candidate);
            return;
          }
          case "ClassExpression":
          case "DoExpression":
          case "ModuleExpression":
            return; // a class body, a block, a module: not reached through expressions only
          default:
            break;
        }
        const fields = node as unknown as Record<string, unknown>;
        const inPlace = callsInPlace(node);
        for (const child of types.VISITOR_KEYS[node.type] ?? []) {
          if (TYPE_KEYS.has(child) || (inPlace && child === "callee")) continue;
          const value = fields[child];
          if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
              if (!value[i]) continue;
              route.push(child, String(i));
              visit(value[i] as t.Node);
              route.length -= 2;
            }
          } else if (value && typeof value === "object") {
            route.push(child);
            visit(value as t.Node);
            route.length -= 1;
          }
        }
      };
      visit(root);
    }
  }
  return found;
}

/** The function at `route` under `statement` if it can be a cell: simple parameters for arrows; no own `arguments` binding. */
function inlineCell(statement: NodePath<t.Statement>, route: readonly string[], node: InlineFunction): InlineCandidate | undefined {
  if (node.type === "ArrowFunctionExpression") {
    const kinds = node.params.map((p) => ({
      kind:
        p.type === "Identifier"
          ? ("identifier" as const)
          : p.type === "RestElement" && p.argument.type === "Identifier"
            ? ("rest-identifier" as const)
            : ("other" as const),
    }));
    if (!simpleParameters(kinds)) return undefined;
  }
  const path = statement.get(route.join(".")) as NodePath<InlineFunction>;
  if (path.node !== node) return undefined; // not where the walk found it (cannot happen; never guess)
  if (node.type !== "ArrowFunctionExpression" && path.scope.hasOwnBinding("arguments")) return undefined;
  const form: InlineForm = node.type !== "ObjectMethod" ? "expression" : node.kind === "get" ? "getter" : node.kind === "set" ? "setter" : "method";
  return { path, form };
}
