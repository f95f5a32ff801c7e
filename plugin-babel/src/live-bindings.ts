/**
 * ESM live bindings (docs/abi.md, "ESM live bindings"). Every exported `let/const/var` value
 * (not a function/class cell) registers a getter and a setter, so that after a reload the
 * runtime can push new values into the bindings importers of older generations are linked to:
 *
 *   export const CONFIG = { port: 1 };
 *     → export let CONFIG = { port: 1 };                      (const → let: never reassigned)
 *       _ar$m.live("CONFIG", () => CONFIG, (v) => { CONFIG = v; });
 *   export enum E { A }                                        (TypeScript)
 *     → export enum E { A }
 *       _ar$m.live("E", () => E, (v) => { E = v; });
 *   export default { port: 1 };
 *     → let _ar$default = { port: 1 };
 *       _ar$m.live("default", () => _ar$default, (v) => { _ar$default = v; });
 *       export { _ar$default as default };
 *
 * The plugin runs before the TypeScript transform, so an enum is still a `TSEnumDeclaration`
 * (Babel's scope has no binding for it). The registration goes after its last declaration; it
 * refers to the enum's name only, which every form the TypeScript transform gives the enum
 * keeps: `export let E = function (E) {…}({})`, `E = function (E) {…}(E || {})` for a merged
 * declaration, `var E = {…}` (`optimizeConstEnums`).
 */
import type { NodePath, types as t } from "@babel/core";
import type { Emit } from "./emit.js";

export interface LiveBinding {
  readonly name: string;
  /** The top-level statement the registration goes after. */
  readonly after: NodePath<t.Statement>;
  /** The `const` declaration to turn into `let`, if any. */
  readonly constDeclaration: NodePath<t.VariableDeclaration> | undefined;
}

/** Exported value bindings of an ES module, excluding `cells` (function/class cells). Read-only. */
export function collectLive(program: NodePath<t.Program>, cells: ReadonlySet<string>): LiveBinding[] {
  const names = new Set<string>();
  /** Top-level `[export] enum E {}` (not `declare`): the last statement declaring each. */
  const enums = new Map<string, NodePath<t.Statement>>();
  for (const statement of program.get("body")) {
    const node = statement.isExportNamedDeclaration() ? statement.node.declaration : statement.node;
    if (node?.type === "TSEnumDeclaration" && !node.declare) enums.set(node.id.name, statement);
  }
  for (const statement of program.get("body")) {
    if (!statement.isExportNamedDeclaration()) continue;
    const { declaration, specifiers, source, exportKind } = statement.node;
    if (source || exportKind === "type") continue;
    if (declaration?.type === "VariableDeclaration" && !declaration.declare) {
      for (const d of declaration.declarations) for (const name of bindingNames(d)) names.add(name);
    }
    if (declaration?.type === "TSEnumDeclaration" && !declaration.declare) names.add(declaration.id.name);
    for (const specifier of specifiers) {
      if (specifier.type === "ExportSpecifier" && specifier.exportKind !== "type") names.add(specifier.local.name);
    }
  }
  const live: LiveBinding[] = [];
  for (const name of names) {
    if (cells.has(name)) continue;
    const enumStatement = enums.get(name);
    if (enumStatement) {
      live.push({ name, after: enumStatement, constDeclaration: undefined }); // left as written
      continue;
    }
    const binding = program.scope.getOwnBinding(name);
    if (!binding || !(binding.kind === "let" || binding.kind === "const" || binding.kind === "var")) continue;
    if (!binding.path.isVariableDeclarator()) continue;
    const declaration = binding.path.parentPath;
    if (!declaration?.isVariableDeclaration() || declaration.node.declare) continue;
    // A `const` that the module assigns to throws there; its setter would throw too. Left alone.
    if (binding.kind === "const" && binding.constantViolations.length > 0) continue;
    const after = declaration.find((p) => p.parentPath?.isProgram() === true) as NodePath<t.Statement> | null;
    if (!after) continue;
    const toLet =
      binding.kind === "const" &&
      declaration.node.declarations.every((d) => bindingNames(d).every((n) => program.scope.getOwnBinding(n)?.constantViolations.length === 0));
    live.push({ name, after, constDeclaration: toLet ? declaration : undefined });
  }
  return live;
}

/** Names a declarator binds, destructuring included, in source order. */
export function bindingNames(declarator: t.VariableDeclarator): string[] {
  const out: string[] = [];
  const visit = (node: t.Node | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case "Identifier":
        out.push(node.name);
        break;
      case "ObjectPattern":
        for (const p of node.properties) visit(p.type === "RestElement" ? p : p.value);
        break;
      case "ArrayPattern":
        for (const e of node.elements) visit(e);
        break;
      case "AssignmentPattern":
        visit(node.left);
        break;
      case "RestElement":
        visit(node.argument);
        break;
      default:
        break;
    }
  };
  visit(declarator.id);
  return out;
}

/** Emits the registrations after their declarations, and turns never-reassigned `const` into `let`. */
export function emitLive(e: Emit, live: readonly LiveBinding[]): void {
  const byStatement = new Map<NodePath<t.Statement>, string[]>();
  for (const { name, after, constDeclaration } of live) {
    byStatement.set(after, [...(byStatement.get(after) ?? []), name]);
    if (constDeclaration && constDeclaration.node.kind !== "let") {
      constDeclaration.node.kind = "let";
      e.scope.constToLet(constDeclaration);
    }
  }
  for (const [after, names] of byStatement)
    e.body.insertAfter(
      after.node,
      names.map((name) => e.live(name)),
    );
}

/**
 * `export default <expression>;` whose value the module may change on a reload: anything but a
 * function or class (cells, see analyze.ts) or a name the plugin cannot tell is a value.
 */
export interface DefaultValue {
  readonly statement: NodePath<t.ExportDefaultDeclaration>;
  /** The exported identifier (`export default config`), checked against the cells once known. */
  readonly identifier: string | undefined;
}

/**
 * export default <expression>;  →  let _ar$default = <expression>;
 *                                   _ar$m.live("default", () => _ar$default, (v) => { _ar$default = v; });
 *                                   export { _ar$default as default };
 */
export function emitDefaultValue(e: Emit, site: DefaultValue, local: string): void {
  const t = e.t;
  const expression = site.statement.node.declaration as t.Expression;
  e.scope.foreign.add(expression);
  e.body.replace(site.statement.node, [
    t.variableDeclaration("let", [t.variableDeclarator(e.id(local), expression)]),
    e.live("default", local),
    t.exportNamedDeclaration(null, [t.exportSpecifier(e.id(local), e.id("default"))]),
  ]);
}
