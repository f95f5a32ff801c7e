/**
 * Function cells (docs/abi.md, "Functions"). Parameters of functions are never rewritten; the
 * body starts with a check that reads `undefined` until a reload, then forwards to the newest
 * implementation:
 *
 *   function add(a, b = 1) { return a + b; }
 *     → function add(a, b = 1) {
 *         if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
 *         return a + b;
 *       }
 */
import type { NodePath, types as t } from "@babel/core";
import { takeComments } from "./edit.js";
import type { Emit } from "./emit.js";

/** Whether the body's `arguments` is the real arguments object (no parameter or local of that name). */
export function canInstrumentFunction(fn: NodePath<t.FunctionDeclaration | t.FunctionExpression | t.ObjectMethod>): boolean {
  return !fn.scope.hasOwnBinding("arguments");
}

/**
 * Adds the forwarding check as the first statement (after directives such as "use strict").
 *   plain:           return new.target === undefined ? Reflect.apply(_ar$G.$i, this, arguments) : Reflect.construct(_ar$G.$i, arguments, new.target);
 *   async:           return Reflect.apply(_ar$G.$i, this, arguments);
 *   (async) generator: return yield* Reflect.apply(_ar$G.$i, this, arguments);
 * Object methods, getters and setters (inline cells, ABI 4) cannot be `new`ed: the async form.
 */
export function instrumentFunctionBody(
  e: Emit,
  fn: NodePath<t.FunctionDeclaration | t.FunctionExpression | t.ObjectMethod>,
  index: number,
  moved = false,
): void {
  const t = e.t;
  const { async, generator } = fn.node;
  const constructible = fn.node.type !== "ObjectMethod" && !(async || generator);
  const call = e.forward(index, t.thisExpression(), e.id("arguments"), constructible);
  const check = e.check(index, generator ? t.yieldExpression(call, true) : call);
  fn.node.body.body.unshift(check);
  if (!moved) e.scope.generatedAt(fn.get("body"), "body", check);
}

/** Identifiers, optionally ending in `...rest` with an identifier: the arrow can forward them as they are. */
function hasSimpleParams(params: readonly t.Node[]): boolean {
  return params.every(
    (param, i) => param.type === "Identifier" || (i === params.length - 1 && param.type === "RestElement" && param.argument.type === "Identifier"),
  );
}

/** ECMAScript's ExpectedArgumentCount: parameters before the first default or rest. */
function expectedArgumentCount(params: readonly t.Node[]): number {
  const first = params.findIndex((p) => p.type === "AssignmentPattern" || p.type === "RestElement");
  return first === -1 ? params.length : first;
}

/**
 * Instruments an arrow: in place, or by wrapping it. Returns the arrow or its wrapper, and the
 * `length` the runtime must restore if the arrow had to be wrapped.
 *
 * Simple parameters get an extra rest parameter, which does not count in `length`:
 *   (x) => x * 2
 *     → (x, ..._ar$r) => _ar$G.$3 !== undefined ? Reflect.apply(_ar$G.$3, undefined, [x, ..._ar$r]) : x * 2
 * Default or destructured parameters: the original arrow is kept inside a wrapper:
 *   ({ a }, b = 2) => a + b
 *     → (..._ar$a) => _ar$G.$4 !== undefined ? Reflect.apply(_ar$G.$4, undefined, _ar$a)
 *                                             : (({ a }, b = 2) => a + b)(..._ar$a)        (length 1)
 */
export function instrumentArrow(e: Emit, path: NodePath<t.ArrowFunctionExpression>, index: number): { node: t.Expression; length: number | undefined } {
  const t = e.t;
  const arrow = path.node;
  const params = arrow.params;
  if (hasSimpleParams(params)) {
    const forwarded: (t.Expression | t.SpreadElement)[] = [];
    for (const param of params) {
      if (param.type === "Identifier") forwarded.push(e.id(param.name));
      else if (param.type === "RestElement" && param.argument.type === "Identifier") forwarded.push(t.spreadElement(e.id(param.argument.name)));
    }
    if (params.at(-1)?.type !== "RestElement") {
      const rest = t.restElement(e.id(e.names.rest));
      params.push(rest);
      e.scope.addedParam(path, rest);
      forwarded.push(t.spreadElement(e.id(e.names.rest)));
    }
    const call = e.forward(index, e.undef(), t.arrayExpression(forwarded), false);
    const body = arrow.body;
    if (body.type === "BlockStatement") {
      const check = e.check(index, call);
      body.body.unshift(check);
      e.scope.generatedAt(path.get("body"), "body", check);
    } else {
      const conditional = takeComments(t, t.conditionalExpression(e.replaced(index), call, body), body);
      arrow.body = conditional;
      e.scope.foreign.add(body);
      e.scope.generatedAt(path, "body", conditional);
    }
    return { node: arrow, length: undefined };
  }
  // A new arrow around this one: Babel crawls both when it meets them.
  const length = expectedArgumentCount(params);
  const args = e.id(e.names.args);
  const wrapper = t.arrowFunctionExpression(
    [t.restElement(args)],
    t.conditionalExpression(
      e.replaced(index),
      e.forward(index, e.undef(), e.id(e.names.args), false),
      t.callExpression(arrow, [t.spreadElement(e.id(e.names.args))]),
    ),
    arrow.async,
  );
  return { node: wrapper, length };
}
