// Running the plugin twice changes nothing the second time (docs/abi.md); the `"autoreload"`
// shorthand resolves through Babel's config; options are checked with errors that say what to do.
import test from "ava";
import { transformSync } from "@babel/core";
import plugin from "../dist/index.js";
import { cases, transform } from "./helpers/cases.js";

function again(c, code, plugins) {
  return transformSync(code, {
    filename: c.filename,
    babelrc: false,
    configFile: false,
    sourceType: /\.m[jt]s$/.test(c.name) ? "module" : c.options.script ? "script" : "unambiguous",
    parserOpts: { plugins: c.syntax },
    plugins,
  }).code;
}

for (const c of cases) {
  test(`twice equals once: ${c.name}`, (t) => {
    const once = transform(c);
    const twice = again(c, once, [[plugin, c.options]]);
    t.is(twice, again(c, once, []));
  });
}

test('plugins: ["autoreload"] resolves to babel-plugin-autoreload', (t) => {
  for (const c of cases) {
    const shorthand = transform(c, { withPlugin: false, extraPlugins: [["autoreload", c.options]] });
    t.is(shorthand, transform(c), c.name);
  }
});

test("the visitor running twice on the same program instruments it once", (t) => {
  const code = "function f() { return 1; }\nmodule.exports = f;";
  const twiceInOnePass = (api) => {
    const inner = plugin(api, {}, "/");
    return {
      visitor: {
        Program(path, state) {
          inner.visitor.Program(path, state);
          inner.visitor.Program(path, state);
        },
      },
    };
  };
  const out = transformSync(code, { filename: "/virtual/twice.js", babelrc: false, configFile: false, plugins: [twiceInOnePass] }).code;
  t.is(out.match(/function _ar\$G\(\)/g)?.length, 1);
  t.is(out.match(/_ar\$G\.\$0 !== undefined/g)?.length, 1);
});

const code = "export function f() {}";
const run = (options, src = code, filename = "/virtual/x.mjs") =>
  transformSync(src, { filename, babelrc: false, configFile: false, plugins: [[plugin, options]] }).code;

test("options: unknown names and wrong types are refused with the way out", (t) => {
  t.throws(() => run({ moduleID: "x" }), { message: /unknown option "moduleID"\. Known options: moduleId, runtimeImport, script/ });
  t.throws(() => run({ moduleId: 1 }), { message: /"moduleId" must be a non-empty string/ });
  t.throws(() => run({ moduleId: "" }), { message: /"moduleId" must be a non-empty string/ });
  t.throws(() => run({ runtimeImport: true }), { message: /"runtimeImport" must be a module specifier string or false/ });
  t.throws(() => run({ script: "yes" }), { message: /"script" must be true or false/ });
});

test("options: script mode refuses modules and needs an id", (t) => {
  t.throws(() => run({ script: true }), { message: /option `script: true` was given, but this file has import\/export/ });
  t.throws(() => transformSync("function f() {}", { babelrc: false, configFile: false, sourceType: "script", plugins: [[plugin, { script: true }]] }), {
    message: /needs a module id: pass \{ moduleId \}/,
  });
  const out = transformSync("function f() {}", {
    filename: "/app/s.js",
    babelrc: false,
    configFile: false,
    sourceType: "script",
    plugins: [[plugin, { script: true }]],
  }).code;
  // ABI 4: the evaluator's parameter is local to it, so it needs no suffix in scripts.
  t.regex(out, /globalThis\.__autoreload\.enter\("file:\/\/\/app\/s\.js", _ar\$G_[0-9a-f]{8}, 4, _ar\$c => eval\(_ar\$c\), "\{/);
});

test("options: runtimeImport names the install module; moduleId replaces the default id", (t) => {
  t.regex(run({ runtimeImport: "./install.js" }), /^import "\.\/install\.js";/);
  t.notRegex(run({ runtimeImport: false }), /import "/);
  t.regex(run({ moduleId: "m:1" }), /enter\("m:1", _ar\$G, 4, _ar\$c => eval\(_ar\$c\), "\{/);
  t.regex(run({ moduleId: "m:1", patch: false }), /enter\("m:1", _ar\$G, 4\);/, "patch: false: no evaluator, no facts");
  t.regex(run({}, "function f() {}", "/virtual/x.cjs"), /^require\("autoreload\/install"\);/);
  // .mjs without import/export is still an ES module
  t.regex(run({}, "function f() {}", "/virtual/x.mjs"), /^import "autoreload\/install";[\s\S]*enter\(import\.meta\.url/);
});

test("a file whose own bindings use _ar$m is left as written", (t) => {
  const src = "const _ar$m = 1;\nfunction f() {}";
  t.is(run({}, src, "/virtual/x.cjs"), src);
});
