// Bundles the platform-neutral core into one dependency-free script: runtime/dist/core.global.js.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  entryPoints: [`${root}src/core/global-entry.ts`],
  outfile: `${root}dist/core.global.js`,
  bundle: true,
  format: "iife",
  platform: "neutral",
  target: "es2022",
  legalComments: "none",
  banner: { js: "/* autoreload core runtime: installs globalThis.__autoreload (see docs/abi.md) */" },
  logLevel: "warning",
});
