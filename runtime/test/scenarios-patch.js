// Patch reload scenarios (docs/scenarios.md, P1–P14; P8 and P12 are runtime/test/frameworks.test.js): an edit evaluates only what changed, in the
// live module scope; module state, listeners and timers survive. Written in ESM syntax and run by
// e2e-cjs (native CommonJS and TypeScript → CommonJS, both compilers) and e2e-esm.
//
// `s.edit()` resolves with the `[autoreload] reloaded …` line, which says what kind of reload ran.

const waitTicks = (n) => `await new Promise((r) => { const c = () => (g.ticks.length >= ${n} ? r() : setTimeout(c, 2)); c(); });`;

/** @type {Array<{ id: string, title: string, files: Record<string,string>, run: (t: any, s: any, v: any) => Promise<void> }>} */
export const scenarios = [
  {
    id: "P2",
    title: "inline listener edited: one listener, the new body, module state kept",
    files: {
      lib: `import { EventEmitter } from "node:events";
export const bus = new EventEmitter();
let hits = 0;
bus.on("req", (n) => { hits += n; });
export function count() { return hits; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`m.bus.emit("req", 1); m.bus.emit("req", 1); return [m.count(), m.bus.listenerCount("req")];`), [2, 1]);
      const line = await s.edit(
        "lib",
        `import { EventEmitter } from "node:events";
export const bus = new EventEmitter();
let hits = 0;
bus.on("req", (n) => { hits += n * 10; });
export function count() { return hits; }`,
      );
      t.regex(line, /: patched 1 function$/);
      t.deepEqual(await s.ask(`m.bus.emit("req", 1); return [m.count(), m.bus.listenerCount("req")];`), [12, 1]);
    },
  },
  {
    id: "P3",
    title: "object-literal method, getter and setter edited: the held object keeps its identity and runs the new bodies",
    files: {
      lib: `let calls = 0;
export const api = {
  get() { calls++; return "v1"; },
  get label() { return "L1"; },
  set label(v) { calls += v; },
};
export function n() { return calls; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`g.api = m.api; g.api.label = 5; return [g.api.get(), g.api.label, m.n()];`), ["v1", "L1", 6]);
      const line = await s.edit(
        "lib",
        `let calls = 0;
export const api = {
  get() { calls++; return "v2"; },
  get label() { return "L2:" + calls; },
  set label(v) { calls += v * 100; },
};
export function n() { return calls; }`,
      );
      t.regex(line, /: patched 3 functions$/);
      t.deepEqual(await s.ask(`g.api.label = 1; return [g.api.get(), g.api.label, g.api === m.api, m.n()];`), ["v2", "L2:107", true, 107]);
    },
  },
  {
    id: "P1",
    title: "let and Map state survive edits of the functions that use them",
    files: {
      lib: `const cache = new Map();
let puts = 0;
export function put(k, v) { puts++; cache.set(k, v); return cache.size; }
export function get(k) { return cache.get(k); }
export function stats() { return puts; }`,
    },
    async run(t, s) {
      t.is(await s.ask(`m.put("a", 1); return m.put("b", 2);`), 2);
      for (let k = 1; k <= 3; k++) {
        const line = await s.edit(
          "lib",
          `const cache = new Map();
let puts = 0;
export function put(k, v) { puts++; cache.set(k, v); return cache.size; }
export function get(k) { return String(cache.get(k)) + "${"!".repeat(k)}"; }
export function stats() { return puts; }`,
        );
        t.regex(line, /: patched 1 function$/);
      }
      t.deepEqual(await s.ask(`return [m.get("a"), m.put("c", 3), m.stats()];`), ["1!!!", 3, 3]);
    },
  },
  {
    id: "P6",
    title: "a save that changes only comments and whitespace runs nothing",
    files: {
      lib: `export const log = [];
log.push("top");
export function f() { return log.length; }`,
    },
    async run(t, s) {
      t.is(await s.ask(`return m.f();`), 1);
      s.write(
        "lib",
        `// a comment
export const log = [];   // trailing comment

log.push( "top" );
/* block */
export function f() {
  return log.length;   // same code
}
`,
      );
      await s.child.waitFor(s.sameLine("lib"));
      t.deepEqual(await s.ask(`return [m.f(), m.log];`), [1, ["top"]]);
    },
  },
  {
    id: "P7",
    title: "an added statement runs once, and not again on later edits",
    files: {
      lib: `export const log = [];
log.push("start");
export function f() { return 1; }`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`return m.log;`), ["start"]);
      let line = await s.edit(
        "lib",
        `export const log = [];
log.push("start");
log.push("added");
export function f() { return 1; }`,
      );
      t.regex(line, /: added 1 statement$/);
      t.deepEqual(await s.ask(`return m.log;`), ["start", "added"]);
      line = await s.edit(
        "lib",
        `export const log = [];
log.push("start");
log.push("added");
export function f() { return 2; }`,
      );
      t.regex(line, /: patched 1 function$/);
      t.deepEqual(await s.ask(`return [m.log, m.f()];`), [["start", "added"], 2]);
    },
  },
  {
    id: "P4",
    title: "a timer is not duplicated; its callback runs the new body",
    files: {
      lib: `export const ticks = [];
globalThis.__starts = (globalThis.__starts ?? 0) + 1;
setInterval(() => { ticks.push("t1"); }, 2).unref();`,
    },
    async run(t, s) {
      await s.ask(`g.ticks = m.ticks; ${waitTicks(1)}`);
      const line = await s.edit(
        "lib",
        `export const ticks = [];
globalThis.__starts = (globalThis.__starts ?? 0) + 1;
setInterval(() => { ticks.push("t2"); }, 2).unref();`,
      );
      t.regex(line, /: patched 1 function$/);
      t.deepEqual(await s.ask(`g.ticks.length = 0; ${waitTicks(5)} return [[...new Set(g.ticks)], globalThis.__starts];`), [["t2"], 1]);
    },
  },
  {
    id: "P9",
    title: "each fallback to a full reload says which statement and why",
    files: {
      lib: `export const log = [];
log.push("v1");
export function f() { return log.join(); }`,
    },
    async run(t, s) {
      const line = await s.edit(
        "lib",
        `export const log = [];
log.push("v2");
export function f() { return log.join(); }`,
      );
      t.regex(line, /: full reload — line 2 changed: log\.push\("v2"\)$/);
      t.is(await s.ask(`return m.f();`), "v2");
    },
  },
  {
    id: "P13",
    title: "definitions moved, defaults changed, async and generator bodies edited, a function added and one removed",
    files: {
      lib: `export function a(x = 1) { return x; }
export async function b() { return "b1"; }
export function* c() { yield "c1"; }
export function gone() { return "still here"; }`,
    },
    async run(t, s, v) {
      await s.ask(`g.a = m.a; g.b = m.b; g.c = m.c; g.gone = m.gone;`);
      const line = await s.edit(
        "lib",
        `export function* c() { yield "c2"; }
function helper() { return "h"; }
export function a(x = 2) { return x + helper(); }
export async function b() { return "b2"; }`,
      );
      // CommonJS: the exports object loses `gone` only when the module runs again (native CommonJS
      // exports with a `module.exports.gone = gone;` statement, whose removal only a full reload
      // can take back; TypeScript's `export function gone` compiled to CommonJS likewise).
      t.regex(
        line,
        v.name.startsWith("cjs-js")
          ? /: full reload — the statement at line \d+ was removed/
          : v.name.startsWith("cjs")
            ? /: full reload — the export gone \(line 4\) was removed/
            : /: patched 3 functions, added 1 statement$/,
      );
      t.deepEqual(await s.ask(`return [g.a(), await g.b(), [...g.c()], g.gone(), g.a === m.a];`), ["2h", "b2", ["c2"], "still here", true]);
      const again = await s.edit(
        "lib",
        `export function* c() { yield "c2"; }
function helper() { return "H"; }
export function a(x = 2) { return x + helper() + "!"; }
export async function b() { return "b2"; }`,
      );
      t.regex(again, /: patched 2 functions$/);
      t.is(await s.ask(`return g.a();`), "2H!");
    },
  },
  {
    id: "P14",
    title: "a changed class is patched in place: methods, getters and statics of old instances, super from a subclass",
    files: {
      lib: `export class Base {
  hello() { return "base1"; }
  get g() { return "g1"; }
  static s() { return "s1"; }
}
export class Sub extends Base {
  hello() { return super.hello() + "+sub"; }
}`,
    },
    async run(t, s) {
      t.deepEqual(await s.ask(`g.b = new m.Base(); g.sub = new m.Sub(); g.Base = m.Base; return [g.b.hello(), g.sub.hello(), g.b.g, m.Base.s()];`), [
        "base1",
        "base1+sub",
        "g1",
        "s1",
      ]);
      const line = await s.edit(
        "lib",
        `export class Base {
  hello() { return "base2"; }
  get g() { return "g2"; }
  static s() { return "s2"; }
  added() { return "new method"; }
}
export class Sub extends Base {
  hello() { return super.hello() + "+sub"; }
}`,
      );
      t.regex(line, /: patched 1 class$/);
      t.deepEqual(await s.ask(`return [g.b.hello(), g.sub.hello(), g.b.g, m.Base.s(), g.b.added(), g.Base === m.Base, g.sub instanceof m.Base];`), [
        "base2",
        "base2+sub",
        "g2",
        "s2",
        "new method",
        true,
        true,
      ]);
    },
  },
  {
    id: "P11",
    title: "a changed higher-order wrapper: values it made before keep their code, new calls use the new one; the wrapped function is patched",
    files: {
      lib: `export function wrap(f) { return (x) => "w1:" + f(x); }
function inner(x) { return "i1" + x; }
export const h = wrap(inner);`,
    },
    async run(t, s) {
      t.is(await s.ask(`return m.h(1);`), "w1:i11");
      await s.edit(
        "lib",
        `export function wrap(f) { return (x) => "w2:" + f(x); }
function inner(x) { return "i2" + x; }
export const h = wrap(inner);`,
      );
      // `const h = wrap(inner)` did not change, so it did not run again: h is the closure the first
      // wrap made (its code is the old one), and it calls inner through inner's handle.
      t.deepEqual(await s.ask(`return [m.h(1), m.wrap((x) => x)(1)];`), ["w1:i21", "w2:1"]);
    },
  },
  {
    id: "P10",
    title: "a patch that throws while it is evaluated changes nothing; the next save applies",
    files: {
      lib: `let n = 0;
export function f() { return "f1:" + n++; }
export function g() { return "g1"; }`,
    },
    async run(t, s) {
      t.is(await s.ask(`return m.f();`), "f1:0");
      const report = await s.editFails(
        "lib",
        `let n = 0;
export function f() { return "f2:" + n++; }
export function g() { return "g1"; }
missing.call();`,
      );
      t.regex(report, /missing is not defined/);
      t.deepEqual(await s.ask(`return [m.f(), m.g()];`), ["f1:1", "g1"]);
      await s.edit(
        "lib",
        `let n = 0;
export function f() { return "f3:" + n++; }
export function g() { return "g1"; }`,
      );
      t.is(await s.ask(`return m.f();`), "f3:2");
    },
  },
  {
    id: "P5",
    title: "a side-effect-free constant changed, and one computed from another: functions and importers read the new values",
    files: {
      lib: `export const BASE = "http://a";
export const URL = BASE + "/x";
export const GREETING = "a";
export function greet() { return GREETING + " " + URL; }`,
    },
    async run(t, s, v) {
      t.deepEqual(await s.ask(`g.greet = m.greet; return [g.greet(), m.GREETING, m.URL];`), ["a http://a/x", "a", "http://a/x"]);
      const line = await s.edit(
        "lib",
        `export const BASE = "http://b";
export const URL = BASE + "/x";
export const GREETING = "b";
export function greet() { return GREETING + " " + URL; }`,
      );
      // Native CommonJS exports them with \`module.exports.GREETING = GREETING;\`, a statement that
      // ran with the old value: a full reload. Elsewhere the constants are evaluated again.
      t.regex(
        line,
        v.name.startsWith("cjs-js")
          ? /: full reload — line \d+ ran with the old value of /
          : /: patched 1 function, 3 constants evaluated again \(BASE, GREETING, URL\)$/,
      );
      t.is(await s.ask(`return g.greet();`), "b http://b/x");
      t.deepEqual(await s.ask(`return [m.GREETING, m.URL];`), ["b", "http://b/x"]);
    },
  },
];
