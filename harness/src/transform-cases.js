// The shared transform case list (harness/transform-cases/): one small input file per syntax
// form, run through both plugins' tests (see its README for what each file checks).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const casesDir = fileURLToPath(new URL("../transform-cases/", import.meta.url));

/** Every case file, with its plugin options (`// @options {…}`) and syntax flags (`// @syntax a, b`). */
export const cases = readdirSync(casesDir)
  .filter((name) => /\.(?:[cm]?js|[cm]?ts|tsx|jsx)$/.test(name))
  .sort()
  .map((name) => {
    const code = readFileSync(casesDir + name, "utf8");
    const options = /^\/\/ @options (\{.*\})$/m.exec(code);
    const syntax = /^\/\/ @syntax (.*)$/m.exec(code);
    return {
      name,
      filename: casesDir + name,
      code,
      options: options ? JSON.parse(options[1]) : {},
      syntax: syntax ? syntax[1].split(",").map((s) => s.trim()) : [],
    };
  });
