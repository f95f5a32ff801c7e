import type { Construct, Forward } from "../abi.js";

// Captured once: user code may later replace Reflect.apply / Function.prototype.apply, and a
// forwarded call must not depend on that.
const { apply, construct } = Reflect;

/**
 * `token.fwd(impl, this, arguments, new.target)`: what a stale handle does with a call.
 * A plain closure calling `Reflect.apply` is inlined by V8; a Proxy trampoline is ~40× slower.
 */
export const forward: Forward = (impl, thisArg, args, newTarget) =>
  newTarget === undefined ? apply(impl, thisArg, args) : construct(impl, args, newTarget);

/** `token.construct(impl, arguments, new.target)`: a stale class constructor delegating. */
export const forwardConstruct: Construct = (impl, args, newTarget) => construct(impl, args, newTarget) as object;
