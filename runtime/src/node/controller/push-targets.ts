// Mode `complete` (IPython's autoload of new names): objects that hold names taken from modules,
// such as the REPL's context. When a reload adds export `n` to a module and a target already holds
// another export of that module under its own name, `target[n]` is set too.
export class PushTargets {
  private readonly targets = new Set<Record<string, unknown>>();

  add(target: Record<string, unknown>): () => void {
    this.targets.add(target);
    return () => this.targets.delete(target);
  }

  push(exports: unknown, added: readonly string[]): void {
    if (typeof exports !== "object" || exports === null) return;
    const values = exports as Record<string, unknown>;
    for (const target of this.targets) {
      const holdsThisModule = Object.keys(values).some((k) => !added.includes(k) && Object.prototype.hasOwnProperty.call(target, k) && target[k] === values[k]);
      if (!holdsThisModule) continue;
      for (const name of added) if (!Object.prototype.hasOwnProperty.call(target, name)) target[name] = values[name];
    }
  }
}
