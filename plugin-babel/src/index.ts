/**
 * babel-plugin-autoreload: wraps top-level functions and classes in stable cells so that edits
 * reload in place (docs/abi.md is the catalogue of what it emits).
 *
 *   // babel.config.json
 *   { "plugins": [["autoreload", { "runtimeImport": false }]] }
 *
 * It works at `Program` enter, before the TypeScript, JSX and CommonJS transforms of the same
 * pass, so it sees (and leaves intact) TypeScript syntax. With option `patch` (default) it reports
 * the module's statement facts as `result.metadata.autoreload = { facts }` (a `ModuleFacts`);
 * `describeProgram` (describe.ts) gives the same facts for a parsed source without compiling it.
 */
import type { PluginObj, PluginPass } from "@babel/core";
import { declare } from "@babel/helper-plugin-utils";
import { instrumentProgram } from "./instrument.js";
import { type Options, resolveOptions } from "./options.js";

export type { Options } from "./options.js";
export { describeProgram, type DescribeBabel, type DescribeOptions } from "./describe.js";

const plugin: (api: object, options: Options, dirname: string) => PluginObj<PluginPass> = declare<Options, PluginPass>((api, rawOptions) => {
  api.assertVersion(7);
  const options = resolveOptions(rawOptions);
  return {
    name: "autoreload",
    visitor: {
      Program(program, state) {
        const facts = instrumentProgram(api.types, program, options, state.filename, state.file.code);
        // ABI 4: the compile's statement facts, for the caller (`result.metadata.autoreload.facts`).
        if (facts) (state.file.metadata as unknown as Record<string, unknown>).autoreload = { facts };
      },
    },
  };
});

export default plugin;
