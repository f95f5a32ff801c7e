/**
 * Class cells (docs/abi.md, "Classes"). The class object of the first generation is the stable
 * handle; every generation's constructor starts by forwarding construction to the newest one:
 *
 *   class C extends B {                       let C = _ar$m.cls("C", { C: class extends B {
 *     static instance = new C();                static instance = new (_ar$m.self("C", this, 5))();
 *     x = 1;                            →       x = _ar$G.$5 !== undefined ? undefined : 1;
 *     constructor(a) { super(a); }              constructor(a) {
 *   }                                             if (_ar$G.$5 !== undefined) return Reflect.construct(_ar$G.$5, arguments, new.target);
 *                                                 super(a);
 *                                               }
 *                                             } }.C, 5);
 */
import type { NodePath, types as t } from "@babel/core";
import type { Emit } from "./emit.js";
import { inTypePosition, isAnonymousFunctionDefinition } from "./expressions.js";

/** A reference to the class's own name inside its body. */
export interface ClassRef {
  readonly path: NodePath<t.Identifier | t.JSXIdentifier>;
  /** "static": at the top level of a static initializer or static block (or an arrow there). */
  readonly context: "static" | "other";
}

/**
 * References to the class's own name (`cls.node.id`) inside the class, outside type positions.
 * Read-only. Returns undefined when the class is not understood (its own name is assigned to,
 * or used as a JSX tag while the class is being defined).
 */
export function ownNameReferences(cls: NodePath<t.Class>): ClassRef[] | undefined {
  const id = cls.node.id;
  if (!id) return [];
  const refs: ClassRef[] = [];
  let understood = true;
  cls.get("body").traverse({
    ReferencedIdentifier(path) {
      const node = path.node as t.Identifier | t.JSXIdentifier;
      if (node.name !== id.name) return;
      if (path.scope.getBinding(id.name)?.identifier !== id) return;
      if (inTypePosition(path)) return;
      const context = staticContext(path, cls) ? "static" : "other";
      if (context === "static" && path.isJSXIdentifier()) understood = false;
      refs.push({ path: path as NodePath<t.Identifier | t.JSXIdentifier>, context });
    },
  });
  const inner = cls.get("body").scope.getBinding(id.name);
  if (inner && inner.identifier === id && inner.constantViolations.some((v) => v.isDescendant(cls))) understood = false;
  return understood ? refs : undefined;
}

/**
 * Whether `path` runs while the class is being defined, with `this` the class: at the top level
 * of a static field initializer or static block, or in an arrow there. Not inside nested non-arrow
 * functions or nested classes, whose `this` differs and which usually run later.
 */
function staticContext(path: NodePath, cls: NodePath<t.Class>): boolean {
  let child: NodePath = path;
  for (let parent = path.parentPath; parent && parent !== cls; child = parent, parent = parent.parentPath) {
    if (parent.isFunction() && !parent.isArrowFunctionExpression()) return false;
    if (parent.isClass()) return false;
    if (parent.parentPath?.node === cls.node.body) {
      if (parent.isStaticBlock()) return true;
      if (parent.isClassProperty() || parent.isClassPrivateProperty() || parent.isClassAccessorProperty()) {
        return parent.node.static === true && child.key === "value";
      }
      return false;
    }
  }
  return false;
}

/**
 * Rewrites the class's own-name references, before the class is made anonymous:
 * in static contexts `C` → `_ar$m.self("key", this, i)`; elsewhere `rename` (if given) replaces it.
 */
export function rewriteOwnName(e: Emit, refs: readonly ClassRef[], key: string, index: number, rename: string | undefined, staticRefs: "self" | "binding" = "self"): void {
  for (const ref of refs) {
    if (ref.context === "static" && staticRefs === "self") {
      replaceIdentifier(ref.path, e.self(key, e.t.thisExpression(), index));
    } else if (rename !== undefined) {
      if (ref.path.isJSXIdentifier()) ref.path.node.name = rename;
      else replaceIdentifier(ref.path, e.id(rename));
    }
  }
}

/**
 * `module.exports = class Named { … }` keeps its name and inner binding (nothing outside holds
 * the stable class), so its own-name references go through the runtime:
 * `Named` → `_ar$m.self("module.exports", Named, i)`.
 */
export function routeOwnNameThroughRuntime(e: Emit, refs: readonly ClassRef[], name: string, key: string, index: number): void {
  for (const ref of refs) {
    if (ref.path.isJSXIdentifier()) continue; // `<Named />` keeps its own generation
    replaceIdentifier(ref.path, e.self(key, e.id(name), index));
  }
}

/** Whether the class body names the class while it is being defined (static initializers/blocks). */
export const hasStaticOwnName = (refs: readonly ClassRef[]): boolean => refs.some((r) => r.context === "static");

/**
 * For classes that name themselves in static initializers: the binding is assigned the stable
 * class by a first static block, before any static initializer runs, so `C` there — and in static
 * methods they call (`static a = C.make()`) — is initialised, as it is for the original class:
 *
 *   class C { static a = C.make(); }   →   let C;
 *                                          C = _ar$m.cls("C", { C: class { static { C = _ar$m.self("C", this, i); } static a = C.make(); } }.C, i);
 */
export function bindOwnNameFirst(e: Emit, cls: NodePath<t.Class>, binding: string, key: string, index: number): void {
  const t = e.t;
  const assign = t.expressionStatement(t.assignmentExpression("=", e.id(binding), e.self(key, t.thisExpression(), index)));
  cls.get("body").unshiftContainer("body", t.staticBlock([assign]));
}

/** Replaces an identifier reference; `{ C }` becomes `{ C: <replacement> }`. */
function replaceIdentifier(path: NodePath<t.Identifier | t.JSXIdentifier>, replacement: t.Expression): void {
  const parent = path.parentPath;
  if (parent?.isObjectProperty() && parent.node.shorthand) parent.node.shorthand = false;
  path.replaceWith(replacement);
}

/**
 * Adds the constructor check (synthesizing a constructor when there is none) and the instance
 * field guards. The class's own-name references must be rewritten first.
 */
export function instrumentClassBody(e: Emit, cls: NodePath<t.Class>, index: number): void {
  const t = e.t;
  const body = cls.get("body");
  const ctor = body.get("body").find((m): m is NodePath<t.ClassMethod> => m.isClassMethod() && m.node.kind === "constructor");
  if (ctor) {
    // constructor(a) { super(a); } → constructor(a) { <construct check> super(a); }
    ctor.get("body").unshiftContainer("body", e.constructCheck(index));
  } else {
    // (none) → constructor() { <construct check> }  /  derived: constructor() { <check> super(...arguments); }
    const statements: t.Statement[] = [e.constructCheck(index)];
    if (cls.node.superClass) statements.push(t.expressionStatement(t.callExpression(t.super(), [t.spreadElement(e.id("arguments"))])));
    body.unshiftContainer("body", t.classMethod("constructor", e.id("constructor"), [], t.blockStatement(statements)));
  }
  for (const member of body.get("body")) {
    // x = 1 → x = _ar$G.$i !== undefined ? undefined : 1
    if (!(member.isClassProperty() || member.isClassPrivateProperty() || member.isClassAccessorProperty())) continue;
    const node = member.node;
    if (node.static || node.value == null) continue;
    if ("declare" in node && node.declare) continue;
    // An anonymous function or class initializer is named after the field (NamedEvaluation) and
    // creating it has no effect, so it is left unguarded: a conditional would lose its name.
    if (isAnonymousFunctionDefinition(node.value)) continue;
    (member.get("value") as NodePath<t.Expression>).replaceWith(t.conditionalExpression(e.replaced(index), e.undef(), node.value));
  }
}

/** `class C {…}` (a declaration's node) as the anonymous `class {…}` expression, keeping its location. */
export function toAnonymousClassExpression(e: Emit, node: t.ClassDeclaration | t.ClassExpression): t.ClassExpression {
  const t = e.t;
  const expression = t.classExpression(null, node.superClass, node.body, node.decorators ?? null);
  for (const key of ["typeParameters", "superTypeParameters", "superTypeArguments", "implements", "abstract", "mixins", "loc", "start", "end", "range"] as const) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) (expression as unknown as Record<string, unknown>)[key] = value;
  }
  return expression;
}
