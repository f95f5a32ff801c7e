import type { GenerationToken } from "@autoreload/abi";
import type { ClassKeys } from "./class-patch.js";

/**
 * One top-level binding of a module, stable across reloads (IPython keeps the function object
 * and swaps its `__code__`; here the handle keeps its identity and forwards).
 */
export interface Cell {
  readonly key: string;
  /** The value every importer holds: the first generation's function or class. */
  readonly handle: Function;
  /** The generation token of the handle's module evaluation, and the handle's slot in it. */
  readonly token: GenerationToken;
  readonly index: number;
  /** The newest implementation (=== handle until the first reload that changes it). */
  impl: Function;
  /** For class cells: own keys the newest class body defined (to delete removed members). */
  keys: ClassKeys | undefined;
  /** Generation that last registered this cell. */
  generation: number;
}
