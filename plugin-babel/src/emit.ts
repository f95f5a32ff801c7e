/**
 * Builders for the ABI shapes of docs/abi.md, as Babel nodes. Everything the plugin emits goes
 * through here, so the names in `autoreload/abi` are the only spelling of the ABI.
 */
import type { NodePath, types as BabelTypes, types as t } from "@babel/core";
import {
  ABI_VERSION,
  EVALUATOR_PARAM,
  GLOBAL_NAME,
  MODULE_ALLOC,
  MODULE_CLS,
  MODULE_FN,
  MODULE_HOT,
  MODULE_LIVE,
  MODULE_SELF,
  RUNTIME_ENTER,
  slotName,
} from "@autoreload/abi";
import { BodyEdits, ScopeUpdate } from "./edit.js";
import type { Names } from "./names.js";

export class Emit {
  /** Edits of the program body, applied at the end (edit.ts). */
  readonly body: BodyEdits;
  /** Scope bookkeeping for what the plugin generates (edit.ts). */
  readonly scope: ScopeUpdate;

  /**
   * `reload`: the file is compiled as a reload generation (plugin option `reload`): base classes
   * are emitted over the runtime's allocator (`class extends _ar$m.alloc`, docs/abi.md "Classes").
   */
  constructor(
    readonly t: typeof BabelTypes,
    readonly names: Names,
    program: NodePath<t.Program>,
    readonly reload = false,
  ) {
    this.body = new BodyEdits(t);
    this.scope = new ScopeUpdate(t, program);
  }

  id(name: string): t.Identifier {
    return this.t.identifier(name);
  }

  /** `undefined`, or `void 0` when the file binds the name `undefined` somewhere. */
  undef(): t.Expression {
    return this.names.undefinedShadowed ? this.t.unaryExpression("void", this.t.numericLiteral(0)) : this.id("undefined");
  }

  /** `_ar$G.$i` (a named slot: V8 inlines the miss; an indexed one is ~15× slower per call) */
  slot(i: number): t.MemberExpression {
    return this.t.memberExpression(this.id(this.names.token), this.id(slotName(i)));
  }

  /** `_ar$G.$i !== undefined` */
  replaced(i: number): t.BinaryExpression {
    return this.t.binaryExpression("!==", this.slot(i), this.undef());
  }

  /** `Reflect.<method>` */
  private reflect(method: "apply" | "construct"): t.MemberExpression {
    return this.t.memberExpression(this.id("Reflect"), this.id(method));
  }

  /**
   * Forwarding after a reload, inline so V8 forwards `arguments` without materialising it:
   * `Reflect.apply(_ar$G.$i, thisArg, args)`, and for plain functions (which can be `new`ed)
   * `new.target === undefined ? Reflect.apply(…) : Reflect.construct(_ar$G.$i, arguments, new.target)`.
   */
  forward(i: number, thisArg: t.Expression, args: t.Expression, constructible: boolean): t.Expression {
    const t = this.t;
    const apply = t.callExpression(this.reflect("apply"), [this.slot(i), thisArg, args]);
    if (!constructible) return apply;
    const construct = t.callExpression(this.reflect("construct"), [this.slot(i), t.cloneNode(args), this.newTarget()]);
    return t.conditionalExpression(t.binaryExpression("===", this.newTarget(), this.undef()), apply, construct);
  }

  /** `new.target` */
  newTarget(): t.MetaProperty {
    return this.t.metaProperty(this.id("new"), this.id("target"));
  }

  /** `if (_ar$G.$i !== undefined) return <result>;` */
  check(i: number, result: t.Expression): t.IfStatement {
    return this.t.ifStatement(this.replaced(i), this.t.returnStatement(result));
  }

  /** `if (_ar$G.$i !== undefined) return Reflect.construct(_ar$G.$i, arguments, new.target);` */
  constructCheck(i: number): t.IfStatement {
    return this.check(i, this.t.callExpression(this.reflect("construct"), [this.slot(i), this.id("arguments"), this.newTarget()]));
  }

  private handle(method: string): t.MemberExpression {
    return this.t.memberExpression(this.id(this.names.module), this.id(method));
  }

  /** `_ar$m.fn("key", value, i[, name[, length]])` */
  fn(key: string, value: t.Expression, i: number, name?: string, length?: number): t.CallExpression {
    const args: t.Expression[] = [this.t.stringLiteral(key), value, this.t.numericLiteral(i)];
    if (name !== undefined || length !== undefined) args.push(name === undefined ? this.undef() : this.t.stringLiteral(name));
    if (length !== undefined) args.push(this.t.numericLiteral(length));
    return this.t.callExpression(this.handle(MODULE_FN), args);
  }

  /** `_ar$m.cls("key", value, i)` */
  cls(key: string, value: t.Expression, i: number): t.CallExpression {
    return this.t.callExpression(this.handle(MODULE_CLS), [this.t.stringLiteral(key), value, this.t.numericLiteral(i)]);
  }

  /** `_ar$m.self("key", cls, i)` */
  self(key: string, cls: t.Expression, i: number): t.CallExpression {
    return this.t.callExpression(this.handle(MODULE_SELF), [this.t.stringLiteral(key), cls, this.t.numericLiteral(i)]);
  }

  /** `_ar$m.live("key", () => local, (v) => { local = v; });` (the exported name, then the local binding) */
  live(key: string, local: string = key): t.ExpressionStatement {
    const t = this.t;
    const param = local === "v" ? "_v" : "v";
    const getter = t.arrowFunctionExpression([], this.id(local));
    const setter = t.arrowFunctionExpression(
      [this.id(param)],
      t.blockStatement([t.expressionStatement(t.assignmentExpression("=", this.id(local), this.id(param)))]),
    );
    return t.expressionStatement(t.callExpression(this.handle(MODULE_LIVE), [t.stringLiteral(key), getter, setter]));
  }

  /** `_ar$m.alloc`: the base of a reload generation of a base class (ABI 3) */
  alloc(): t.MemberExpression {
    return this.handle(MODULE_ALLOC);
  }

  /** `super();` */
  superCall(): t.ExpressionStatement {
    return this.t.expressionStatement(this.t.callExpression(this.t.super(), []));
  }

  /** `_ar$m.hot` */
  hot(): t.MemberExpression {
    return this.handle(MODULE_HOT);
  }

  /** `{ key: value }.key`: NamedEvaluation gives an anonymous function or class the name `key`. */
  named(key: string, value: t.Expression): t.MemberExpression {
    const t = this.t;
    return t.memberExpression(t.objectExpression([t.objectProperty(this.id(key), value)]), this.id(key));
  }

  /**
   * `globalThis.__autoreload.enter(id, _ar$G, ABI_VERSION)`, and with `facts` (ABI 4, option
   * `patch`) the module's evaluator and its facts: `…, (_ar$c) => eval(_ar$c), "<facts JSON>")`.
   * The evaluator is an arrow at the module's top level calling `eval` directly, so the code it is
   * given runs in the live module scope (its parameter needs no suffix in scripts: it is local).
   */
  enter(moduleId: t.Expression, facts?: string): t.CallExpression {
    const t = this.t;
    const callee = t.memberExpression(t.memberExpression(this.id("globalThis"), this.id(GLOBAL_NAME)), this.id(RUNTIME_ENTER));
    const args: t.Expression[] = [moduleId, this.id(this.names.token), t.numericLiteral(ABI_VERSION)];
    if (facts !== undefined) {
      const evaluator = t.arrowFunctionExpression([this.id(EVALUATOR_PARAM)], t.callExpression(this.id("eval"), [this.id(EVALUATOR_PARAM)]));
      // Printed as JSON.stringify gives it: Babel's generator would escape the text character
      // by character (jsesc), ~4 ms for the facts of a 1,500-line file.
      const literal = t.stringLiteral(facts);
      literal.extra = { rawValue: facts, raw: JSON.stringify(facts) };
      args.push(evaluator, literal);
    }
    return t.callExpression(callee, args);
  }
}
