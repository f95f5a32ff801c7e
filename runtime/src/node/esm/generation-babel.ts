// The Babel route to a reload generation (the fallback where SWC does not take the code):
// modules-commonjs in a factory that reaches its dependencies with `require(specifier)`.
import babel from "@babel/core";
import { createRequire } from "node:module";
import { GLOBAL_NAME, RUNTIME_ENTER } from "@autoreload/abi";
import { ENTER_NAME, HEAD, META_NAME, TAIL, inlineMap, type Dependency, type FunctionModule } from "./generation.js";

const require = createRequire(import.meta.url);

/** Empties `@babel/traverse`'s path and scope caches (they only save work within a transform). */
export function clearTraverseCache(): void {
  (babel.traverse as unknown as { cache?: { clear?: () => void } }).cache?.clear?.();
}
let modulesCommonJS: babel.PluginItem | undefined;

interface PluginState {
  file: { metadata: Record<string, unknown> };
}

function babelAttributesOf(node: {
  attributes?: Array<{ key: { type: string; name?: string; value?: string }; value: { value: string } }> | null;
}): Record<string, string> | undefined {
  const list = node.attributes;
  if (list === undefined || list === null || list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const a of list) out[a.key.type === "Identifier" ? (a.key.name ?? "") : (a.key.value ?? "")] = a.value.value;
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
          const attributes = babelAttributesOf(statement as never);
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
              !p.node.computed &&
              property.type === "Identifier" &&
              property.name === RUNTIME_ENTER &&
              object.type === "MemberExpression" &&
              !object.computed &&
              object.object.type === "Identifier" &&
              object.object.name === "globalThis" &&
              object.property.type === "Identifier" &&
              object.property.name === GLOBAL_NAME
            ) {
              p.replaceWith(t.identifier(ENTER_NAME));
            }
          },
        });
      },
    },
  };
}

export function viaBabel(code: string, filename: string): FunctionModule {
  modulesCommonJS ??= require("@babel/plugin-transform-modules-commonjs") as babel.PluginItem;
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
  const attributes = new Map<string, Record<string, string>>();
  for (const [specifier, a] of deps) if (a !== undefined) attributes.set(specifier, a);
  // The head goes on Babel's first line (its "use strict"): no line moves. The body reaches its
  // dependencies with `require(specifier)`.
  const define = `define(${JSON.stringify(["require", "exports", ...new Set(deps.map((d) => d[0]))])}, async function (require, exports) {`;
  const map = result.map === null || result.map === undefined ? "" : inlineMap(result.map);
  return { code: `${HEAD}${define}${result.code}\n});${TAIL}${map}\n`, attributes, via: "babel" };
}
