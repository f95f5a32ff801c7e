// Instruments one file with a plugin directly (no runtime loader): Babel with
// babel-plugin-autoreload, or swc-plugin-autoreload's fast path. The install import points at this
// checkout's runtime, so the copy runs from any temp directory.
import { createRequire } from "node:module";
import { join } from "node:path";
import { repoRoot } from "../src/index.js";

const require = createRequire(join(repoRoot, "runtime", "package.json"));
export const installPath = join(repoRoot, "runtime", "dist", "install.js");

/** Which plugins can instrument here: { babel: true, swc: true | "reason it cannot" }. */
export async function availablePlugins() {
  const out = { babel: true, swc: true };
  try {
    const swc = await import("swc-plugin-autoreload");
    if (typeof swc.transformSync !== "function") out.swc = "swc-plugin-autoreload has no transformSync (fast path) export yet";
  } catch (error) {
    out.swc = `swc-plugin-autoreload cannot be loaded: ${String(error.message).split("\n")[0]}`;
  }
  return out;
}

let babelParts;
function babelTools() {
  babelParts ??= {
    babel: require("@babel/core"),
    plugin: require("babel-plugin-autoreload").default,
    presetTypeScript: require("@babel/preset-typescript"),
  };
  return babelParts;
}

/**
 * @param {"babel"|"swc"} compiler
 * @param {{ code: string, filename: string, moduleId: string, typescript?: boolean }} input
 * @returns {Promise<string>} instrumented code (TypeScript stripped when `typescript`)
 */
export async function instrument(compiler, { code, filename, moduleId, typescript = false }) {
  const options = { moduleId, runtimeImport: installPath };
  if (compiler === "babel") {
    const { babel, plugin, presetTypeScript } = babelTools();
    const result = babel.transformSync(code, {
      filename,
      babelrc: false,
      configFile: false,
      sourceType: "unambiguous",
      presets: typescript ? [[presetTypeScript, { allowDeclareFields: true, onlyRemoveTypeImports: false }]] : [],
      plugins: [[plugin, options]],
      sourceMaps: "inline",
      compact: false,
    });
    return result.code;
  }
  const swc = await import("swc-plugin-autoreload");
  const result = swc.transformSync(code, {
    filename,
    swcOptions: {
      filename,
      sourceMaps: "inline",
      isModule: "unknown",
      jsc: {
        target: "es2022",
        parser: typescript ? { syntax: "typescript", decorators: true } : { syntax: "ecmascript" },
        transform: typescript ? { verbatimModuleSyntax: false } : {},
      },
    },
    autoreload: options,
  });
  return result.code;
}
