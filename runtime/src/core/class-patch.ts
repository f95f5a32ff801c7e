/**
 * Syncing a new generation of a class into the stable class (the first generation's class object).
 *
 * Why copy instead of re-parenting: methods keep their [[HomeObject]]. If the new generation's
 * prototype were put under the stable one, `super.m()` in a new method would find `m` itself on
 * the stable prototype and recurse forever. Copying descriptors keeps each method's HomeObject
 * (the new generation's prototype), whose [[Prototype]] is the stable base, so `super` resolves
 * through the stable chain.
 */

/**
 * The base of reload generations of base classes (ABI 3, `_ar$m.alloc`; docs/design.md, "Speed
 * after a reload"). The stable class is a base class: `new C()` allocates `this` with `C`'s map,
 * then its constructor check forwards with `Reflect.construct(K, arguments, new.target)`. Were `K`
 * a base class too, V8 would allocate again in `K` for `new.target` `C`, and for a base
 * `new.target` `JSFunction::GetDerivedMap` copies a new map on every call (~1 µs, one map per
 * instance). Emitted as `class extends _ar$m.alloc { constructor(…) { <check> super(); … } }`,
 * `K` allocates nothing: `super()` reaches this derived constructor, which allocates nothing
 * either and returns `Object.create(new.target.prototype)` — a map V8 caches per prototype. So
 * every instance made after a reload shares one map (per `new.target`), as before it.
 *
 * A prototype that is not an object takes the path the language gives such a `new.target`
 * (`Reflect.construct(Object, [], new.target)`: its realm's `Object.prototype`).
 */
export const Allocator: new () => object = (() => {
  const create = Object.create;
  const construct = Reflect.construct;
  const Alloc = class extends null {
    constructor() {
      const proto: unknown = new.target.prototype;
      return (typeof proto === "object" && proto !== null) || typeof proto === "function" ? create(proto as object) : construct(Object, [], new.target);
    }
  };
  // A generation's instances made before the runtime saw its class (`static x = new this()`)
  // inherit `Alloc.prototype`: let that reach `Object.prototype`, as a base class's does.
  Reflect.setPrototypeOf(Alloc.prototype, Object.prototype);
  // Nothing of its own that `super.name` or `super.length` in a generation's static method would
  // find instead of `Function.prototype`'s.
  Reflect.deleteProperty(Alloc, "name");
  Reflect.deleteProperty(Alloc, "length");
  return Alloc as unknown as new () => object;
})();

/** The parents a base class has in its realm (a generation over the allocator stands for one). */
interface BaseParents {
  readonly constructor: object;
  readonly prototype: object;
}
/** Every class the runtime has seen over the allocator, with the parents it stands for. */
const overAllocator = new WeakMap<Function, BaseParents>();

/**
 * `Function.prototype` and `Object.prototype` of `fn`'s realm: the last two objects of its
 * prototype chain (the token of a module is a plain function of the module's realm).
 */
function realmParents(fn: Function): BaseParents | undefined {
  let previous: object = fn;
  for (let p = Reflect.getPrototypeOf(fn); p !== null; p = Reflect.getPrototypeOf(p)) {
    const next = Reflect.getPrototypeOf(p);
    if (next === null) return previous === fn ? undefined : { constructor: previous, prototype: p };
    previous = p;
  }
  return undefined;
}

/**
 * Called with every class a module registers (`cls`, `self`), before anything else looks at it.
 * A class emitted over the allocator (a reload generation of a base class, or a class that first
 * appeared in one) gets the prototype parent a base class has, `Object.prototype` of `realm`'s
 * realm (`realm`: any plain function of the module, its generation token), so that `super.m()` in
 * its methods and instances it makes itself (`new this()`) see what they would see in a base
 * class. Its constructor keeps the allocator as parent: `super()` needs it.
 */
export function adoptClass<C extends Function>(cls: C, realm: Function): C {
  if (Reflect.getPrototypeOf(cls) !== Allocator || overAllocator.has(cls)) return cls;
  const parents = realmParents(realm) ?? { constructor: Reflect.getPrototypeOf(Allocator)!, prototype: Object.prototype };
  overAllocator.set(cls, parents);
  const proto = (cls as { prototype?: unknown }).prototype;
  if (typeof proto === "object" && proto !== null && Reflect.getPrototypeOf(proto) === Allocator.prototype) Reflect.setPrototypeOf(proto, parents.prototype);
  return cls;
}

/** Keys a class body defines on the constructor that are not members to sync. */
const STATIC_SKIP = new Set<PropertyKey>(["prototype", "name", "length", "caller", "arguments"]);
const PROTO_SKIP = new Set<PropertyKey>(["constructor"]);

/** Own keys a class body defined, recorded per generation so removed members can be deleted. */
export interface ClassKeys {
  readonly statics: ReadonlySet<PropertyKey>;
  readonly proto: ReadonlySet<PropertyKey>;
}

export function classKeys(cls: Function): ClassKeys {
  const proto = (cls as { prototype?: object }).prototype;
  return {
    statics: new Set(Reflect.ownKeys(cls).filter((k) => !STATIC_SKIP.has(k))),
    proto: new Set(proto === undefined || proto === null ? [] : Reflect.ownKeys(proto).filter((k) => !PROTO_SKIP.has(k))),
  };
}

/** Everything `patchClass` may change on one object, to put back on rollback. */
interface ObjectSnapshot {
  readonly target: object;
  readonly parent: object | null;
  readonly descriptors: Map<PropertyKey, PropertyDescriptor>;
}

function snapshotObject(target: object): ObjectSnapshot {
  const descriptors = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(target)) {
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    if (d !== undefined) descriptors.set(key, d);
  }
  return { target, parent: Reflect.getPrototypeOf(target), descriptors };
}

function restoreObject(s: ObjectSnapshot): void {
  for (const key of Reflect.ownKeys(s.target)) {
    if (!s.descriptors.has(key)) Reflect.deleteProperty(s.target, key);
  }
  for (const [key, d] of s.descriptors) {
    const now = Reflect.getOwnPropertyDescriptor(s.target, key);
    if (now !== undefined && sameDescriptor(now, d)) continue;
    if (now === undefined || now.configurable === true) Reflect.defineProperty(s.target, key, d);
  }
  if (Reflect.getPrototypeOf(s.target) !== s.parent) Reflect.setPrototypeOf(s.target, s.parent);
  settle(s.target);
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

/**
 * Leaves `target` (a stable prototype or constructor after a sync) the way V8 had it before any
 * reload: fast properties, every method a *constant* field. Measured on Node 20 (V8 11.3):
 * `defineProperty` over an existing method keeps the object fast but turns that field from
 * constant to mutable, so optimised callers no longer know the target; after a reload a call site
 * has seen two different functions (megamorphic call feedback), so nothing is left to inline: a
 * method call on an instance went from 0.6 ns to 5 ns. V8 makes every field constant again when
 * it turns a dictionary-mode prototype back into a fast one, which it does right after a delete
 * on a prototype it tracks as "should be fast" (one that has been used in a property lookup). So:
 * delete the last own key and put it back — same keys, same order, same descriptors.
 */
function settle(target: object): void {
  const keys = Reflect.ownKeys(target);
  const last = keys[keys.length - 1];
  if (last === undefined) return;
  const d = Reflect.getOwnPropertyDescriptor(target, last);
  if (d?.configurable === true && Reflect.deleteProperty(target, last)) Reflect.defineProperty(target, last, d);
}

/** Copies `source`'s own members onto `target`, deletes members `previous` had and `next` lacks. */
function syncMembers(target: object, source: object, nextKeys: ReadonlySet<PropertyKey>, previousKeys: ReadonlySet<PropertyKey>): void {
  for (const key of previousKeys) {
    if (!nextKeys.has(key)) Reflect.deleteProperty(target, key);
  }
  for (const key of nextKeys) {
    const d = Reflect.getOwnPropertyDescriptor(source, key);
    if (d === undefined) continue;
    const existing = Reflect.getOwnPropertyDescriptor(target, key);
    if (existing !== undefined && existing.configurable !== true) continue;
    Reflect.defineProperty(target, key, d);
  }
}

/** Undo for one `patchClass` call. */
export interface ClassPatch {
  restore(): void;
}

/**
 * Makes `stable` behave as `next`: prototype members and statics copied (strings and symbols,
 * as descriptors, so getters stay getters), members that `previousKeys` listed and `next` lacks
 * deleted, a changed `extends` applied to both the constructor and the prototype (a generation
 * over the allocator counts as a base class, see `adoptClass`), and `length` following the new
 * constructor. Construction itself is delegated by the constructor check the
 * plugins emit (`Reflect.construct(_ar$G.$i, arguments, new.target)`), not here.
 */
export function patchClass(stable: Function, next: Function, previousKeys: ClassKeys, nextKeys: ClassKeys): ClassPatch {
  const stableProto = (stable as { prototype?: object }).prototype;
  const nextProto = (next as { prototype?: object }).prototype;
  const snapshots: ObjectSnapshot[] = [snapshotObject(stable)];
  if (stableProto !== undefined && stableProto !== null) snapshots.push(snapshotObject(stableProto));

  syncMembers(stable, next, nextKeys.statics, previousKeys.statics);
  const length = Reflect.getOwnPropertyDescriptor(stable, "length");
  if (length?.configurable === true && length.value !== next.length) Reflect.defineProperty(stable, "length", { value: next.length });
  // A generation over the allocator stands for a base class: the stable class gets a base
  // class's parent (`Function.prototype`), unless it is over the allocator itself (a class that
  // first appeared in a reload generation), whose `super()` needs it.
  const nextBase = overAllocator.get(next);
  const nextParent = nextBase === undefined ? Reflect.getPrototypeOf(next) : overAllocator.has(stable) ? Allocator : nextBase.constructor;
  if (Reflect.getPrototypeOf(stable) !== nextParent) Reflect.setPrototypeOf(stable, nextParent);

  if (stableProto !== undefined && stableProto !== null && nextProto !== undefined && nextProto !== null) {
    syncMembers(stableProto, nextProto, nextKeys.proto, previousKeys.proto);
    const nextProtoParent = Reflect.getPrototypeOf(nextProto);
    if (Reflect.getPrototypeOf(stableProto) !== nextProtoParent) Reflect.setPrototypeOf(stableProto, nextProtoParent);
    settle(stableProto);
  }
  settle(stable);
  return {
    restore() {
      for (const s of snapshots) restoreObject(s);
    },
  };
}
