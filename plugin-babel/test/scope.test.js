// The plugin edits nodes directly and updates Babel's scope information by hand instead of
// crawling the whole program again (src/edit.ts). The transforms after it rely on that
// information, so after the pass it must be what a crawl of the output finds: the same bindings
// (kind, declaring node), the same references and assignments, for every scope.
import test from "ava";
import { transformSync, types as t } from "@babel/core";
import plugin from "../dist/index.js";
import { cases } from "./helpers/cases.js";

/** Every scope's bindings, as nodes (paths are set up lazily; what they point at is what counts). */
function summarize(program) {
  const live = new Set([program.node]);
  t.traverseFast(program.node, (node) => live.add(node));
  // A path is in use when its node is in the tree, where the path says it is.
  const inTree = (path) => live.has(path.node) && live.has(path.parent) && path.container?.[path.key] === path.node;
  const scopes = [program.scope];
  program.traverse({
    Scopable(path) {
      if (!scopes.includes(path.scope)) scopes.push(path.scope);
    },
  });
  const out = new Map();
  for (const scope of scopes) {
    const bindings = {};
    for (const [name, binding] of Object.entries(scope.bindings)) {
      if (binding.scope !== scope) {
        bindings[name] = "(a class declaration's own name)";
        continue;
      }
      const stale = binding.referencePaths.filter((p) => !inTree(p)).length;
      bindings[name] = {
        kind: binding.kind,
        declaredBy: binding.path.node.type,
        sameNode: binding.path.node,
        identifier: binding.identifier,
        references: new Set(binding.referencePaths.filter(inTree).map((p) => p.node)),
        violations: new Set(binding.constantViolations.filter(inTree).map((p) => p.node)),
        stale,
      };
    }
    out.set(scope.block, { type: scope.block.type, bindings, globals: Object.keys(scope.globals) });
  }
  return out;
}

function differences(mine, crawled) {
  const found = [];
  const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  for (const [block, after] of crawled) {
    const before = mine.get(block);
    if (!before) {
      found.push(`${after.type}: scope not known before the crawl`);
      continue;
    }
    for (const [name, a] of Object.entries(after.bindings)) {
      const b = before.bindings[name];
      if (!b) found.push(`${after.type}: no binding ${name}`);
      else if (typeof a === "string" || typeof b === "string") {
        if (a !== b) found.push(`${after.type}: ${name}: ${typeof b === "string" ? b : "own binding"}, crawl: ${typeof a === "string" ? a : "own binding"}`);
      } else {
        if (a.kind !== b.kind) found.push(`${after.type}: ${name} is ${b.kind}, crawl: ${a.kind}`);
        if (a.sameNode !== b.sameNode) found.push(`${after.type}: ${name} declared by a ${b.declaredBy}, crawl: ${a.declaredBy}`);
        if (a.identifier !== b.identifier) found.push(`${after.type}: ${name}: another identifier`);
        if (!sameSet(a.references, b.references)) found.push(`${after.type}: ${name}: ${b.references.size} references, crawl: ${a.references.size}`);
        if (!sameSet(a.violations, b.violations)) found.push(`${after.type}: ${name}: ${b.violations.size} assignments, crawl: ${a.violations.size}`);
        if (b.stale > 0) found.push(`${after.type}: ${name}: ${b.stale} references no longer in the tree`);
      }
    }
    for (const name of Object.keys(before.bindings)) if (!(name in after.bindings)) found.push(`${after.type}: extra binding ${name}`);
    // Names the plugin removed may stay listed as globals (`module` of `module.hot`): a superset is fine.
    for (const name of after.globals) if (!before.globals.includes(name)) found.push(`${after.type}: global ${name} not known`);
  }
  return found;
}

function check(code, { filename, syntax = [], options = {}, sourceType = "unambiguous" }) {
  let found;
  const compare = () => ({
    visitor: {
      Program: {
        exit(program) {
          const mine = summarize(program);
          program.scope.crawl();
          found = differences(mine, summarize(program));
        },
      },
    },
  });
  transformSync(code, { filename, babelrc: false, configFile: false, sourceType, parserOpts: { plugins: syntax }, plugins: [[plugin, options], compare] });
  return found;
}

const syntaxOf = (c) => [...c.syntax, ...(/\.[cm]?tsx?$/.test(c.name) ? ["typescript"] : []), ...(/\.[jt]sx$/.test(c.name) ? ["jsx"] : [])];
const sourceTypeOf = (c) => (c.options.script ? "script" : /\.m[jt]s$/.test(c.name) ? "module" : /\.c[jt]s$/.test(c.name) ? "script" : "unambiguous");

for (const c of cases) {
  test(`${c.name}: Babel's scope after the plugin is what a crawl finds`, (t) => {
    t.deepEqual(check(c.code, { filename: c.filename, syntax: syntaxOf(c), options: c.options, sourceType: sourceTypeOf(c) }), []);
  });
}

test("every kind of site together, in an ES module", (t) => {
  const code = `
import { helper } from "./helper.js";
export const LIMIT = 10;
let counter = 0;
export function add(a, b = 1) { counter++; return helper(a) + b; }
export function* gen() { yield LIMIT; }
export const double = (x) => x * 2;
export const pick = ({ a }, b = 2) => a + b;
export const named = function inner(n) { return n ? inner(n - 1) : add(n); };
export class Base { x = counter; static made = 0; constructor() { Base.made++; } }
export class Derived extends Base { static self = Derived; y = () => this.x; m() { return new Derived(); } }
const Expr = class Own { static twin = Own; clone() { return new Own(); } };
export default class { run() { return import.meta.hot; } }
export { Expr };
`;
  t.deepEqual(check(code, { filename: "/virtual/all.mjs", sourceType: "module" }), []);
});

test("CommonJS exports and a moved anonymous default function", (t) => {
  const cjs = `
exports.f = function (a) { return a; };
module.exports.g = (x) => x + 1;
module.exports.C = class Named { static n = Named; };
if (module.hot) module.hot.accept();
`;
  t.deepEqual(check(cjs, { filename: "/virtual/all.cjs", sourceType: "script" }), []);
  const esm = "export default function () { return arguments.length; }\nexport const v = { a: 1 };\n";
  t.deepEqual(check(esm, { filename: "/virtual/default.mjs", sourceType: "module" }), []);
});

test("generated code that a later edit moves (a hot reference as a field initializer or an arrow body)", (t) => {
  const code = `
export class Panel { hot = import.meta.hot; self = Panel; static n = 0; }
export const getHot = () => import.meta.hot;
export const twice = (x) => Panel;
`;
  t.deepEqual(check(code, { filename: "/virtual/moved.mjs", sourceType: "module" }), []);
});

test("inline cells and the evaluator (ABI 4): listeners, methods, getters, hot handlers, a moved default export", (t) => {
  const code = `
import { bus } from "./bus.js";
let hits = 0;
bus.on("req", (n, ...more) => { hits += n + more.length; });
setTimeout(() => bus.emit(hits), 1).unref();
export const api = { get() { return hits; }, get label() { return "l" + hits; }, set label(v) { hits = v; }, async *items(n) { yield n; } };
export const h = wrap(function inner(a) { return inner.length + a + arguments.length; });
if (import.meta.hot) import.meta.hot.accept((next) => next.api.get());
export default { fetch(req) { return req + hits; } };
`;
  t.deepEqual(check(code, { filename: "/virtual/inline.mjs", sourceType: "module" }), []);
  const cjs = "module.exports = { handler(req) { return module.hot ? req : 0; }, other: async (a) => a };\nmodule.hot.accept(() => 1);\n";
  t.deepEqual(check(cjs, { filename: "/virtual/inline.cjs", sourceType: "script" }), []);
});

test("a TypeScript module: interfaces, typed functions, arrows, generic classes with parameter properties", (t) => {
  const code = `
import { readFileSync } from "node:fs";
import type { Stats } from "node:fs";
export interface Item { id: number; name: string; tags?: string[] }
export const LIMIT: number = 10;
export function compute(a: number, b: number = 2): number {
  const items: Item[] = [];
  for (let j = 0; j < a; j++) items.push({ id: j, name: "x" + j });
  return items.reduce((s, it) => s + it.id * b, 0);
}
export const format = (item: Item, prefix = ">"): string => \`\${prefix} \${item.name}#\${item.id}\`;
const double = (x: number) => x * 2;
export class Store<T extends { id: number }> {
  private items = new Map<number, T>();
  static created = 0;
  constructor(private readonly label: string) { Store.created++; }
  add(item: T): this { this.items.set(item.id, item); return this; }
  get size(): number { return this.items.size + double(0); }
  async load(path: string): Promise<T[]> { return JSON.parse(readFileSync(path, "utf8")) as T[]; }
  stat(s: Stats): Stats { return s; }
}
`;
  t.deepEqual(check(code, { filename: "/virtual/store.ts", syntax: ["typescript"], sourceType: "module", options: { runtimeImport: false } }), []);
});

test("a plugin before this one edited a class without telling Babel's scope: its own name is still found", (t) => {
  // Replaces `Counter.step` (a statement of a static block) with a copy: the reference Babel
  // recorded is no longer in the tree.
  const before = ({ types }) => ({
    visitor: {
      Program(program) {
        program.traverse({
          StaticBlock(block) {
            block.node.body = block.node.body.map((s) => types.cloneNode(s, true));
          },
        });
      },
    },
  });
  const code = "const Tree = class Node { static { Node.count = 0; } grow() { return new Node(); } };\nmodule.exports = Tree;\n";
  const out = transformSync(code, {
    filename: "/virtual/tree.js",
    babelrc: false,
    configFile: false,
    sourceType: "script",
    plugins: [before, [plugin, {}]],
  }).code;
  t.true(out.includes('_ar$m.self("Tree", this, 0).count = 0;'), out);
  t.true(out.includes("return new Tree();"), out);
  t.false(out.includes("Node.count") || out.includes("new Node"), out);
});
