// Inline cells (docs/abi.md, "Cells"): functions a top-level statement reaches through expressions
// only get the forwarding check on a slot of their own and no registration. Before any reload the
// module behaves as SWC alone compiles it; writing a cell's slot (what a patch does, with a
// function the module's evaluator made in the live module scope) makes the function objects that
// are already held — a listener in an emitter, an object's getter, an async arrow, a generator
// method — run the new body, with their `this`, `arguments` and `new.target`.
import test from "ava";
import swc from "@swc/core";
import { createRuntime } from "autoreload/core";
import { vmRealm } from "@autoreload/harness/reload-realm";
import { transformWith } from "../dist/transform.js";

const source = `let hits = 0;
const listeners = [];
export const bus = { on(name, fn) { listeners.push(fn); return this; }, emit(n) { for (const fn of listeners) fn(n); return hits; } };
bus.on("req", (n) => { hits += n; });
export const api = {
  get() { return ["get", this === api, arguments.length]; },
  get label() { return "L1:" + hits; },
  set label(v) { hits += v; },
  async *items() { yield 1; yield 2; },
  fetch: async (x) => x * 2,
};
function wrap(f) { return f; }
export const h = wrap(function inner(a, b) { return [this === undefined ? "none" : this.tag, a, b, arguments.length, new.target !== undefined]; });
export const later = new Promise((resolve) => { resolve("p1"); });
export function hitsNow() { return hits; }
`;

const typed = source
  .replace("let hits = 0;", "let hits: number = 0;")
  .replace("const listeners = [];", "const listeners: Array<(n: number) => void> = [];")
  .replace('bus.on("req", (n) => {', 'bus.on("req", (n: number): void => {')
  .replace("fetch: async (x) =>", "fetch: async (x: number): Promise<number> =>");

/** Evaluated in the realm: what the module's functions do, through the objects it exported. */
const PROBE = `async (m) => {
  const out = [];
  out.push(m.bus.emit(1));
  out.push(m.api.get(1, 2));
  out.push(m.api.label);
  m.api.label = 10;
  out.push(m.hitsNow());
  const items = [];
  for await (const x of m.api.items()) items.push(x);
  out.push(items);
  out.push(await m.api.fetch(3));
  out.push(m.h.call({ tag: "T" }, 1, 2, 3));
  out.push(m.h(4));
  out.push(new m.h(5)[4]);
  out.push(await m.later);
  out.push([m.h.name, m.h.length, m.api.fetch.length, m.api.fetch.name, Object.keys(m.api), typeof Object.getOwnPropertyDescriptor(m.api, "label").get]);
  return JSON.parse(JSON.stringify(out));
}`;

const swcOptions = (filename, module) => ({
  filename,
  swcrc: false,
  configFile: false,
  isModule: "unknown",
  jsc: { parser: /\.ts$/.test(filename) ? { syntax: "typescript" } : { syntax: "ecmascript" }, target: "es2022" },
  ...(module ? { module: { type: "commonjs" } } : {}),
});

/** A realm whose runtime records what each module passed to `enter` (its token, evaluator, facts). */
function realm() {
  const runtime = createRuntime();
  const entered = new Map();
  const recording = {
    abi: runtime.abi,
    record: runtime.record,
    enter(id, token, abi, evaluate, facts) {
      entered.set(id, { token, evaluate, facts: JSON.parse(facts) });
      return runtime.enter(id, token, abi, evaluate, facts);
    },
  };
  return { ...vmRealm(recording), entered };
}

const routes = {
  "ES module → CommonJS, direct route": { code: source, filename: "/app/lib.js", route: "direct" },
  "ES module → CommonJS, two passes": { code: source, filename: "/app/lib.js", route: "two-pass" },
  "TypeScript → CommonJS": { code: typed, filename: "/app/lib.ts", route: "auto" },
};

for (const [name, { code, filename, route }] of Object.entries(routes)) {
  test(`inline cells behave as the original, then run the body written to their slot: ${name}`, async (t) => {
    const compiled = transformWith(
      code,
      { filename, swcOptions: swcOptions(filename, true), autoreload: { moduleId: filename, runtimeImport: false } },
      route,
    ).code;
    // each construct is instrumented in place, without a registration
    const flat = compiled
      .replace(/\s+/g, " ")
      .replace(/\s*=>\s*/g, " => ")
      .replace(/ \(\)/g, "()")
      .replace(/\[ /g, "[")
      .replace(/ \]/g, "]");
    const check = String.raw`if \(_ar\$G\.\$\d+ !== undefined\) return`;
    t.regex(flat, new RegExp(String.raw`\(n, \.\.\._ar\$r\) => \{ ${check} Reflect\.apply\(_ar\$G\.\$\d+, undefined, \[n, \.\.\._ar\$r\]\);`));
    t.regex(
      flat,
      new RegExp(String.raw`get label\(\) \{ ${check} Reflect\.apply\(_ar\$G\.\$\d+, this, arguments\);`),
      "methods cannot be new-ed: no new.target test",
    );
    t.regex(flat, new RegExp(String.raw`async \*items\(\) \{ ${check} yield\* Reflect\.apply`));
    t.regex(flat, new RegExp(String.raw`function inner\(a, b\) \{ ${check} new\.target === undefined`));
    t.regex(flat, /\(resolve, \.\.\._ar\$r\) => /);
    t.false(/_ar\$m\.fn\("(?:api|h|bus)"/.test(compiled), "values holding inline cells are not registered");

    // before any reload: what SWC alone gives
    const plain = swc.transformSync(code, swcOptions(filename, true)).code;
    const original = vmRealm(createRuntime());
    const expected = await original.run(PROBE)(original.load(filename, plain));
    const r = realm();
    const m = r.load(filename, compiled);
    t.deepEqual(await r.run(PROBE)(m), expected);

    // a patch: new implementations evaluated in the live module scope, written to the slots
    const { token, evaluate, facts } = r.entered.get(filename);
    const slotOf = (prefix) => {
      for (const s of facts.statements) for (const c of s.cells) if (code.slice(c.span[0], c.span[1]).startsWith(prefix)) return c.slot;
      throw new Error(`no cell ${prefix}`);
    };
    const patch = (prefix, text) => {
      token[`$${slotOf(prefix)}`] = evaluate(text);
    };
    patch("(n", "(n) => { hits += n * 100; }");
    patch("get()", "(function () { return ['get2', this === api, arguments.length]; })");
    patch("get label", "(function () { return 'L2:' + hits; })");
    patch("set label", "(function (v) { hits -= v; })");
    patch("async *items", "(async function* () { yield 'a'; yield hits; })");
    patch("async (x", "async (x) => x * 3");
    patch(
      "function inner",
      "(function inner(a, b) { return ['new:' + (this === undefined ? 'none' : this.tag), a, b, arguments.length, new.target !== undefined]; })",
    );
    const before = evaluate("hits");
    const after = await r.run(PROBE)(m);
    t.deepEqual(after.slice(0, 10), [
      before + 100,
      ["get2", true, 2],
      `L2:${before + 100}`,
      before + 100 - 10,
      ["a", before + 90],
      9,
      ["new:T", 1, 2, 3, false],
      ["new:undefined", 4, null, 1, false], // called as a method of the exports object
      true,
      "p1",
    ]);
    t.deepEqual(after[10], expected[10], "name, length and keys stay those of the first generation");
  });
}

test("the evaluator sees and writes the module's `let` state (CommonJS output)", (t) => {
  const filename = "/app/state.js";
  const compiled = transformWith(
    "let count = 1;\nexport function get() { return count; }\nexport function reset() { count = 0; }\n",
    { filename, swcOptions: swcOptions(filename, true), autoreload: { moduleId: filename, runtimeImport: false } },
    "direct",
  ).code;
  const r = realm();
  const m = r.load(filename, compiled);
  const { evaluate } = r.entered.get(filename);
  t.is(evaluate("count"), 1);
  evaluate("count = 41; count++;");
  t.is(m.get(), 42);
  t.is(evaluate("get()"), 42, "and its functions");
  t.is(evaluate("let local = 1; local"), 1);
  t.is(evaluate("typeof local"), "undefined", "its own declarations stay local to the call");
});

test("the evaluator sees and writes the module's `let` state (ES module output)", async (t) => {
  const filename = "/app/state.mjs";
  const compiled = transformWith(
    "let count = 1;\nexport function get() { return count; }\nexport const api = { twice() { return count * 2; }, reset() { count = 0; } };\n",
    { filename, swcOptions: swcOptions(filename, false), autoreload: { moduleId: "state.mjs", runtimeImport: false } },
    "auto",
  ).code;
  t.true(compiled.startsWith('function _ar$G() {}\nconst _ar$m = globalThis.__autoreload.enter("state.mjs", _ar$G, 4, (_ar$c) => eval(_ar$c), "'));
  const runtime = createRuntime();
  let entered;
  globalThis.__autoreload = {
    ...runtime,
    enter: (id, token, abi, evaluate, facts) => {
      entered = { token, evaluate, facts };
      return runtime.enter(id, token, abi, evaluate, facts);
    },
  };
  try {
    const m = await import(`data:text/javascript,${encodeURIComponent(compiled)}`);
    t.is(entered.evaluate("count"), 1);
    entered.evaluate("count = 20;");
    t.is(m.get(), 20);
    t.is(m.api.twice(), 40);
    const slot = JSON.parse(entered.facts).statements.find((s) => s.declares[0] === "api").cells[0].slot;
    entered.token[`$${slot}`] = entered.evaluate("(function () { return count * 3; })");
    t.is(m.api.twice(), 60, "the held method runs the body the evaluator made");
  } finally {
    delete globalThis.__autoreload;
  }
});

test("a top-level let the module never assigns is emitted as const (its facts say frozen); others stay let", (t) => {
  const code = [
    "let fixed = 1, also = [fixed];",
    "let counted = 0;",
    "let viaBlock = 0;",
    "let noInit;",
    "export let exported = 1;",
    "let listed = 2;",
    "export { listed };",
    "export function bump() { counted++; { viaBlock += 1; } return fixed + also.length + listed + exported + (noInit ?? 0); }",
  ].join("\n");
  const filename = "/app/freeze.mjs";
  const out = transformWith(code, { filename, swcOptions: swcOptions(filename, false), autoreload: { moduleId: filename, runtimeImport: false } }, "auto");
  t.true(out.code.includes("const fixed = 1, also = ["));
  for (const name of ["counted", "viaBlock", "noInit", "exported", "listed"]) t.regex(out.code, new RegExp(`\\blet ${name}\\b`), name);
  const frozen = out.facts.statements.filter((s) => s.frozen).map((s) => s.declares);
  t.deepEqual(frozen, [["fixed", "also"]]);
  t.true(out.facts.statements.every((s) => s.kind !== "let" || s.frozen === true || !s.declares.includes("fixed")));
  // not with patch: false, not in a module that uses eval or with, not a file with nothing else to do
  t.true(transformWith(code, { filename, swcOptions: swcOptions(filename, false), autoreload: { patch: false } }, "auto").code.includes("let fixed = 1"));
  t.true(
    transformWith(`${code}\nexport const e = (s) => eval(s);`, { filename, swcOptions: swcOptions(filename, false), autoreload: {} }, "auto").code.includes(
      "let fixed = 1",
    ),
  );
  t.is(
    transformWith("let a = 1;\nconsole.log(a);", { filename: "/app/plain.js", swcOptions: swcOptions("/app/plain.js", false), autoreload: {} }, "auto").facts,
    undefined,
  );
});
