// Turns an instrumented ES module (the compiler's output, inline source map) into a reload
// generation the runtime evaluates itself (docs/esm.md, "How a generation is evaluated"):
//
//   module.exports = { run: async function (exports, require, __ar$meta, __ar$enter, module, __filename, __dirname) {"use strict";
//     …the module, with imports as live member accesses on its dependencies' namespaces…
//   }, deps: [["./b.js", undefined], …], load: (s, a) => import(…) };
//
// - imports/exports: Babel's modules-commonjs with `importInterop: "none"`: `import { b } from
//   "./b"` becomes `_b.b` (a live read of the dependency's namespace), exports become writes to
//   the `exports` object the reloader passes in;
// - `require(spec)` inside returns the namespace the reloader loaded with `load(spec)` (a real
//   `import()` resolved relative to the file), before the generation runs;
// - `import.meta` → `__ar$meta`; `globalThis.__autoreload.enter` → `__ar$enter` (the reloader's);
// - top-level await works: the body is an async function;
// - `import()` stays native: code compiled with a file URL as its file name resolves relative to it.
// The wrapper text goes on the first line (after the `"use strict"` Babel emits there) and after
// the last one, so the chained source map stays exact.
import babel from "@babel/core";
import { createRequire } from "node:module";
import { GLOBAL_NAME, RUNTIME_ENTER } from "../abi.js";

const require = createRequire(import.meta.url);

/** Empties `@babel/traverse`'s path and scope caches (they only save work within a transform). */
export function clearTraverseCache(): void {
  (babel.traverse as unknown as { cache?: { clear?: () => void } }).cache?.clear?.();
}
const modulesCommonJS = require("@babel/plugin-transform-modules-commonjs") as babel.PluginItem;

export const META_NAME = "__ar$meta";
export const ENTER_NAME = "__ar$enter";

/** A static dependency of the module: specifier and import attributes (`with { type: "json" }`). */
export type Dependency = readonly [specifier: string, attributes: Record<string, string> | undefined];

export interface FunctionModule {
  readonly code: string;
  readonly deps: readonly Dependency[];
}

interface PluginState {
  file: { metadata: Record<string, unknown> };
}

function attributesOf(node: { attributes?: Array<{ key: { type: string; name?: string; value?: string }; value: { value: string } }> | null }): Record<string, string> | undefined {
  const list = node.attributes;
  if (list === undefined || list === null || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const a of list) out[a.key.type === "Identifier" ? a.key.name ?? "" : a.key.value ?? ""] = a.value.value;
  return out;
}

/** Runs before modules-commonjs: collects dependencies, rewrites `import.meta` and `enter`. */
function prepare({ types: t }: typeof babel): babel.PluginObj<PluginState> {
  return {
    name: "autoreload-esm-generation",
    visitor: {
      Program(path, state) {
        path.node.interpreter = null;
        const deps: Dependency[] = [];
        const seen = new Set<string>();
        for (const statement of path.node.body) {
          if (statement.type !== "ImportDeclaration" && statement.type !== "ExportAllDeclaration" && statement.type !== "ExportNamedDeclaration") continue;
          const source = statement.source;
          if (source === null || source === undefined) continue;
          const attributes = attributesOf(statement as never);
          const key = `${source.value}\0${JSON.stringify(attributes ?? null)}`;
          if (!seen.has(key)) {
            seen.add(key);
            deps.push([source.value, attributes]);
          }
        }
        state.file.metadata.autoreloadDeps = deps;
        path.traverse({
          MetaProperty(p) {
            if (p.node.meta.name === "import" && p.node.property.name === "meta") p.replaceWith(t.identifier(META_NAME));
          },
          MemberExpression(p) {
            // globalThis.__autoreload.enter → __ar$enter
            const { object, property } = p.node;
            if (
              !p.node.computed && property.type === "Identifier" && property.name === RUNTIME_ENTER &&
              object.type === "MemberExpression" && !object.computed &&
              object.object.type === "Identifier" && object.object.name === "globalThis" &&
              object.property.type === "Identifier" && object.property.name === GLOBAL_NAME
            ) {
              p.replaceWith(t.identifier(ENTER_NAME));
            }
          },
        });
      },
    },
  };
}

const HEAD = `module.exports = { run: async function (exports, require, ${META_NAME}, ${ENTER_NAME}, module, __filename, __dirname) {`;
const TAIL = "\n}, load: (s, a) => a === undefined ? import(s) : import(s, { with: a }) };";

/** `code`: the compiler's ES module output for `filename`, with its inline source map. */
export function toFunctionModule(code: string, filename: string): FunctionModule {
  const result = babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: "module",
    inputSourceMap: true as never,
    sourceMaps: true,
    compact: false,
    comments: true,
    parserOpts: { plugins: ["importAttributes"] },
    plugins: [prepare, [modulesCommonJS, { importInterop: "none", strict: false, strictMode: true, allowTopLevelThis: false }]],
  });
  // Babel keeps NodePaths and scopes in WeakMaps keyed by AST nodes. Their entries die with the
  // ASTs, but the tables keep growing over many transforms of a long-running process (measured:
  // ~8 KB per reload of a 5 KB module); a fresh cache per reload keeps the heap flat.
  clearTraverseCache();
  if (result?.code == null) throw new Error(`[autoreload] Babel produced no output for ${filename}`);
  const deps = (result.metadata as { autoreloadDeps?: Dependency[] } | undefined)?.autoreloadDeps ?? [];
  const map = result.map === null || result.map === undefined ? "" : `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(result.map)).toString("base64")}`;
  return { code: `${HEAD}${result.code}${TAIL}${map}\n`, deps };
}
