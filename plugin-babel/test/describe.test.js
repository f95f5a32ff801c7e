// describeProgram (ABI 4): the facts of a source without compiling it — parsed with the compile's
// options, the plugin's read-only passes on the AST — must be exactly the facts the compile
// reports as `result.metadata.autoreload.facts`. (facts.test.js checks the same on every input it
// compiles.)
import test from "ava";
import babel from "@babel/core";
import { createRequire } from "node:module";
import plugin, { describeProgram } from "../dist/index.js";
import { babelOptions, cases } from "./helpers/cases.js";

const require = createRequire(import.meta.url);
const modulesCommonJS = require.resolve("@babel/plugin-transform-modules-commonjs");
const presetTypeScript = require.resolve("@babel/preset-typescript");

/** Parses with the options a compile gets, then describes: what the runtime's Babel compiler does. */
function describe(code, options, pluginOptions) {
  const ast = babel.parseSync(code, options);
  return describeProgram(babel, ast, code, { filename: options.filename, ...pluginOptions });
}

for (const c of cases) {
  const variants = {
    "as written": {},
    "CommonJS output": { extraPlugins: [modulesCommonJS] },
    "reload generation": { options: { reload: true } },
    "patch: false": { options: { patch: false } },
  };
  test(`describe: ${c.name} — the compile's facts without compiling`, (t) => {
    for (const [name, variant] of Object.entries(variants)) {
      const options = babelOptions(c, variant);
      const compiled = babel.transformSync(c.code, options).metadata.autoreload?.facts;
      t.deepEqual(describe(c.code, options, { ...c.options, ...variant.options }), compiled, name);
      if (name === "patch: false") t.is(compiled, undefined);
    }
  });
}

test("describe: the facts of a file the plugin instruments, and none for one it leaves as written", (t) => {
  const options = { filename: "/app/m.js", babelrc: false, configFile: false, sourceType: "unambiguous", plugins: [[plugin, { runtimeImport: false }]] };
  const facts = describe("let n = 0;\nexport function add(a) { return a + n; }\n", options, { runtimeImport: false });
  t.is(facts.statements.length, 2);
  t.deepEqual(
    facts.statements.map((s) => s.kind),
    ["let", "function"],
  );
  t.is(describe("const x = 1;\nconsole.log(x);\n", options, { runtimeImport: false }), undefined);
  t.is(describe("function _ar$G() {}\nfunction f() {}\n", options, { runtimeImport: false }), undefined, "already instrumented");
});

test("describe: a syntax error is Babel's parse error, as the compile throws it (message, code, loc)", (t) => {
  const options = {
    filename: "/app/bad.ts",
    babelrc: false,
    configFile: false,
    sourceType: "unambiguous",
    presets: [presetTypeScript],
    plugins: [[plugin, { runtimeImport: false }], modulesCommonJS],
  };
  const code = "export function f(a: number) {\n  return a +;\n}\n";
  const compiled = t.throws(() => babel.transformSync(code, options));
  const described = t.throws(() => describe(code, options, { runtimeImport: false }));
  t.is(described.constructor, compiled.constructor);
  t.is(described.message, compiled.message);
  t.is(described.code, compiled.code);
  t.is(described.code, "BABEL_PARSE_ERROR");
  t.deepEqual(described.loc, compiled.loc);
  t.like(described.loc, { line: 2, column: 12 });
});

test("describe: the plugin's own errors as the compile reports them (file name in front, BABEL_TRANSFORM_ERROR)", (t) => {
  const options = { filename: "/app/s.js", babelrc: false, configFile: false, sourceType: "unambiguous", plugins: [[plugin, { script: true }]] };
  const code = "export const x = 1;\n";
  const compiled = t.throws(() => babel.transformSync(code, options));
  const described = t.throws(() => describe(code, options, { script: true }));
  t.is(described.message, compiled.message);
  t.is(described.code, compiled.code);
  t.throws(() => describe(code, options, { bogus: 1 }), { message: /unknown option "bogus"/ });
});

test("describe: in a transform, the BabelFile route sees the program as the plugin would, after the plugins ahead of it", (t) => {
  // A project's config runs its own plugins before programmatic ones: one that edits the program at
  // its Program visit (as babel-plugin-module-resolver does) changes what the plugin meets.
  const resolver = () => ({
    visitor: {
      Program(path) {
        for (const s of path.node.body) if (s.type === "ImportDeclaration") s.source.value = s.source.value.replace(/^@\//, "./src/");
      },
    },
  });
  let described;
  const describer = () => ({
    visitor: {
      Program(path, state) {
        described = describeProgram(babel, state.file, state.file.code, { filename: state.filename, ...state.opts });
        path.stop();
      },
    },
  });
  const code = 'import { a } from "@/a";\nexport function f() { return a; }\n';
  const base = { filename: "/app/m.mjs", babelrc: false, configFile: false, sourceType: "module" };
  const compiled = babel.transformSync(code, { ...base, plugins: [resolver, [plugin, { runtimeImport: false }]] }).metadata.autoreload.facts;
  const result = babel.transformSync(code, { ...base, plugins: [resolver, [describer, { runtimeImport: false }]], code: false });
  t.is(result.code, null, "nothing generated");
  t.deepEqual(described, compiled);
  // Parsed alone, the import is the one written: another shape.
  const parsed = describe(code, { ...base, plugins: [[plugin, { runtimeImport: false }]] }, { runtimeImport: false });
  t.not(parsed.statements[0].shape, compiled.statements[0].shape);
  t.deepEqual(parsed.statements[1], compiled.statements[1]);
});
