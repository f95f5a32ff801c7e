/**
 * The module prologue (docs/abi.md, "Module prologue"), at the very top of the body (after
 * directives), followed by the registrations of hoisted function declarations in source order,
 * so every handle is in place before any other top-level code runs:
 *
 *   import "autoreload/install";                 // CommonJS: require("autoreload/install");
 *   function _ar$G() {}
 *   const _ar$m = globalThis.__autoreload.enter(import.meta.url, _ar$G, 4, (_ar$c) => eval(_ar$c), "<facts>");   // CJS: __filename
 *   add = _ar$m.fn("add", add, 0);
 */
import type { types as t } from "@babel/core";
import type { Emit } from "./emit.js";
import type { ModuleKind } from "./module-kind.js";

export interface PrologueOptions {
  readonly kind: ModuleKind;
  /** Explicit module id (option `moduleId`, or the file URL of a script). */
  readonly moduleId: string | undefined;
  readonly runtimeImport: string | false;
  /** ABI 4, option `patch`: `encodeFacts` of the module's facts; `enter` then also gets the evaluator. */
  readonly facts: string | undefined;
}

export function insertPrologue(e: Emit, options: PrologueOptions, registrations: readonly t.Statement[]): void {
  const t = e.t;
  const statements: t.Statement[] = [];
  if (options.runtimeImport !== false && options.kind !== "script") {
    const specifier = t.stringLiteral(options.runtimeImport);
    statements.push(options.kind === "esm" ? t.importDeclaration([], specifier) : t.expressionStatement(t.callExpression(e.id("require"), [specifier])));
  }
  statements.push(t.functionDeclaration(e.id(e.names.token), [], t.blockStatement([])));
  statements.push(t.variableDeclaration("const", [t.variableDeclarator(e.id(e.names.module), e.enter(moduleIdExpression(e, options), options.facts))]));
  e.body.prepend([...statements, ...registrations]);
}

function moduleIdExpression(e: Emit, options: PrologueOptions): t.Expression {
  const t = e.t;
  if (options.moduleId !== undefined) return t.stringLiteral(options.moduleId);
  switch (options.kind) {
    case "esm":
      return t.memberExpression(t.metaProperty(e.id("import"), e.id("meta")), e.id("url"));
    case "commonjs":
      return e.id("__filename");
    case "script":
      throw new Error("[autoreload] babel-plugin-autoreload: a classic script needs a module id: pass { moduleId } or a filename.");
    default: {
      const check: never = options.kind;
      return check;
    }
  }
}
