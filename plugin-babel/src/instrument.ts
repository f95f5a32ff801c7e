/**
 * The edit pass: applies a `Plan` from analyze.ts. Order matters only where edits nest:
 * hot-API rewrites and own-name rewrites go first (they edit deep inside functions and classes
 * whose outer shape is replaced afterwards), the prologue goes last. The nodes are edited
 * directly and the program body is rebuilt once (edit.ts): Babel's path API would queue every
 * edited node to be walked again by every plugin of the pass. Babel's scope is then updated for
 * what changed (edit.ts, `ScopeUpdate`), so the transforms that run after this plugin
 * (TypeScript's import/export elision, CommonJS) see the new bindings.
 */
import { pathToFileURL } from "node:url";
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";
import type { ModuleFacts } from "@autoreload/abi";
import { encodeFacts, hash8 } from "@autoreload/abi";
import {
  analyze,
  isInstrumented,
  type ClassDeclarationSite,
  type FunctionDeclarationSite,
  type InlineSite,
  type Plan,
  type Site,
  type ValueSite,
} from "./analyze.js";
import {
  bindOwnNameFirst,
  dropComments,
  hasStaticOwnName,
  instrumentClassBody,
  rewriteOwnName,
  routeOwnNameThroughRuntime,
  toAnonymousClassExpression,
} from "./classes.js";
import { currentNode, replaceNode } from "./edit.js";
import { Emit } from "./emit.js";
import { instrumentArrow, instrumentFunctionBody } from "./functions.js";
import { rewriteHot } from "./hot.js";
import { moduleFacts } from "./facts.js";
import { emitDefaultValue, emitLive } from "./live-bindings.js";
import { moduleKind, type ModuleKind } from "./module-kind.js";
import { defaultExportName, fileNames, isUsed, type Names } from "./names.js";
import type { ResolvedOptions } from "./options.js";
import { insertPrologue } from "./prologue.js";

/** Nodes instrumented already: a node is never instrumented twice. */
const instrumented = new WeakSet<t.Node>();

/** What the read-only passes decided for a file the plugin instruments. */
interface Prepared {
  readonly kind: ModuleKind;
  readonly moduleId: string | undefined;
  readonly names: Names;
  readonly plan: Plan;
  readonly sites: readonly Site[];
  readonly inline: readonly InlineSite[];
  /** Option `patch`: the module's statement facts, computed on the program as written. */
  readonly facts: ModuleFacts | undefined;
  /** The `let` declarations to emit as `const` (their facts say `frozen`). */
  readonly frozen: readonly NodePath<t.VariableDeclaration>[];
}

/**
 * The read-only part of a compile: which prologue, which names, the plan and the facts; nothing
 * is edited (describe.ts runs it alone). Undefined for a file the plugin leaves as written.
 * `done`: nodes an earlier run of the plugin over the same AST instrumented already.
 */
export function prepareProgram(
  types: typeof BabelTypes,
  program: NodePath<t.Program>,
  options: ResolvedOptions,
  filename: string | undefined,
  code: string | undefined,
  done: (node: t.Node) => boolean = () => false,
): Prepared | undefined {
  if (isInstrumented(program)) return undefined;

  const kind = moduleKind(program, filename, options.script);
  let moduleId = options.moduleId;
  if (kind === "script" && moduleId === undefined) {
    if (filename === undefined) {
      throw program.buildCodeFrameError(
        "[autoreload] babel-plugin-autoreload: option `script: true` needs a module id: pass { moduleId } or give Babel a filename.",
      );
    }
    moduleId = pathToFileURL(filename).href;
  }
  const suffix = kind === "script" && moduleId !== undefined ? hash8(moduleId) : undefined;
  const names = fileNames(program, suffix);
  // `_ar$G`/`_ar$m` are fixed by the ABI: a file that already uses them is left as written.
  if (isUsed(program, names.token) || isUsed(program, names.module)) return undefined;

  const plan = analyze(types, program, kind, code, options.patch);
  const sites = plan.sites.filter((s) => !done(siteNode(s)));
  const inline = plan.inline.filter((s) => !done(s.path.node));
  if (sites.length === 0 && inline.length === 0 && plan.live.length === 0 && plan.defaultValue === undefined && plan.hot.length === 0) return undefined; // left exactly as it was
  // Facts describe the module as written: computed before the first edit.
  const facts = options.patch ? moduleFacts(types, program, plan, code ?? "") : undefined;
  // A `let` nothing assigns becomes a `const`, unless `eval`/`with` could assign it (unpatchable).
  const frozen =
    facts !== undefined && facts.unpatchable === undefined && plan.frozen.size > 0
      ? program.get("body").filter((s): s is NodePath<t.VariableDeclaration> => plan.frozen.has(s.node as t.VariableDeclaration))
      : [];
  return { kind, moduleId, names, plan, sites, inline, facts, frozen };
}

/**
 * `code`: the source text Babel was given (the facts' spans index it; `""` when Babel has only an
 * AST). Returns the module's statement facts (option `patch`), computed before any edit, or
 * undefined when the file is left as written or `patch` is off.
 */
export function instrumentProgram(
  types: typeof BabelTypes,
  program: NodePath<t.Program>,
  options: ResolvedOptions,
  filename: string | undefined,
  code: string | undefined,
): ModuleFacts | undefined {
  if (instrumented.has(program.node)) return undefined;
  instrumented.add(program.node);
  const prepared = prepareProgram(types, program, options, filename, code, (node) => instrumented.has(node));
  if (prepared === undefined) return undefined;
  const { kind, moduleId, names, plan, sites, inline, facts, frozen } = prepared;

  const e = new Emit(types, names, program, options.reload);
  rewriteHot(e, plan.hot);
  const registrations: t.Statement[] = [];
  for (const site of sites) {
    instrumented.add(siteNode(site));
    switch (site.kind) {
      case "function-declaration":
        registrations.push(functionDeclaration(e, program, site));
        break;
      case "value":
        value(e, site);
        break;
      case "class-declaration":
        classDeclaration(e, program, site);
        break;
      default: {
        const check: never = site;
        throw new Error(`unknown site ${String(check)}`);
      }
    }
  }
  for (const site of inline) {
    instrumented.add(site.path.node);
    inlineCell(e, site);
  }
  for (const declaration of frozen) {
    declaration.node.kind = "const";
    e.scope.letToConst(declaration);
  }
  emitLive(e, plan.live);
  if (plan.defaultValue) emitDefaultValue(e, plan.defaultValue, defaultExportName(program));
  insertPrologue(e, { kind, moduleId, runtimeImport: options.runtimeImport, facts: facts && encodeFacts(facts) }, registrations);
  e.body.apply(program.node.body);
  e.scope.apply(e.body.created);
  return facts;
}

function siteNode(site: Site): t.Node {
  switch (site.kind) {
    case "function-declaration":
      return site.fn.node;
    case "value":
      return site.value.node;
    case "class-declaration":
      return site.cls.node;
  }
}

/**
 * function add(a) {…}            → function add(a) { <check 0> … }      + (top) add = _ar$m.fn("add", add, 0);
 * export default function () {…} → function _ar$default() { <check i> … }
 *                                  export { _ar$default as default };  + (top) _ar$default = _ar$m.fn("default", _ar$default, i, "default");
 */
function functionDeclaration(e: Emit, program: NodePath<t.Program>, site: FunctionDeclarationSite): t.Statement {
  const t = e.t;
  const fn = site.fn.node;
  // The anonymous default function moves to the top level: Babel crawls it there anew.
  instrumentFunctionBody(e, site.fn, site.index, site.anonymousDefault !== undefined);
  let name = fn.id?.name;
  let restoredName: string | undefined;
  if (site.anonymousDefault || name === undefined) {
    name = defaultExportName(program);
    restoredName = site.key;
    fn.id = e.id(name);
    if (site.anonymousDefault) {
      e.body.replace(site.anonymousDefault.node, [fn, t.exportNamedDeclaration(null, [t.exportSpecifier(e.id(name), e.id("default"))])]);
    }
  }
  return t.expressionStatement(t.assignmentExpression("=", e.id(name), e.fn(site.key, e.id(name), site.index, restoredName)));
}

/**
 * Inline cells (ABI 4): the check on a slot of their own, in place, no registration.
 *   bus.on("req", (n) => { hits += n; })  → bus.on("req", (n, ..._ar$r) => { if (_ar$G.$i !== undefined) return Reflect.apply(_ar$G.$i, undefined, [n, ..._ar$r]); hits += n; })
 *   wrap(function inner() {…})             → wrap(function inner() { <check i> … })
 *   { get label() {…} }                    → { get label() { if (_ar$G.$i !== undefined) return Reflect.apply(_ar$G.$i, this, arguments); … } }
 */
function inlineCell(e: Emit, site: InlineSite): void {
  const { path, index } = site;
  if (path.isArrowFunctionExpression()) {
    const { node } = instrumentArrow(e, path, index);
    if (node !== path.node) throw new Error("[autoreload] babel-plugin-autoreload: internal error: an inline arrow cell was wrapped.");
  } else {
    instrumentFunctionBody(e, path as NodePath<t.FunctionExpression | t.ObjectMethod>, index);
  }
}

/**
 * const f = (x) => x * 2;          → const f = _ar$m.fn("f", { f: (x, ..._ar$r) => <check> : x * 2 }.f, i);
 * const g = function h() {…};      → const g = _ar$m.fn("g", function h() { <check> … }, i);
 * const D = class Named {…};       → const D = _ar$m.cls("D", { Named: class {…} }.Named, i);   (Named → D inside)
 * module.exports = function () {}; → module.exports = _ar$m.fn("module.exports", function () { <check> }, i);
 */
function value(e: Emit, site: ValueSite): void {
  const { value, binding, key, index } = site;
  let nameKey: string | undefined; // `{ nameKey: … }.nameKey` when NamedEvaluation must name the value
  let registration: t.CallExpression;
  if (value.isClassExpression()) {
    const own = value.node.id?.name;
    if (own !== undefined && binding !== undefined) {
      rewriteOwnName(e, site.classRefs, key, index, own === binding ? undefined : binding, "self", true);
      value.node.id = null;
      e.scope.forgetOwnName(value.scope, own);
      nameKey = own;
    } else if (own !== undefined) {
      routeOwnNameThroughRuntime(e, site.classRefs, own, key, index);
    } else {
      nameKey = binding;
    }
    instrumentClassBody(e, value, index);
    e.scope.adopt(value);
    registration = e.cls(key, wrap(e, nameKey, currentExpression(e, site)), index);
  } else {
    let length: number | undefined;
    if (value.isFunctionExpression()) {
      instrumentFunctionBody(e, value, index);
      e.scope.adopt(value);
      if (!value.node.id) nameKey = binding;
    } else if (value.isArrowFunctionExpression()) {
      const instrumented = instrumentArrow(e, value, index);
      if (instrumented.node !== value.node) replaceNode(e.t, value, instrumented.node);
      else e.scope.adopt(value);
      length = instrumented.length;
      nameKey = binding;
    }
    registration = e.fn(key, wrap(e, nameKey, currentExpression(e, site)), index, undefined, length);
  }
  replaceNode(e.t, site.expression, registration);
  e.scope.generatedOutside(site.expression.parentPath!, String(site.expression.key), registration);
}

/** The site's expression as it now stands (an arrow may have been wrapped): user code inside generated code. */
function currentExpression(e: Emit, site: ValueSite): t.Expression {
  const expression = currentNode(site.expression) as t.Expression;
  if (expression === site.expression.node) e.scope.foreign.add(expression); // else: the wrapper, crawled by Babel
  return expression;
}

function wrap(e: Emit, nameKey: string | undefined, expression: t.Expression): t.Expression {
  return nameKey === undefined ? expression : e.named(nameKey, expression);
}

/**
 * class C {…}                → let C = _ar$m.cls("C", { C: class {…} }.C, i);
 * export class C {…}         → export let C = …;
 * export default class C {…} → let C = …; export { C as default };
 * export default class {…}   → let _ar$default = _ar$m.cls("default", { default: class {…} }.default, i);
 *                              export { _ar$default as default };
 */
function classDeclaration(e: Emit, program: NodePath<t.Program>, site: ClassDeclarationSite): void {
  const t = e.t;
  const { cls, key, index } = site;
  const name = cls.node.id?.name ?? defaultExportName(program);
  const binding = cls.node.id ? program.scope.getOwnBinding(name) : undefined;
  const memberPaths = cls.get("body").get("body");
  // Static initializers that name the class: `let C; C = …` with a first static block binding C.
  const early = hasStaticOwnName(site.classRefs);
  rewriteOwnName(e, site.classRefs, key, index, undefined, early ? "binding" : "self");
  if (early) bindOwnNameFirst(e, cls.node, name, key, index);
  instrumentClassBody(e, cls, index, memberPaths);
  if (cls.node.id) e.scope.forgetOwnName(cls.scope, name);
  const registered = e.cls(key, e.named(key, toAnonymousClassExpression(cls.node)), index);
  e.scope.adopt(cls);
  const declarator = early ? t.variableDeclarator(e.id(name)) : t.variableDeclarator(e.id(name), registered);
  e.scope.rebind(declarator, binding);
  const declaration = t.variableDeclaration("let", [declarator]);
  const assignment: t.Statement[] = early ? [t.expressionStatement(t.assignmentExpression("=", e.id(name), registered))] : [];
  switch (site.exported) {
    case "no":
      e.body.replace(site.statement.node, [declaration, ...assignment]);
      break;
    case "named":
      e.body.replace(site.statement.node, [t.exportNamedDeclaration(declaration, []), ...assignment]);
      break;
    case "default":
      e.body.replace(site.statement.node, [declaration, ...assignment, t.exportNamedDeclaration(null, [t.exportSpecifier(e.id(name), e.id("default"))])]);
      break;
    default: {
      const check: never = site.exported;
      throw new Error(`unknown export kind ${String(check)}`);
    }
  }
  dropComments(cls.node); // the statements that replace it have them
}
