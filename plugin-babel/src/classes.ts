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
import { replaceNode, takeComments } from "./edit.js";
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
 *
 * They are the references Babel's scope recorded for the name's binding (the inner binding of a
 * class expression; for a declaration the outer one, which the class body shares) that lie in the
 * body: no walk of the class is needed.
 */
export function ownNameReferences(cls: NodePath<t.Class>): ClassRef[] | undefined {
  const id = cls.node.id;
  if (!id) return [];
  const binding = cls.scope.getBinding(id.name);
  if (!binding || binding.identifier !== id) return [];
  const body = cls.node.body;
  const found: NodePath[] = [];
  for (const path of binding.referencePaths) {
    const where = placeOf(path, body);
    if (where === "elsewhere") continue;
    if (where === "outdated") return ownNameReferencesByWalk(cls); // edited since Babel's crawl (by a plugin before this one)
    if ((path.isIdentifier() || path.isJSXIdentifier()) && path.node.name === id.name) found.push(path);
  }
  let understood = true;
  for (const violation of binding.constantViolations) {
    const where = placeOf(violation, cls.node);
    if (where === "outdated") return ownNameReferencesByWalk(cls);
    if (where === "inside") understood = false;
  }
  const refs: ClassRef[] = [];
  for (const path of found) {
    if (inTypePosition(path)) continue;
    const context = staticContext(path, cls.node) ? "static" : "other";
    if (context === "static" && path.isJSXIdentifier()) understood = false;
    refs.push({ path: path as NodePath<t.Identifier | t.JSXIdentifier>, context });
  }
  return understood ? refs : undefined;
}

/**
 * Whether `path` lies under `ancestor` ("inside"), or not ("elsewhere"); "outdated" when a path
 * on the way no longer holds its node where it says (the tree changed since the path was made).
 */
function placeOf(path: NodePath, ancestor: t.Node): "inside" | "elsewhere" | "outdated" {
  for (let p = path; p.parentPath; p = p.parentPath) {
    const parent = p.parent as unknown as Record<string, unknown>;
    const container = p.listKey != null ? (parent[p.listKey] as unknown[] | undefined) : parent;
    const held = (container as Record<string | number, unknown> | undefined)?.[p.key as string | number];
    if (held !== p.node || p.parentPath.node !== p.parent) return "outdated";
    if (p.parent === ancestor) return "inside";
  }
  return "elsewhere";
}

/** The same, found by walking the class body (when Babel's record of the references is out of date). */
function ownNameReferencesByWalk(cls: NodePath<t.Class>): ClassRef[] | undefined {
  const id = cls.node.id!;
  const refs: ClassRef[] = [];
  let understood = true;
  cls.get("body").traverse({
    ReferencedIdentifier(path) {
      const node = path.node as t.Identifier | t.JSXIdentifier;
      if (node.name !== id.name) return;
      if (path.scope.getBinding(id.name)?.identifier !== id) return;
      if (inTypePosition(path)) return;
      const context = staticContext(path, cls.node) ? "static" : "other";
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
function staticContext(path: NodePath, cls: t.Class): boolean {
  let child: NodePath = path;
  for (let parent = path.parentPath; parent && parent.node !== cls; child = parent, parent = parent.parentPath) {
    if (parent.isFunction() && !parent.isArrowFunctionExpression()) return false;
    if (parent.isClass()) return false;
    if (parent.parentPath?.node === cls.body) {
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
export function rewriteOwnName(
  e: Emit,
  refs: readonly ClassRef[],
  key: string,
  index: number,
  rename: string | undefined,
  staticRefs: "self" | "binding" = "self",
  rebound = false,
): void {
  for (const ref of refs) {
    if (ref.context === "static" && staticRefs === "self") {
      replaceIdentifier(e, ref.path, e.self(key, e.t.thisExpression(), index));
    } else if (rename !== undefined) {
      if (ref.path.isJSXIdentifier()) {
        ref.path.node.name = rename;
        renamed(e, ref.path);
      } else {
        replaceIdentifier(e, ref.path, e.id(rename));
      }
    } else if (rebound) {
      renamed(e, ref.path); // the same name, now the outer binding's
    }
  }
}

/** The identifier at `path` now names another binding. */
function renamed(e: Emit, path: NodePath<t.Identifier | t.JSXIdentifier>): void {
  e.scope.dropReference(path);
  e.scope.generatedAt(path.parentPath!, path.listKey ?? String(path.key), path.node);
}

/**
 * `module.exports = class Named { … }` keeps its name and inner binding (nothing outside holds
 * the stable class), so its own-name references go through the runtime:
 * `Named` → `_ar$m.self("module.exports", Named, i)`.
 */
export function routeOwnNameThroughRuntime(e: Emit, refs: readonly ClassRef[], name: string, key: string, index: number): void {
  for (const ref of refs) {
    if (ref.path.isJSXIdentifier()) continue; // `<Named />` keeps its own generation
    replaceIdentifier(e, ref.path, e.self(key, e.id(name), index));
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
export function bindOwnNameFirst(e: Emit, cls: t.Class, binding: string, key: string, index: number): void {
  const t = e.t;
  const assign = t.expressionStatement(t.assignmentExpression("=", e.id(binding), e.self(key, t.thisExpression(), index)));
  cls.body.body.unshift(t.staticBlock([assign]));
}

/** Replaces an identifier reference; `{ C }` becomes `{ C: <replacement> }`. */
function replaceIdentifier(e: Emit, path: NodePath<t.Identifier | t.JSXIdentifier>, replacement: t.Expression): void {
  const parent = path.parentPath;
  if (parent?.isObjectProperty() && parent.node.shorthand) parent.node.shorthand = false;
  replaceNode(e.t, path, replacement);
  e.scope.dropReference(path);
  e.scope.generatedAt(parent!, path.listKey ?? String(path.key), replacement);
}

/**
 * Adds the constructor check (synthesizing a constructor when there is none) and the instance
 * field guards. The class's own-name references must be rewritten first. `memberPaths`: the
 * paths of the class's own members (taken before the plugin added any).
 */
export function instrumentClassBody(e: Emit, cls: NodePath<t.Class>, index: number, memberPaths = cls.get("body").get("body")): void {
  const t = e.t;
  const members = cls.node.body.body;
  const ctor = memberPaths.find((m): m is NodePath<t.ClassMethod> => m.node.type === "ClassMethod" && m.node.kind === "constructor");
  // A reload generation of a base class: `class extends _ar$m.alloc`, `super()` right after the check.
  const overAllocator = e.reload && !cls.node.superClass && !(ctor && mayReturnPrimitive(t, ctor.node.body));
  if (overAllocator) {
    const base = e.alloc();
    cls.node.superClass = base;
    e.scope.generatedAt(cls, "superClass", base);
  }
  if (ctor) {
    // constructor(a) { super(a); } → constructor(a) { <construct check> super(a); }
    // over the allocator: constructor(a) { this.a = a; } → constructor(a) { <construct check> super(); this.a = a; }
    const check = e.constructCheck(index);
    ctor.node.body.body.unshift(...(overAllocator ? [check, e.superCall()] : [check]));
    e.scope.generatedAt(ctor.get("body"), "body", check);
  } else {
    // (none) → constructor() { <construct check> }  /  derived: constructor() { <check> super(...arguments); }
    // over the allocator: constructor() { <construct check> super(); }
    const statements: t.Statement[] = [e.constructCheck(index)];
    if (overAllocator) statements.push(e.superCall());
    else if (cls.node.superClass) statements.push(t.expressionStatement(t.callExpression(t.super(), [t.spreadElement(e.id("arguments"))])));
    members.unshift(t.classMethod("constructor", e.id("constructor"), [], t.blockStatement(statements)));
  }
  for (const path of memberPaths) {
    // x = 1 → x = _ar$G.$i !== undefined ? undefined : 1
    const member = path.node;
    if (!(member.type === "ClassProperty" || member.type === "ClassPrivateProperty" || member.type === "ClassAccessorProperty")) continue;
    if (member.static || member.value == null) continue;
    if ("declare" in member && member.declare) continue;
    // An anonymous function or class initializer is named after the field (NamedEvaluation) and
    // creating it has no effect, so it is left unguarded: a conditional would lose its name.
    if (isAnonymousFunctionDefinition(member.value)) continue;
    const guard = takeComments(t, t.conditionalExpression(e.replaced(index), e.undef(), member.value), member.value);
    member.value = guard;
    e.scope.foreign.add(guard.alternate);
    e.scope.generatedAt(path, "value", guard);
  }
}

/**
 * Whether a constructor body may return a primitive: a `return` of its own (not in a nested
 * function or class) whose value is not certainly an object — `{…}`, `[…]`, `this`,
 * `new X.Y(…)` are (SWC's plugin reads the same forms). A base class ignores `return 1`; a derived
 * one throws, so such a class stays a base class in reload generations (its `new` after a reload
 * is slower, its behaviour the same).
 */
function mayReturnPrimitive(types: typeof t, body: t.BlockStatement): boolean {
  const visit = (node: t.Node): boolean => {
    if (node.type === "ReturnStatement") return node.argument != null && !certainlyObject(node.argument);
    if (types.isFunction(node) || types.isClass(node)) return false;
    for (const key of types.VISITOR_KEYS[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) if (child !== null && typeof child === "object" && visit(child as t.Node)) return true;
    }
    return false;
  };
  return body.body.some(visit);
}

function certainlyObject(node: t.Expression): boolean {
  switch (node.type) {
    case "ObjectExpression":
    case "ArrayExpression":
    case "ThisExpression":
      return true;
    case "NewExpression": {
      let callee: t.Node = node.callee;
      while (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") callee = callee.object;
      return callee.type === "Identifier";
    }
    default:
      return false;
  }
}

/**
 * `class C {…}` (a declaration) as the anonymous `class {…}` expression, in place: the node stays
 * the same object, so Babel keeps what it knows of it (its paths and scope). It loses its comments,
 * which the statements replacing the declaration take.
 */
export function toAnonymousClassExpression(node: t.ClassDeclaration): t.ClassExpression {
  const expression = node as unknown as t.ClassExpression;
  expression.type = "ClassExpression";
  expression.id = null;
  return expression;
}

/** Drops a node's comments (once the statements replacing it have taken them). */
export function dropComments(node: t.Node): void {
  node.leadingComments = null;
  node.trailingComments = null;
  node.innerComments = null;
}
