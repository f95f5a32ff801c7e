/**
 * Editing without re-traversal. The plugin edits the tree at `Program` enter, before Babel walks
 * it; Babel's path API (`replaceWith`, `unshiftContainer`, `insertAfter` …) queues every edited
 * node to be visited *again* by all the plugins of the pass once the walk is over, and a whole
 * class or function was queued several times (once per edit inside it). So the plugin edits the
 * nodes themselves: the walk that follows sees the finished tree once, and creates the paths of
 * the new nodes as it meets them.
 *
 * Babel's scope is then brought up to date by hand instead of a crawl of the whole program (which
 * cost as much as the rest of the plugin): see `ScopeUpdate`.
 */
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";

/** The node that now stands where `path` was found, at a single-node key (`path.node`, or what replaced it). */
export function currentNode(path: NodePath): t.Node {
  return (path.parent as unknown as Record<string, t.Node>)[path.key as string]!;
}

/** As `path.replaceWith` does: the replacement takes over the comments of the node it replaces. */
export function takeComments<N extends t.Node>(types: typeof BabelTypes, replacement: N, old: t.Node): N {
  types.inheritsComments(replacement, old);
  types.removeComments(old);
  return replacement;
}

/**
 * `path.replaceWith(replacement)` without queueing: puts `replacement` where `path` points in its
 * parent node, in place of `path.node` or of what replaced it since.
 */
export function replaceNode(types: typeof BabelTypes, path: NodePath, replacement: t.Node): void {
  const parent = path.parent as unknown as Record<string, unknown>;
  if (path.listKey != null) {
    const list = parent[path.listKey] as t.Node[];
    const index = list.indexOf(path.node as t.Node);
    if (index === -1) throw new Error("[autoreload] babel-plugin-autoreload: internal error: the node to replace is not in its list.");
    list[index] = takeComments(types, replacement, list[index]!);
    return;
  }
  const key = path.key as string;
  parent[key] = takeComments(types, replacement, parent[key] as t.Node);
}

/**
 * Edits of the program body, applied at once: statements replaced, statements inserted after
 * others, and the prologue at the top. Rebuilding the body once keeps the sibling keys right
 * without the per-insertion bookkeeping of `insertAfter`.
 */
export class BodyEdits {
  constructor(private readonly types: typeof BabelTypes) {}

  private readonly replacements = new Map<t.Statement, t.Statement[]>();
  private readonly following = new Map<t.Statement, t.Statement[]>();
  private head: t.Statement[] = [];
  /** Statements the plugin put into the body: their bindings and references are registered. */
  readonly created = new Set<t.Statement>();

  /** As `replaceWithMultiple`: the first node takes the leading comments, the last the trailing ones. */
  replace(statement: t.Statement, nodes: t.Statement[]): void {
    this.types.inheritLeadingComments(nodes[0]!, statement);
    this.types.inheritTrailingComments(nodes.at(-1)!, statement);
    this.replacements.set(statement, nodes);
    for (const node of nodes) this.created.add(node);
  }

  insertAfter(statement: t.Statement, nodes: t.Statement[]): void {
    this.following.set(statement, [...(this.following.get(statement) ?? []), ...nodes]);
    for (const node of nodes) this.created.add(node);
  }

  prepend(nodes: t.Statement[]): void {
    this.head = nodes;
    for (const node of nodes) this.created.add(node);
  }

  apply(body: t.Statement[]): void {
    const out: t.Statement[] = [...this.head];
    for (const statement of body) {
      const replacement = this.replacements.get(statement);
      if (replacement) out.push(...replacement);
      else out.push(statement);
      const after = this.following.get(statement);
      if (after) out.push(...after);
    }
    body.length = 0;
    for (const statement of out) body.push(statement);
  }
}

type Binding = NonNullable<ReturnType<NodePath["scope"]["getBinding"]>>;
type Scope = NodePath["scope"];
interface PathClass {
  get(options: { parentPath: NodePath; parent: t.Node; container: unknown; listKey?: string | undefined; key: string | number }): NodePath;
}

/**
 * Keeps Babel's scope information as a crawl of the edited program would find it, for the
 * transforms that run after this plugin (TypeScript's import elision, CommonJS, block scoping):
 * the new top-level bindings (`_ar$G`, `_ar$m`, `_ar$default`), `class C` now declared by
 * `let C = …`, `const` turned into `let`, and the references and assignments in the code the
 * plugin generated. Walking the generated code only costs what the plugin adds; a crawl costs
 * the whole program.
 *
 * A function or class the plugin moves (into `_ar$m.fn(…)`, `{ C: class … }.C`) gets a new
 * path where it now stands, and Babel would give that path a new scope and crawl the whole
 * function or class again. It is *adopted* instead: its scope (already crawled) moves to the new
 * path, and what the plugin changed inside it is registered like the rest. Functions the plugin
 * creates are crawled by Babel when it meets them (they are small), and so are the ones it cannot
 * adopt (an arrow moved inside the wrapper that restores its `length`).
 */
export class ScopeUpdate {
  /** User nodes placed inside generated code: not walked (their references are known). */
  readonly foreign = new WeakSet<t.Node>();
  /** Moved functions and classes, by node: their old paths, whose scopes they keep. */
  private readonly adopted = new Map<t.Node, NodePath>();
  /** Declarators of `let C = …` that now declare the binding of `class C`. */
  private readonly rebound = new Map<t.VariableDeclarator, Binding>();
  /** Generated code in existing statements, outside moved functions (walked first: it adopts them). */
  private readonly outer: Array<{ parent: NodePath; key: string; node: t.Node }> = [];
  /** Generated code anywhere else, and renamed references. */
  private readonly inner: Array<{ parent: NodePath; key: string; node: t.Node }> = [];
  /** Parameters added to functions (`..._ar$r`), by the function's old path. */
  private readonly params: Array<{ fn: NodePath; param: t.Node }> = [];
  /** Reference paths that no longer exist (a class's own name rewritten away). */
  private readonly dropped: NodePath[] = [];
  /** Bindings whose `const` became `let`. */
  private readonly relet: Binding[] = [];
  /** Bindings whose `let` became `const` (frozen lets). */
  private readonly reconst: Binding[] = [];
  /** Own-name bindings of classes that lost their name (`class C` → `class`). */
  private readonly forgotten: Array<{ scope: Scope; name: string }> = [];

  constructor(
    private readonly types: typeof BabelTypes,
    private readonly program: NodePath<t.Program>,
  ) {}

  /** `let C = …` (`declarator`) now declares what `class C` declared. */
  rebind(declarator: t.VariableDeclarator, binding: Binding | undefined): void {
    if (binding) this.rebound.set(declarator, binding);
  }

  /** The function or class at `path` is moved into generated code: it keeps its scope. */
  adopt(path: NodePath): void {
    this.adopted.set(path.node, path);
  }

  /** The generated `node` (a registration call) now stands in `parent.node[key]`, outside any moved function. */
  generatedOutside(parent: NodePath, key: string, node: t.Node): void {
    this.outer.push({ parent, key, node });
  }

  /**
   * The generated `node` now stands in `parent.node[key]` (a single node, or one in a list), or
   * the identifier `node` there now names another binding. Not for code inside a function the
   * plugin creates, nor inside one moved into a wrapper: Babel crawls those anew.
   */
  generatedAt(parent: NodePath, key: string, node: t.Node): void {
    this.inner.push({ parent, key, node });
  }

  /** The parameter `param` was added to the function at `fn`. */
  addedParam(fn: NodePath, param: t.Node): void {
    this.params.push({ fn, param });
  }

  /** A reference that was replaced by generated code. */
  dropReference(path: NodePath): void {
    this.dropped.push(path);
  }

  /** The class whose scope is `scope` no longer binds its own name `name`. */
  forgetOwnName(scope: Scope, name: string): void {
    this.forgotten.push({ scope, name });
  }

  /** A `const` declaration now reads `let`. */
  constToLet(declaration: NodePath<t.VariableDeclaration>): void {
    for (const name of Object.keys(declaration.getOuterBindingIdentifiers())) {
      const binding = this.program.scope.getOwnBinding(name);
      if (binding) this.relet.push(binding);
    }
  }

  /** A `let` declaration now `const` (frozen: nothing assigns it). */
  letToConst(declaration: NodePath<t.VariableDeclaration>): void {
    for (const name of Object.keys(declaration.getOuterBindingIdentifiers())) {
      const binding = this.program.scope.getOwnBinding(name);
      if (binding) this.reconst.push(binding);
    }
  }

  /** After `BodyEdits.apply`: declarations first, then references and assignments. */
  apply(created: ReadonlySet<t.Statement>): void {
    for (const path of this.dropped) {
      const binding = path.scope.getBinding((path.node as t.Identifier).name);
      if (!binding) continue;
      const index = binding.referencePaths.indexOf(path);
      if (index === -1) continue;
      binding.referencePaths.splice(index, 1);
      binding.dereference();
    }
    for (const binding of this.relet) binding.kind = "let";
    for (const binding of this.reconst) binding.kind = "const";
    for (const { scope: classScope, name } of this.forgotten) {
      if (Object.prototype.hasOwnProperty.call(classScope.bindings, name)) delete classScope.bindings[name];
    }

    // Declarations first, in order: a function the plugin moved to the top level (`export default
    // function () {}` became `function _ar$default() {}`) is crawled as its path is made, after
    // the prologue's bindings (the body's first statements) exist.
    const statements: NodePath[] = [];
    const body = this.program.node.body;
    for (let i = 0; i < body.length && statements.length < created.size; i++) {
      if (!created.has(body[i]!)) continue;
      const path = this.child(this.program, body, "body", i);
      statements.push(path);
      this.declare(path);
    }
    for (const path of statements) this.walk(path);
    for (const region of this.outer) this.walkRegion(region);
    for (const { fn, param } of this.params) {
      const params = (fn.node as t.Function).params;
      const index = (params as t.Node[]).indexOf(param);
      if (index !== -1) fn.scope.registerBinding("param", this.child(fn, params, "params", index));
    }
    for (const region of this.inner) this.walkRegion(region);
  }

  /** Registers the bindings `statement` declares. */
  private declare(statement: NodePath): void {
    const declaration = statement.isExportNamedDeclaration() ? statement.get("declaration") : statement;
    if (!declaration.hasNode() || !declaration.isDeclaration()) return;
    if (declaration.isVariableDeclaration()) {
      const fresh: NodePath<t.VariableDeclarator>[] = [];
      for (const declarator of declaration.get("declarations")) {
        const binding = this.rebound.get(declarator.node);
        if (binding) {
          binding.path = declarator;
          binding.identifier = declarator.node.id as t.Identifier;
          binding.kind = "let";
          // A crawl counts `export let C` as a reference to C; the old `export class C` is gone.
          binding.referencePaths = binding.referencePaths.filter((p) => !p.isExportDeclaration());
          binding.references = binding.referencePaths.length;
          if (statement !== declaration) binding.reference(statement);
        } else {
          fresh.push(declarator);
        }
      }
      const kind = declaration.node.kind === "var" || declaration.node.kind === "let" ? declaration.node.kind : "const";
      for (const declarator of fresh) this.program.scope.registerBinding(kind, declarator);
      return;
    }
    this.program.scope.registerDeclaration(declaration);
  }

  private walkRegion({ parent, key, node }: { parent: NodePath; key: string; node: t.Node }): void {
    const value = (parent.node as unknown as Record<string, unknown>)[key];
    const index = Array.isArray(value) ? value.indexOf(node) : -1;
    const at =
      index !== -1 ? this.child(parent, value, key, index) : value === node ? this.child(parent, parent.node, undefined, key) : this.locate(parent, node); // a later edit moved it further down (`x = import.meta.hot` inside a field guard)
    if (at) this.walk(at, true);
  }

  /** The path of `target`, somewhere under `from` (a depth-first search of the nodes, then paths along the way). */
  private locate(from: NodePath, target: t.Node): NodePath | undefined {
    const t = this.types;
    const route: Array<{ container: unknown; listKey: string | undefined; key: string | number }> = [];
    const search = (node: t.Node): boolean => {
      const fields = node as unknown as Record<string, unknown>;
      for (const key of t.VISITOR_KEYS[node.type] ?? []) {
        const value = fields[key];
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            if (!value[i]) continue;
            route.push({ container: value, listKey: key, key: i });
            if (value[i] === target || search(value[i] as t.Node)) return true;
            route.pop();
          }
        } else if (value && typeof value === "object") {
          route.push({ container: node, listKey: undefined, key });
          if (value === target || search(value as t.Node)) return true;
          route.pop();
        }
      }
      return false;
    };
    if (!search(from.node)) return undefined;
    let path = from;
    for (const step of route) path = this.child(path, step.container, step.listKey, step.key);
    return path;
  }

  /**
   * What Babel's crawl records for generated code: references, assignments, globals. `generated`:
   * the node is known to be generated, even where user code was expected (a hot reference as the
   * initializer a field guard took).
   */
  private walk(path: NodePath, generated = false): void {
    const node = path.node;
    if (!node) return;
    const t = this.types;
    if (!generated && this.foreign.has(node)) {
      this.moved(path);
      return;
    }
    if (t.isFunction(node) || t.isClass(node)) return; // its own scope: adopted, or crawled by Babel when it meets it
    if (path.isReferencedIdentifier()) {
      const name = (node as t.Identifier).name;
      const binding = path.scope.getBinding(name);
      if (binding) binding.reference(path);
      else this.program.scope.addGlobal(node as t.Identifier);
      return;
    }
    // Generated assignments only ever assign bindings (`f = _ar$m.fn(…)`, `C = …`).
    if (path.isAssignmentExpression()) path.scope.registerConstantViolation(path);
    const fields = node as unknown as Record<string, unknown>;
    for (const key of t.VISITOR_KEYS[node.type] ?? []) {
      const value = fields[key];
      if (value == null) continue;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (value[i] && !inert(node, key, value[i] as t.Node)) this.walk(this.child(path, value, key, i));
      } else if (!inert(node, key, value as t.Node)) {
        this.walk(this.child(path, node, undefined, key));
      }
    }
  }

  /**
   * User code moved into generated code keeps the paths below it, not its own: if its top node is
   * a reference (`x`) or an assignment (`++x`), the binding gets the new path in place of the old.
   */
  private moved(path: NodePath): void {
    const t = this.types;
    const node = path.node;
    if (path.isReferencedIdentifier()) {
      const binding = path.scope.getBinding((node as t.Identifier).name);
      if (binding) swap(binding.referencePaths, path);
      return;
    }
    const target = t.isAssignmentExpression(node) ? node.left : t.isUpdateExpression(node) ? node.argument : undefined;
    if (!target) return;
    for (const name of Object.keys(t.getBindingIdentifiers(target))) {
      const binding = path.scope.getBinding(name);
      if (binding) swap(binding.constantViolations, path);
    }
  }

  /** `parent.get(key)`, one child at a time; a moved function or class keeps its scope. */
  private child(parent: NodePath, container: unknown, listKey: string | undefined, key: string | number): NodePath {
    const node = (container as Record<string | number, t.Node>)[key]!;
    const path = (parent.constructor as unknown as PathClass).get({ parentPath: parent, parent: parent.node, container, listKey, key });
    const old = this.adopted.get(node);
    if (old && old !== path && old.scope?.path === old && old.scope.block === node) old.scope.path = path;
    return path.setContext(parent.context);
  }
}

/** Puts `path` in `paths` in place of an older path of the same node. */
function swap(paths: NodePath[], path: NodePath): void {
  const stale = paths.findIndex((p) => p.node === path.node && p !== path);
  if (stale !== -1) paths[stale] = path;
}

/**
 * Children of generated code that a crawl records nothing for: literals, `this`, `new.target`,
 * property names (`_ar$G.$0`, `{ f: … }`). No path is made for them here (Babel makes it when
 * it meets them).
 */
function inert(parent: t.Node, key: string, child: t.Node): boolean {
  switch (child.type) {
    case "StringLiteral":
    case "NumericLiteral":
    case "ThisExpression":
    case "Super":
    case "MetaProperty":
      return true;
    case "Identifier":
      return (
        (key === "property" && (parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && !parent.computed) ||
        (key === "key" && parent.type === "ObjectProperty" && !parent.computed)
      );
    default:
      return false;
  }
}
