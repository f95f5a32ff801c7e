import { createRequire } from "node:module";
import { isJsx, isTypeScript, type CompileRequest, type Compiler } from "./compile.js";

const require = createRequire(import.meta.url);

interface SwcFastPath {
  transformSync(
    code: string,
    options: { filename: string; swcOptions: Record<string, unknown>; autoreload: { moduleId: string; runtimeImport: false } },
  ): { code: string };
}

/**
 * SWC through `swc-plugin-autoreload`'s fast path: SWC strips types and JSX, the plugin edits the
 * printed text (no AST crosses into JavaScript), and a second SWC pass converts ESM syntax to
 * CommonJS when the file is loaded by `require()`. Loaded by package name so the runtime and the
 * plugin build independently.
 */
export function createSwcCompiler(): Compiler {
  const plugin = require("swc-plugin-autoreload") as SwcFastPath;
  return {
    name: "swc",
    compile({ filename, source, format, moduleId }: CompileRequest): string {
      const parser = isTypeScript(filename)
        ? { syntax: "typescript", tsx: filename.endsWith(".tsx"), decorators: true }
        : { syntax: "ecmascript", jsx: isJsx(filename), decorators: true, importAttributes: true };
      const swcOptions: Record<string, unknown> = {
        filename,
        sourceMaps: "inline",
        isModule: format === "module" ? true : "unknown",
        swcrc: false,
        configFile: false,
        jsc: {
          parser,
          target: "es2022",
          keepClassNames: true,
          transform: { react: { runtime: "automatic" }, useDefineForClassFields: true },
        },
      };
      if (format === "commonjs") swcOptions.module = { type: "commonjs", ignoreDynamic: true };
      return plugin.transformSync(source, { filename, swcOptions, autoreload: { moduleId, runtimeImport: false } }).code;
    },
  };
}
