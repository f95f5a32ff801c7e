/** Compiles one file for the `swc` command and writes the output (and its source map). */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { transformSync } from "./transform.js";
import { swcTransform, swcTransformWithPlugin, type SwcOptions } from "./swc-adapter.js";
import type { LoadedPlugin } from "./cli-plugins.js";
import type { SourceFile } from "./cli-files.js";
import { outputName } from "./cli-files.js";
import type { SourceMapsFlag } from "./cli-args.js";
import { CliError } from "./cli-error.js";

export interface Compiled {
  readonly code: string;
  readonly map: string | undefined;
}

export function compileText(code: string, filename: string, swcOptions: SwcOptions, plugins: readonly LoadedPlugin[], mapDir: string | undefined): Compiled {
  const wantMap = swcOptions.sourceMaps !== undefined && swcOptions.sourceMaps !== false;
  const options: SwcOptions = { ...swcOptions, filename, sourceMaps: wantMap, swcrc: false, configFile: false };
  if (wantMap && mapDir !== undefined) options.sourceFileName = relative(mapDir, filename).split("\\").join("/");
  try {
    if (plugins.length === 1 && plugins[0]!.isAutoreload) {
      return transformSync(code, { filename, swcOptions: options });
    }
    if (plugins.length === 0) return swcTransform(code, options);
    const chain = (program: Parameters<LoadedPlugin["plugin"]>[0]) => plugins.reduce((p, x) => x.plugin(p), program);
    return swcTransformWithPlugin(code, options, chain);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(`failed to compile ${filename}`, why.trim().split("\n").join("\n  "), 1);
  }
}

/** Adds the source-map comment or data URL; returns the text to write and the map file content. */
export function withSourceMap(
  code: string,
  map: string | undefined,
  mode: SourceMapsFlag | undefined,
  outPath: string | undefined,
): { code: string; mapFile: string | undefined } {
  if (map === undefined || mode === undefined || mode === false) return { code, mapFile: undefined };
  let out = code.endsWith("\n") ? code : code + "\n";
  const inline = `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map).toString("base64")}\n`;
  if (mode === "inline" || outPath === undefined) return { code: out + inline, mapFile: undefined };
  if (mode === "both") out += inline;
  else out += `//# sourceMappingURL=${basename(outPath)}.map\n`;
  return { code: out, mapFile: map };
}

export function writeOutput(path: string, code: string, mapFile: string | undefined): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
  if (mapFile !== undefined) writeFileSync(path + ".map", mapFile);
}

export function compileToDir(
  file: SourceFile,
  outDir: string,
  swcOptions: SwcOptions,
  plugins: readonly LoadedPlugin[],
  mode: SourceMapsFlag | undefined,
): string {
  if (!file.compile) {
    const dest = join(outDir, file.relative);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(file.path, dest);
    return dest;
  }
  const dest = join(outDir, outputName(file.relative));
  const result = compileText(readFileSync(file.path, "utf8"), file.path, swcOptions, plugins, dirname(dest));
  const { code, mapFile } = withSourceMap(result.code, result.map, mode, dest);
  writeOutput(dest, code, mapFile);
  return dest;
}
