/**
 * `@autoreload/abi`: the ABI between the compile-time plugins (Babel, SWC) and the runtime.
 *
 * This package has no dependencies on purpose: both plugins and the runtime depend on it, and the
 * platform-neutral core is bundled into a single global script from it. Every name the plugins
 * emit into user code, and every method the emitted code calls, is declared here. Changing any of
 * them is a breaking change: bump `ABI_VERSION`.
 *
 * What instrumented code looks like (CommonJS, full catalogue in docs/abi.md):
 *
 *   require("autoreload/install");
 *   function _ar$G() {}                                   // generation token (hoisted)
 *   const _ar$m = globalThis.__autoreload.enter(__filename, _ar$G, 4, (_ar$c) => eval(_ar$c), "<facts>");
 *   add = _ar$m.fn("add", add, 0);                        // hoisted declarations register first
 *   function add(a, b) {
 *     if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
 *     return a + b;
 *   }
 *   let C = _ar$m.cls("C", { C: class { ... } }.C, 1);   // name "C" kept by NamedEvaluation
 */

/**
 * Bumped on any change to the names or call signatures below. (2: named slots `_ar$G.$i`, inline
 * Reflect forwarding. 3: `_ar$m.alloc`, the base of reload generations of base classes.
 * 4: `enter` takes the module's evaluator and its statement facts, for patch reloads.)
 */
export const ABI_VERSION = 4;
/**
 * The oldest ABI whose code this runtime still runs: each version since only *added* to the
 * module handle or to `enter` (3 added `alloc`, 4 the evaluator and facts), so code instrumented
 * for it behaves as it did; such a module is always reloaded in full (it reports no facts).
 */
export const OLDEST_ABI_VERSION = 2;

/** Property of `globalThis` that holds the runtime (`Runtime` in core/runtime.ts). */
export const GLOBAL_NAME = "__autoreload";

/**
 * Prefix of every identifier the plugins introduce. A program that already declares a function
 * whose name starts with `TOKEN_PREFIX` is instrumented already and is left alone (idempotence).
 */
export const ID_PREFIX = "_ar$";

/**
 * The generation token: `function _ar$G() {}` at the top of every instrumented module. It is a
 * function *declaration* so that it exists before any other code of the module runs (hoisting,
 * cyclic imports). The runtime writes to it:
 *   token.$i           (`slotName(i)`) the implementation that construct #i must forward to,
 *                      or undefined (run its own body). Only the token of a cell's first
 *                      generation is written. Named, not indexed: V8 inlines a named-property
 *                      miss on a function object, while an element miss (`token[0]`) walks the
 *                      prototype chain on every call (~15× slower, measured).
 * A stale handle forwards inline, with the realm's `Reflect.apply` / `Reflect.construct` (in the
 * function itself, so V8 forwards `arguments` without materialising it).
 * In classic scripts the token's name is suffixed with a hash of the file name, since top-level
 * declarations of scripts share one global scope.
 */
export const TOKEN_NAME = "_ar$G";
/** The property name of construct #i's slot. */
export const slotName = (index: number): `$${number}` => `$${index}`;

/** The per-generation module handle: `const _ar$m = globalThis.__autoreload.enter(...)`. */
export const MODULE_NAME = "_ar$m";

/** Extra rest parameter added to arrows with simple parameters, so they can forward every argument. */
export const REST_NAME = "_ar$r";
/** Rest parameter of the outer arrow for arrows with default or destructured parameters. */
export const ARGS_NAME = "_ar$a";

/** Methods of the runtime global and of the module handle. */
export const RUNTIME_ENTER = "enter";
export const MODULE_FN = "fn";
export const MODULE_CLS = "cls";
export const MODULE_SELF = "self";
export const MODULE_LIVE = "live";
export const MODULE_HOT = "hot";
/**
 * `class extends _ar$m.alloc { constructor(…) { <check> super(); … } }`: a *reload generation*
 * of a base class (plugin option `reload: true`) derives from the runtime's allocator, so that
 * `new C()` through the stable class allocates with one map per prototype (docs/abi.md, "Classes").
 */
export const MODULE_ALLOC = "alloc";

/** Cell keys for CommonJS assignments. */
export const KEY_MODULE_EXPORTS = "module.exports";
export const KEY_EXPORTS_PREFIX = "exports.";
export const KEY_DEFAULT = "default";

/** The generation token as the runtime sees it. */
export interface GenerationToken {
  (): void;
  [slot: `$${number}`]: Function | undefined;
}

/** What `globalThis.__autoreload.enter(...)` returns to instrumented code. */
export interface ModuleHandle {
  /**
   * Registers function construct #index under `key`, returns the stable handle (the function of
   * the cell's first generation). `name`/`length`, when given, are written onto `fn` (used for
   * `export default function () {}`, which is emitted under a generated name, and for arrows with
   * non-simple parameters, which are emitted as `(..._ar$a) => …`).
   */
  fn<F extends Function>(key: string, fn: F, index: number, name?: string, length?: number): F;
  /** Registers class #index under `key`, patches the stable class from it, returns the stable class. */
  cls<C extends Function>(key: string, cls: C, index: number): C;
  /**
   * Inside static initializers and static blocks, the class's own name is emitted as
   * `_ar$m.self("C", this, index)`: the stable class (the binding is still in its TDZ there).
   */
  self<C extends Function>(key: string, cls: C, index: number): C;
  /**
   * ESM only: `export let/const/var x` registers a getter and setter so that importers linked to
   * an older generation read the newest value (docs/semantics.md).
   */
  live(name: string, get: () => unknown, set: (value: unknown) => void): void;
  /** `import.meta.hot` / `module.hot` for this module (docs/semantics.md, hot API). */
  readonly hot: unknown;
  /**
   * ABI 3. What reload generations of base classes extend: `class extends null` whose
   * constructor returns `Object.create(new.target.prototype)` (one cached map per prototype,
   * where V8 copies a map on every `Reflect.construct(K, args, C)` into a base `K`). The runtime
   * gives such a class's prototype the parent a base class's has (`Object.prototype`); the stable
   * class keeps a base class's parents.
   */
  readonly alloc: new () => object;
}

/**
 * ABI 4. The module's evaluator: `(_ar$c) => eval(_ar$c)`, an arrow at the module's top level with
 * a *direct* eval, so code it is given runs inside the live module scope (it reads and writes the
 * module's `let`/`var` state and sees its imports and functions; its own declarations stay local
 * to that call). Emitted as the fourth argument of `enter`; the runtime evaluates patches with it.
 */
export const EVALUATOR_PARAM = "_ar$c";

/** The evaluator a module hands to `enter` (ABI 4). */
export type Evaluator = (code: string) => unknown;

/** The runtime global as instrumented code sees it. */
export interface RuntimeGlobal {
  readonly abi: number;
  /**
   * Starts an evaluation of module `id`. ABI 4 adds `evaluate` (the module's evaluator) and
   * `facts` (`encodeFacts` of the module's `ModuleFacts`, a JSON string read at its first patch).
   */
  enter(id: string, token: GenerationToken, abi: number, evaluate?: Evaluator, facts?: string): ModuleHandle;
}

export * from "./facts.js";
export * from "./options.js";
export * from "./hash.js";
export * from "./rules.js";
