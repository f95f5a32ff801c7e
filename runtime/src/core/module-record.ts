import { decodeFacts, slotName, type Evaluator, type GenerationToken, type ModuleHandle } from "@autoreload/abi";
import type { Cell } from "./cell.js";
import { runningFromFacts, type CellTarget, type RunningFacts } from "./patch-plan.js";
import { adoptClass, Allocator, classKeys, patchClass } from "./class-patch.js";
import { createHotContext, newHotState, type HotContext, type HotState } from "./hot.js";

/** How to put one registration back if the generation that made it fails. */
type Undo = () => void;

interface LiveBinding {
  readonly get: () => unknown;
  readonly set: (value: unknown) => void;
}

/** A generation being evaluated as a reload: its registrations are staged until commit/rollback. */
interface Staging {
  readonly generation: number;
  readonly undo: Undo[];
  /** Tokens whose slots this evaluation wrote: re-laid out once it is over (`relayoutSlots`). */
  readonly tokens: Set<GenerationToken>;
}

/**
 * Where each token's slots live: an object of its own between the token and what the token
 * inherited (`Function.prototype`), the token's prototype from its first evaluation on. `_ar$G.$i`
 * reads through it; the token's own properties are never touched.
 */
const slotHolders = new WeakMap<GenerationToken, Record<`$${number}`, Function | undefined>>();

const slotDescriptor = (value: Function | undefined): PropertyDescriptor => ({ value, writable: true, enumerable: true, configurable: true });

/**
 * The token's holder, made (empty) when the token first enters: the check every handle starts
 * with (`_ar$G.$i !== undefined`) then reads through a map no other object has, which V8 treats as
 * stable and drops the map check for (Node 20: a call 0.27 ns, as a plain call, against 0.41 ns
 * through a token that still inherits straight from `Function.prototype`, whose map every
 * function shares).
 */
function holderOf(token: GenerationToken): Record<`$${number}`, Function | undefined> {
  let holder = slotHolders.get(token);
  if (holder === undefined) {
    holder = Object.create(Reflect.getPrototypeOf(token)) as Record<`$${number}`, Function | undefined>;
    Reflect.setPrototypeOf(token, holder);
    slotHolders.set(token, holder);
  }
  return holder;
}

/**
 * Writes a token slot into its holder (see `relayoutSlots`). Between a reload's first write and
 * its commit or rollback the holder's fields are written again (mutable, so calls are not inlined
 * meanwhile); `relayoutSlots` then replaces the holder.
 */
function writeSlot(token: GenerationToken, slot: `$${number}`, value: Function | undefined): void {
  Reflect.defineProperty(holderOf(token), slot, slotDescriptor(value));
}

/**
 * Lays a token's slots out anew so V8 sees each as a *constant* field. A handle forwards with
 * `Reflect.apply(_ar$G.$i, this, arguments)`: V8 inlines the target only while it can prove it,
 * i.e. while `$i` is a constant field of a fast object; writing a second value into a field makes
 * it mutable for good, and field constness lives in the map, shared by objects of one shape (a
 * call through a handle then cost ~17 ns, not inlined, `arguments` materialised, instead of ~0.5).
 * So after each commit or rollback the slots go into a *fresh* holder, defined at once (fields
 * initialised, never written: constant), which becomes the token's prototype. A prototype gets a
 * map of its own in V8 (a lookup through it makes it fast, every field constant) and a load that
 * finds a constant field on a prototype is folded to its value, as method calls on a class's
 * prototype are. The previous holder is garbage. Keeping the slots on the token itself (delete
 * them, add a fresh marker symbol, add them again) kept them constant on V8 11 (Node 20) but left
 * the token in dictionary mode on V8 12 and 13 (Node 22, 24). A token whose slots are all
 * `undefined` again (its first reload rolled back) gets a fresh empty holder.
 */
function relayoutSlots(token: GenerationToken): void {
  const previous = slotHolders.get(token);
  if (previous === undefined) return;
  const base = Reflect.getPrototypeOf(previous);
  const fresh = Object.create(base) as Record<`$${number}`, Function | undefined>;
  for (const slot of Object.keys(previous) as Array<`$${number}`>) {
    const value = previous[slot];
    if (value !== undefined) Reflect.defineProperty(fresh, slot, slotDescriptor(value));
  }
  Reflect.setPrototypeOf(token, fresh);
  slotHolders.set(token, fresh);
}

const isClass = (f: Function): boolean => {
  // A class's `prototype` is non-writable; a plain function's is writable. Cheap, no toString.
  const d = Reflect.getOwnPropertyDescriptor(f, "prototype");
  return d !== undefined && d.writable === false;
};

function setOwn(f: Function, key: "name" | "length", value: string | number): void {
  const d = Reflect.getOwnPropertyDescriptor(f, key);
  if (d !== undefined && d.value === value) return;
  if (d === undefined || d.configurable === true) Reflect.defineProperty(f, key, { value, writable: false, enumerable: false, configurable: true });
}

/**
 * The runtime's view of one module (IPython's `ModuleReloader` keeps one per module name): its
 * cells, which persist across evaluations, and the generation counter. The loaders drive it:
 * `beginReload()` before re-evaluating the module, `commit()` or `rollback()` after.
 */
export class ModuleRecord {
  readonly id: string;
  readonly cells = new Map<string, Cell>();
  /** Number of evaluations that entered this record (1 after the first load). */
  generation = 0;
  /**
   * Live-binding accessors (`export let/const/var`): those of the first generation (the one
   * importers were linked to) and those of the generation being evaluated. Intermediate
   * generations are not kept, so their module scopes can be collected.
   */
  private firstLive: Map<string, LiveBinding> | undefined;
  private newLive: Map<string, LiveBinding> | undefined;
  private staging: Staging | undefined;
  private reloadRequested = false;
  /** A patch is being evaluated: `enter` joins it instead of starting a generation. */
  private patching = false;
  /**
   * The running generation as a patch needs it: the evaluator of its module scope, and its facts
   * (the string the code passed to `enter`, decoded at the first patch) with the token its cells
   * live in; after a patch, the facts of the version it brought (`setRunning`).
   */
  private evaluator: Evaluator | undefined;
  private rawFacts: { readonly text: string; readonly token: GenerationToken } | undefined;
  private running: RunningFacts | undefined;
  /** The token of the code the current patch evaluated, if it entered (cells it added live there). */
  private patchToken: GenerationToken | undefined;
  /**
   * Names that patches added to the module (a new function, class or constant): they live in the
   * scope of the patch that declared them, so later patches get them as values.
   */
  private added = new Map<string, unknown>();
  private hotState: HotState = newHotState();
  private hotData: Record<string, unknown> = {};
  /** `hot.accept` callbacks of the generation being replaced: they receive the new exports. */
  private pendingAccept: HotState["accept"] = [];
  private readonly onInvalidate: (record: ModuleRecord, message: string | undefined) => void;

  constructor(id: string, onInvalidate: (record: ModuleRecord, message: string | undefined) => void) {
    this.id = id;
    this.onInvalidate = onInvalidate;
  }

  /** Why this module must not be reloaded in place (`hot.decline()`), or undefined. */
  get declined(): string | undefined {
    return this.hotState.declined;
  }

  /**
   * Called by a loader right before it re-evaluates the module: runs `hot.dispose` handlers with
   * a fresh `data` object (handed to the next generation as `hot.data`) and makes the next
   * evaluation's registrations staged, so a failure can be rolled back.
   */
  beginReload(): void {
    const data: Record<string, unknown> = {};
    for (const handler of this.hotState.dispose) handler(data);
    this.hotData = data;
    this.pendingAccept = this.hotState.accept;
    this.reloadRequested = true;
  }

  /**
   * Called before a patch is evaluated in the live module scope: no `dispose` handlers run (the
   * module is not replaced), and everything the patch registers or writes is staged until
   * `commit()` or `rollback()`. Code the patch evaluates may call `enter` again: it joins this
   * patch (same generation, same hot state).
   */
  beginPatch(): void {
    this.patching = true;
    this.patchToken = undefined;
    const generation = ++this.generation;
    this.staging = { generation, undo: [], tokens: new Set() };
  }

  /** Whether a patch can be evaluated: the running generation gave an evaluator and its facts. */
  get patchable(): boolean {
    return this.evaluator !== undefined && (this.running !== undefined || this.rawFacts !== undefined);
  }

  /** The running generation's facts, decoded on first use; undefined when it reported none. */
  runningFacts(): RunningFacts | undefined {
    if (this.running === undefined && this.rawFacts !== undefined) {
      const facts = decodeFacts(this.rawFacts.text);
      if (facts !== undefined) this.running = runningFromFacts(facts, this.rawFacts.token);
      this.rawFacts = undefined;
    }
    return this.running;
  }

  /** The token of the code the running patch evaluated, once it entered. */
  get enteredPatchToken(): GenerationToken | undefined {
    return this.patchToken;
  }

  /** Names added by earlier patches, with their values (for the next patch's scope). */
  addedNames(): ReadonlyMap<string, unknown> {
    return this.added;
  }

  /** Keeps names the patch being evaluated declared (staged: dropped if it rolls back). */
  addNames(values: ReadonlyMap<string, unknown>): void {
    const previous = this.added;
    this.added = new Map([...previous, ...values]);
    this.staging?.undo.push(() => {
      this.added = previous;
    });
  }

  /**
   * ES modules: writes `value` into the binding importers are linked to (`export let/const`), as a
   * committed reload does; false when the module has no such binding.
   */
  setLinked(name: string, value: unknown): boolean {
    const binding = this.firstLive?.get(name);
    if (binding === undefined) return false;
    binding.set(value);
    return true;
  }

  /** After a committed patch: the statements now running and where their cells live. */
  setRunning(running: RunningFacts): void {
    this.running = running;
    this.rawFacts = undefined;
  }

  /** Evaluates `code` in the running generation's module scope (throws when there is none). */
  evaluate(code: string): unknown {
    if (this.evaluator === undefined) throw new Error(`[autoreload] ${this.id} has no evaluator (compiled without patch support)`);
    return this.evaluator(code);
  }

  /**
   * Points a running cell at `impl` (staged: part of the patch being evaluated). A cell registered
   * by key is applied as a reload applies it (`length` follows); an inline cell has only its slot.
   */
  patchCell(target: CellTarget, impl: Function, name: string | undefined): void {
    const staging = this.staging;
    if (staging === undefined) throw new Error("[autoreload] patchCell outside a patch");
    if (name !== undefined) setOwn(impl, "name", name);
    const cell = target.key === undefined ? undefined : this.cells.get(target.key);
    if (cell !== undefined && cell.token === target.token && cell.index === target.slot) {
      this.apply(cell, impl, staging.generation);
      return;
    }
    const slot = slotName(target.slot);
    const before = target.token[slot];
    writeSlot(target.token, slot, impl);
    staging.tokens.add(target.token);
    staging.undo.push(() => writeSlot(target.token, slot, before));
  }

  /** Keeps what the evaluation registered. `exports` is handed to `hot.accept` callbacks. */
  commit(exports?: unknown): void {
    const staging = this.staging;
    this.staging = undefined;
    this.patching = false;
    if (staging !== undefined) for (const token of staging.tokens) relayoutSlots(token);
    this.reloadRequested = false;
    const newest = this.newLive;
    this.newLive = undefined;
    if (newest !== undefined && this.firstLive !== undefined) {
      for (const [name, binding] of newest) this.firstLive.get(name)?.set(binding.get());
    }
    const accept = this.pendingAccept;
    this.pendingAccept = [];
    for (const cb of accept) cb(exports);
  }

  /** Puts every cell back as it was before the failed evaluation; the old code keeps running. */
  rollback(): void {
    const staging = this.staging;
    this.staging = undefined;
    this.reloadRequested = false;
    this.patching = false;
    this.pendingAccept = [];
    if (staging === undefined) return;
    for (let i = staging.undo.length - 1; i >= 0; i--) staging.undo[i]?.();
    for (const token of staging.tokens) relayoutSlots(token);
    this.newLive = undefined;
    this.generation = staging.generation - 1;
  }

  /**
   * Starts an evaluation of the module's code; returns what its code calls (`_ar$m`). `evaluate`
   * and `facts` (ABI 4) describe the generation for later patches.
   */
  enter(token: GenerationToken, evaluate?: Evaluator, facts?: string): ModuleHandle {
    if (this.patching && this.staging !== undefined) {
      // Code evaluated by a patch: its registrations join the patch; the module stays the running one.
      holderOf(token);
      this.patchToken = token;
      const hot = createHotContext(this.hotState, this.hotData, (message) => this.onInvalidate(this, message));
      return this.handle(this.staging.generation, token, hot, false);
    }
    const previous = { evaluator: this.evaluator, rawFacts: this.rawFacts, running: this.running, added: this.added };
    this.evaluator = evaluate;
    this.rawFacts = facts === undefined ? undefined : { text: facts, token };
    this.running = undefined;
    this.added = new Map();
    const generation = ++this.generation;
    if (this.reloadRequested) {
      this.staging = { generation, undo: [], tokens: new Set() };
    } else if (generation > 1) {
      // Evaluated again without a reload we started (e.g. a test runner cleared require.cache):
      // apply registrations at once; there is nothing to roll back to.
      this.hotState = newHotState();
    }
    if (this.staging !== undefined) {
      const previousHot = this.hotState;
      this.hotState = newHotState();
      this.staging.undo.push(() => {
        this.hotState = previousHot;
        this.evaluator = previous.evaluator;
        this.rawFacts = previous.rawFacts;
        this.running = previous.running;
        this.added = previous.added;
      });
    }
    holderOf(token);
    const hot = createHotContext(this.hotState, this.hotData, (message) => this.onInvalidate(this, message));
    return this.handle(generation, token, hot, true);
  }

  /** `live`: whether the generation's live-binding registrations count (not for code a patch evaluates). */
  private handle(generation: number, token: GenerationToken, hot: HotContext, live: boolean): ModuleHandle {
    return {
      fn: (key, fn, index, name, length) => {
        if (name !== undefined) setOwn(fn, "name", name);
        if (length !== undefined) setOwn(fn, "length", length);
        return this.register(key, fn, index, token, generation, "function") as typeof fn;
      },
      cls: (key, cls, index) => this.register(key, adoptClass(cls, token), index, token, generation, "class") as typeof cls,
      self: (key, cls, index) => this.register(key, adoptClass(cls, token), index, token, generation, "class") as typeof cls,
      live: (name, get, set) => {
        if (!live) return;
        if (generation === 1) (this.firstLive ??= new Map()).set(name, { get, set });
        else (this.newLive ??= new Map()).set(name, { get, set });
      },
      hot,
      alloc: Allocator,
    };
  }

  /**
   * Registers `impl` under `key` and returns the stable handle. A second registration of the
   * same key in one generation (a class's `self()` then `cls()`) returns the handle unchanged.
   */
  private register(key: string, impl: Function, index: number, token: GenerationToken, generation: number, kind: "function" | "class"): Function {
    const cell = this.cells.get(key);
    if (cell === undefined) {
      const created: Cell = { key, handle: impl, token, index, impl, keys: kind === "class" ? classKeys(impl) : undefined, generation };
      this.cells.set(key, created);
      this.staging?.undo.push(() => this.cells.delete(key));
      return impl;
    }
    if (cell.generation === generation) {
      // A class registered by `self()` in its first static block is registered again by `cls()`
      // once its definition finished: now its static fields exist too.
      if (isClass(impl) && impl === cell.handle) cell.keys = classKeys(impl);
      else if (isClass(impl) && impl === cell.impl) this.apply(cell, impl, generation);
      return cell.handle;
    }
    this.apply(cell, impl, generation);
    return cell.handle;
  }

  /** Points the cell at a new implementation, staged when a reload is being evaluated. */
  private apply(cell: Cell, impl: Function, generation: number): void {
    const { handle, token, index } = cell;
    const slot = slotName(index);
    const before = { impl: cell.impl, keys: cell.keys, generation: cell.generation, slot: token[slot] };
    let undoPatch: Undo | undefined;
    if (isClass(impl) && handle !== impl) {
      const previousKeys = cell.keys ?? classKeys(handle);
      const nextKeys = classKeys(impl);
      const patch = patchClass(handle, impl, previousKeys, nextKeys);
      undoPatch = () => patch.restore();
      cell.keys = nextKeys;
    } else if (handle !== impl) {
      const lengthBefore = Reflect.getOwnPropertyDescriptor(handle, "length");
      setOwn(handle, "length", impl.length);
      undoPatch = () => {
        // Only when it changed: redefining a function's `length` puts it in dictionary mode.
        if (lengthBefore !== undefined && handle.length !== lengthBefore.value) Reflect.defineProperty(handle, "length", lengthBefore);
      };
    }
    cell.impl = impl;
    cell.generation = generation;
    writeSlot(token, slot, impl === handle ? undefined : impl);
    this.staging?.tokens.add(token);
    this.staging?.undo.push(() => {
      undoPatch?.();
      cell.impl = before.impl;
      cell.keys = before.keys;
      cell.generation = before.generation;
      writeSlot(token, slot, before.slot);
    });
  }
}
