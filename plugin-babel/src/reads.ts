/**
 * `reads` (optional in the ABI's facts): the module-scope names each statement, and each cell,
 * mentions as variables — what the runtime needs to evaluate a changed constant again and every
 * function and statement that closes over it.
 *
 * Read from Babel's scope, not from a walk: every reference to, and assignment of, a binding of
 * the program scope is attributed to the cell it lies in (its parameters and body; a method's
 * computed key belongs to its statement), else to its top-level statement. A name a local
 * binding shadows is not a read there. Babel's scope does not bind TypeScript enums and
 * namespaces; names referenced only in types may be listed (harmless: more reads than needed).
 */
import type { NodePath, types as t } from "@babel/core";

export interface Reads {
  readonly statements: ReadonlyMap<t.Node, ReadonlySet<string>>;
  readonly cells: ReadonlyMap<t.Node, ReadonlySet<string>>;
}

/**
 * Undefined when a reference does not lead to a statement of the program as it stands (a plugin
 * before this one edited the tree without telling Babel's scope): reads are then unknown, which
 * the runtime treats as "may read anything".
 */
export function collectReads(program: NodePath<t.Program>, cells: ReadonlyMap<t.Node, unknown>): Reads | undefined {
  const statements = new Map<t.Node, Set<string>>();
  const inCells = new Map<t.Node, Set<string>>();
  const body = program.node.body as t.Node[];
  const add = (map: Map<t.Node, Set<string>>, node: t.Node, name: string): void => {
    const set = map.get(node);
    if (set === undefined) map.set(node, new Set([name]));
    else set.add(name);
  };
  for (const [name, binding] of Object.entries(program.scope.bindings)) {
    for (const list of [binding.referencePaths, binding.constantViolations]) {
      for (const path of list) {
        // Babel counts `export const x = …` as a reference to x: the declaration itself, not a read.
        if (path.node.type === "ExportNamedDeclaration" && (path.node as t.ExportNamedDeclaration).declaration) continue;
        let cell: t.Node | undefined;
        let p: NodePath = path;
        while (p.parentPath && p.parentPath.node !== program.node) {
          if (cell === undefined && cells.has(p.parentPath.node) && p.key !== "key" && p.key !== "id") cell = p.parentPath.node;
          p = p.parentPath;
        }
        if (!p.parentPath || p.listKey !== "body" || body[p.key as number] !== p.node) return undefined;
        if (cell !== undefined) add(inCells, cell, name);
        else add(statements, p.node, name);
      }
    }
  }
  return { statements, cells: inCells };
}

/** A set of names as the facts list them: sorted, so the facts do not depend on Babel's order. */
export function readList(set: ReadonlySet<string> | undefined): string[] {
  return set === undefined ? [] : [...set].sort();
}
