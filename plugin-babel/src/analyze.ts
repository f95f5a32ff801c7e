/**
 * The read-only pass: walks the top-level statements once and decides what to instrument,
 * before anything is edited (docs/abi.md, principle 4). Only top-level constructs qualify, and
 * only when the module never reassigns their binding; anything else is left as written.
 */
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";
import { KEY_DEFAULT, TOKEN_NAME } from "@autoreload/abi";
import { type ClassRef, ownNameReferences } from "./classes.js";
import { matchExportsAssignment } from "./commonjs.js";
import { type FunctionValue, functionValue, isAnonymousFunctionDefinition, unwrapNode } from "./expressions.js";
import { canInstrumentFunction } from "./functions.js";
import { collectHot } from "./hot.js";
import { collectInlineCells, type InlineForm, type InlineFunction } from "./inline-cells.js";
import { bindingNames, collectLive, type DefaultValue, type LiveBinding } from "./live-bindings.js";
import type { ModuleKind } from "./module-kind.js";

/** `function f() {}`, `export function f() {}`, `export default function [f]() {}`. */
export interface FunctionDeclarationSite {
  readonly kind: "function-declaration";
  readonly key: string;
  readonly index: number;
  readonly fn: NodePath<t.FunctionDeclaration>;
  /** Set for the anonymous `export default function () {}`, which gets a generated name. */
  readonly anonymousDefault: NodePath<t.ExportDefaultDeclaration> | undefined;
}

/** A function or class *expression*: a declarator's initializer or the right side of a CommonJS export. */
export interface ValueSite {
  readonly kind: "value";
  readonly key: string;
  readonly index: number;
  /** Replaced by the registration call (may wrap `value` in parentheses or TS type wrappers). */
  readonly expression: NodePath<t.Expression>;
  readonly value: NodePath<FunctionValue>;
  /** The declared name (NamedEvaluation applies); undefined for member assignments. */
  readonly binding: string | undefined;
  readonly classRefs: readonly ClassRef[];
}

/** `class C {}`, `export class C {}`, `export default class [C] {}`. */
export interface ClassDeclarationSite {
  readonly kind: "class-declaration";
  readonly key: string;
  readonly index: number;
  readonly cls: NodePath<t.ClassDeclaration>;
  /** The top-level statement: the class itself, or the export around it. */
  readonly statement: NodePath<t.Statement>;
  readonly exported: "no" | "named" | "default";
  readonly classRefs: readonly ClassRef[];
}

export type Site = FunctionDeclarationSite | ValueSite | ClassDeclarationSite;

/**
 * ABI 4: a function, arrow or object method reached from a top-level statement through
 * expressions only (inline-cells.ts): patched by slot, never registered.
 */
export interface InlineSite {
  readonly kind: "inline";
  readonly index: number;
  readonly path: NodePath<InlineFunction>;
  readonly form: InlineForm;
}

export interface Plan {
  readonly sites: readonly Site[];
  /** Inline cells (option `patch` only), slots after the sites'. */
  readonly inline: readonly InlineSite[];
  readonly live: readonly LiveBinding[];
  /** `export default <expression>` made a live binding (ESM only). */
  readonly defaultValue: DefaultValue | undefined;
  readonly hot: ReturnType<typeof collectHot>;
  /**
   * Option `patch`: top-level `let` declarations nothing assigns after their initializers
   * (`frozenLets`), emitted as `const` when the module has no `eval`/`with` (instrument.ts).
   */
  readonly frozen: ReadonlySet<t.VariableDeclaration>;
}

/** Whether the program declares `function _ar$G…() {}`: it went through a plugin already. */
export function isInstrumented(program: NodePath<t.Program>): boolean {
  return program.node.body.some((s) => {
    const d = s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration" ? s.declaration : s;
    return d?.type === "FunctionDeclaration" && d.id?.name.startsWith(TOKEN_NAME) === true;
  });
}

type Candidate = Omit<FunctionDeclarationSite, "index"> | Omit<ValueSite, "index"> | Omit<ClassDeclarationSite, "index">;

/** `patch`: the module gets inline cells too (option `patch`, ABI 4). */
export function analyze(types: typeof BabelTypes, program: NodePath<t.Program>, kind: ModuleKind, code: string | undefined, patch: boolean): Plan {
  const candidates: Candidate[] = [];
  let defaultValue: DefaultValue | undefined;
  /** Whether `name` is a top-level binding the module never assigns to. */
  const neverReassigned = (name: string): boolean => {
    const binding = program.scope.getOwnBinding(name);
    return binding !== undefined && binding.constantViolations.length === 0;
  };

  const functionDeclaration = (fn: NodePath<t.FunctionDeclaration>, anonymousDefault?: NodePath<t.ExportDefaultDeclaration>): void => {
    if (!canInstrumentFunction(fn)) return;
    const name = fn.node.id?.name;
    if (name === undefined) {
      if (anonymousDefault) candidates.push({ kind: "function-declaration", key: KEY_DEFAULT, fn, anonymousDefault });
      return;
    }
    if (neverReassigned(name)) candidates.push({ kind: "function-declaration", key: name, fn, anonymousDefault: undefined });
  };

  const classDeclaration = (cls: NodePath<t.ClassDeclaration>, statement: NodePath<t.Statement>, exported: ClassDeclarationSite["exported"]): void => {
    if (cls.node.declare) return;
    const name = cls.node.id?.name;
    if (name !== undefined && !neverReassigned(name)) return;
    const classRefs = ownNameReferences(cls);
    if (!classRefs) return;
    candidates.push({ kind: "class-declaration", key: name ?? KEY_DEFAULT, cls, statement, exported, classRefs });
  };

  /** `const f = <function | arrow | class expression>`, one declarator at a time. */
  const declarators = (declaration: NodePath<t.VariableDeclaration>): void => {
    if (declaration.node.declare) return;
    for (const declarator of declaration.get("declarations")) {
      const id = declarator.node.id;
      const init = declarator.get("init");
      if (id.type !== "Identifier" || !init.hasNode() || !neverReassigned(id.name)) continue;
      const value = functionValue(init as NodePath<t.Expression>);
      if (!value) continue;
      const site = valueSite(id.name, init as NodePath<t.Expression>, value, id.name);
      if (site) candidates.push(site);
    }
  };

  const valueSite = (
    key: string,
    expression: NodePath<t.Expression>,
    value: NodePath<FunctionValue>,
    binding: string | undefined,
  ): Omit<ValueSite, "index"> | undefined => {
    if (value.isFunctionExpression() && !canInstrumentFunction(value)) return undefined;
    let classRefs: ClassRef[] = [];
    if (value.isClassExpression()) {
      const refs = ownNameReferences(value);
      if (!refs) return undefined;
      // `const D = class Named {…}`: `Named` inside becomes `D`, which must mean the same there.
      if (binding !== undefined && value.node.id && value.node.id.name !== binding) {
        const outer = program.scope.getOwnBinding(binding);
        if (refs.some((r) => r.context === "other" && r.path.scope.getBinding(binding) !== outer)) return undefined;
      }
      classRefs = refs;
    }
    return { kind: "value", key, expression, value, binding, classRefs };
  };

  /**
   * `export default <expression>`: a function or class expression is a cell with key "default"
   * (named "default" when anonymous, as NamedEvaluation names it), left in place; any other value
   * becomes a live binding `_ar$default` (ESM). An identifier qualifies only when it names a
   * top-level `let/const/var` (not an import, a type, a function or a class).
   */
  const defaultExpression = (statement: NodePath<t.ExportDefaultDeclaration>, declaration: NodePath<t.Expression>): void => {
    const value = functionValue(declaration);
    if (value) {
      const site = valueSite(KEY_DEFAULT, declaration, value, isAnonymousFunctionDefinition(declaration.node) ? KEY_DEFAULT : undefined);
      if (site) candidates.push(site);
      return;
    }
    if (kind !== "esm") return;
    const inner = unwrapNode(declaration.node);
    if (inner.type === "Identifier") {
      const binding = program.scope.getOwnBinding(inner.name);
      if (!binding?.path.isVariableDeclarator()) return;
      defaultValue = { statement, identifier: inner.name };
      return;
    }
    defaultValue = { statement, identifier: undefined };
  };

  for (const statement of program.get("body")) {
    if (statement.isFunctionDeclaration()) {
      functionDeclaration(statement);
    } else if (statement.isClassDeclaration()) {
      classDeclaration(statement, statement, "no");
    } else if (statement.isVariableDeclaration()) {
      declarators(statement);
    } else if (statement.isExportNamedDeclaration()) {
      const declaration = statement.get("declaration");
      if (declaration.isFunctionDeclaration()) functionDeclaration(declaration);
      else if (declaration.isClassDeclaration()) classDeclaration(declaration, statement, "named");
      else if (declaration.isVariableDeclaration()) declarators(declaration);
    } else if (statement.isExportDefaultDeclaration()) {
      const declaration = statement.get("declaration");
      if (declaration.isFunctionDeclaration()) functionDeclaration(declaration, statement);
      else if (declaration.isClassDeclaration()) classDeclaration(declaration, statement, "default");
      else if (declaration.isExpression()) defaultExpression(statement, declaration);
    } else if (kind === "commonjs") {
      const assignment = matchExportsAssignment(statement);
      const value = assignment && functionValue(assignment.right);
      const site = assignment && value && valueSite(assignment.key, assignment.right, value, undefined);
      if (site) candidates.push(site);
    }
  }

  // A key must name one construct: `exports.x = …` twice is ambiguous, so neither is a cell.
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
  const sites = candidates.filter((c) => counts.get(c.key) === 1).map((c, index) => ({ ...c, index }) as Site);

  let inline: InlineSite[] = [];
  if (patch) {
    const declared = new Set<t.Node>(sites.map((s) => (s.kind === "function-declaration" ? s.fn.node : s.kind === "value" ? s.value.node : s.cls.node)));
    inline = collectInlineCells(types, program, (node) => declared.has(node)).map((c, k) => ({ kind: "inline", index: sites.length + k, ...c }));
  }

  const cells = new Set(sites.flatMap((s) => (s.kind === "value" && s.binding !== undefined ? [s.binding] : [])));
  // `export default f` where `f` is a cell: its handle already forwards to the newest code.
  if (defaultValue?.identifier !== undefined && cells.has(defaultValue.identifier)) defaultValue = undefined;
  const live = kind === "esm" ? collectLive(program, cells) : [];
  return {
    sites,
    inline,
    live,
    defaultValue,
    hot: collectHot(program, kind, code),
    frozen: patch && kind !== "script" ? frozenLets(program, new Set(live.map((l) => l.name))) : new Set(),
  };
}

/**
 * Top-level `let` declarations (not `export let`) whose every declarator has an initializer and
 * binds only names that nothing in the module assigns (Babel's `constantViolations`: assignments,
 * updates, `for (x of …)` heads, anywhere in the file) and that the plugin does not write either
 * (`written`: the live bindings' setters of exported names). The module's evaluator (a direct
 * `eval` in scope) makes V8 load every `let` on each read; a `const` it can fold. A `const` has the
 * `let`'s temporal dead zone, and nothing assigns it: the code behaves the same. Not in classic
 * scripts (another script can assign a global `let`); `eval`/`with` are the caller's to rule out.
 */
function frozenLets(program: NodePath<t.Program>, written: ReadonlySet<string>): Set<t.VariableDeclaration> {
  const out = new Set<t.VariableDeclaration>();
  for (const node of program.node.body) {
    if (node.type !== "VariableDeclaration" || node.kind !== "let" || node.declare) continue;
    const constant = node.declarations.every(
      (d) =>
        d.init != null &&
        bindingNames(d).every((name) => {
          const binding = program.scope.getOwnBinding(name);
          return binding !== undefined && binding.kind === "let" && binding.constantViolations.length === 0 && !written.has(name);
        }),
    );
    if (constant) out.add(node);
  }
  return out;
}
