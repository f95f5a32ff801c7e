// The patch decision (core/patch-plan.ts) on hand-written facts: which edits are patches, which
// are full reloads and why, how statements are matched.
import test from "ava";
import { planPatch, runningFromFacts } from "../dist/core/index.js";

const token = function _ar$G() {};
let nextSlot = 0;

/** A statement's facts: kind, shape, names, cells (body hashes), pure, line. */
function st(kind, shape, { declares = [], cells = [], pure = kind === "function" || kind === "class", line = 1, exported = false, keys = [] } = {}) {
  return {
    kind,
    shape,
    declares,
    pure,
    span: [0, 1],
    ...(exported ? { exportSpan: [0, 6] } : {}),
    line,
    cells: cells.map((body, i) => ({ slot: nextSlot++, body, form: "expression", span: [0, 1], ...(keys[i] ? { key: keys[i] } : {}) })),
  };
}
const facts = (statements, unpatchable) => ({ version: 1, statements, ...(unpatchable ? { unpatchable } : {}) });
const label = (s) => `<${s.shape}>`;
const plan = (before, after, format = "commonjs") => planPatch(runningFromFacts(facts(before), token), facts(after), label, format);

const base = () => [
  st("import", "imp", { declares: ["x"], line: 1 }),
  st("let", "let-hits", { declares: ["hits"], line: 2 }),
  st("function", "fn-add", { declares: ["add"], cells: ["add-v1"], line: 3, keys: ["add"] }),
  st("other", "bus.on", { cells: ["listener-v1"], line: 4 }),
  st("other", "listen", { line: 5 }),
];

test("identical facts (a comment-only save) are 'same': nothing runs", (t) => {
  const p = plan(base(), base());
  t.is(p.kind, "same");
  t.true(p.statements.every((d) => d.decision === "same"));
});

test("a changed body is a patch of exactly that cell, with the running cell as target", (t) => {
  const before = base();
  const after = base();
  after[3] = st("other", "bus.on", { cells: ["listener-v2"], line: 4 });
  const p = plan(before, after);
  t.is(p.kind, "patch");
  t.is(p.cells.length, 1);
  t.is(p.cells[0].statement, 3);
  t.is(p.cells[0].target.slot, before[3].cells[0].slot);
  t.is(p.cells[0].target.token, token);
  t.deepEqual(p.added, []);
  t.deepEqual(p.classes, []);
});

test("moved definitions are matched by name; statements without names by shape and order", (t) => {
  const before = base();
  const after = [before[4], before[3], before[2], before[1], before[0]].map((s) => ({ ...s }));
  after[2] = st("function", "fn-add", { declares: ["add"], cells: ["add-v2"], line: 1, keys: ["add"] });
  const p = plan(before, after);
  t.is(p.kind, "patch");
  t.is(p.cells.length, 1);
  t.is(p.cells[0].target.slot, before[2].cells[0].slot);
});

test("two statements of one shape are matched in order", (t) => {
  const before = [st("other", "setInterval", { cells: ["a"] }), st("other", "setInterval", { cells: ["b"] })];
  const after = [st("other", "setInterval", { cells: ["a"] }), st("other", "setInterval", { cells: ["b2"] })];
  const p = plan(before, after);
  t.is(p.kind, "patch");
  t.is(p.cells[0].target.slot, before[1].cells[0].slot);
});

test("a changed statement with side effects is a full reload that names the line and statement", (t) => {
  const after = base();
  after[4] = st("other", "listen-2", { line: 5 });
  const p = plan(base(), after);
  t.is(p.kind, "full");
  t.regex(p.reason, /^line 5 changed: <listen-2>/);
});

test("a removed statement with side effects is a full reload; a removed function is kept", (t) => {
  const before = base();
  const withoutListen = before.slice(0, 4);
  const p1 = plan(before, withoutListen);
  t.is(p1.kind, "full");
  t.regex(p1.reason, /line 5 was removed/);
  const withoutAdd = [before[0], before[1], before[3], before[4]];
  t.is(plan(before, withoutAdd).kind, "same");
});

test("added statements run once; added let/var is module state: full reload", (t) => {
  const after = [
    ...base(),
    st("other", "app.get('/new')", { cells: ["h"], line: 6 }),
    st("function", "fn-helper", { declares: ["helper"], cells: ["h2"], line: 7 }),
  ];
  const p = plan(base(), after);
  t.is(p.kind, "patch");
  t.deepEqual(p.added, [5, 6]);
  const withLet = [...base(), st("let", "let-y", { declares: ["y"], line: 6 })];
  const q = plan(base(), withLet);
  t.is(q.kind, "full");
  t.regex(q.reason, /line 6 was added: .*new module state/);
});

test("a changed let initializer, a changed import, a changed const: full reloads with their reasons", (t) => {
  const a = base();
  a[1] = st("let", "let-hits-2", { declares: ["hits"], line: 2 });
  t.regex(plan(base(), a).reason, /initializer changed/);
  const b = base();
  b[0] = st("import", "imp-2", { declares: ["x"], line: 1 });
  t.regex(plan(base(), b, "module").reason, /import changed/);
  const c = [st("const", "K=1", { declares: ["K"], pure: true })];
  const d = [st("const", "K=2", { declares: ["K"], pure: true })];
  t.regex(plan(c, d).reason, /constant/, "no reads facts: not rebindable");
});

test("an ES module cannot gain imports or exports; CommonJS may require more", (t) => {
  const addImport = [...base(), st("import", "imp-z", { declares: ["z"], line: 6 })];
  t.is(plan(base(), addImport, "module").kind, "full");
  t.is(plan(base(), addImport, "commonjs").kind, "patch");
  const addExport = [...base(), st("function", "fn-extra", { declares: ["extra"], cells: ["e"], line: 6, exported: true })];
  t.is(plan(base(), addExport, "module").kind, "full");
  t.is(plan(base(), addExport, "commonjs").kind, "patch");
});

test("a changed pure class is evaluated again; a class with effects is a full reload", (t) => {
  const before = [st("class", "class-C-v1", { declares: ["C"] })];
  const p = plan(before, [st("class", "class-C-v2", { declares: ["C"] })]);
  t.is(p.kind, "patch");
  t.deepEqual(p.classes, [0]);
  const q = plan(before, [st("class", "class-C-v2", { declares: ["C"], pure: false })]);
  t.is(q.kind, "full");
  t.regex(q.reason, /decorators, static blocks/);
});

test("a name declared another way (let x → const x) is a changed declaration, not an added one", (t) => {
  const before = [st("let", "let-x", { declares: ["x"] })];
  const after = [st("const", "const-x", { declares: ["x"], pure: true })];
  const p = plan(before, after);
  t.is(p.kind, "full");
  t.regex(p.reason, /how x is declared/);
});

test("eval or with in either version: full reload with the plugin's reason", (t) => {
  const p = planPatch(runningFromFacts(facts(base()), token), facts(base(), "the module calls eval() directly"), label, "commonjs");
  t.is(p.kind, "full");
  t.regex(p.reason, /eval/);
});

test("a changed side-effect-free constant is evaluated again, with the constants computed from it and every reader", (t) => {
  const before = [
    st("const", "K=1", { declares: ["K"], pure: true, line: 1 }),
    st("const", "L=K*2", { declares: ["L"], pure: true, line: 2 }),
    st("function", "fn-f", { declares: ["f"], cells: ["f-v1"], line: 3, keys: ["f"] }),
    st("function", "fn-g", { declares: ["g"], cells: ["g-v1"], line: 4, keys: ["g"] }),
  ];
  before[0].reads = [];
  before[1].reads = ["K"];
  before[2].reads = [];
  before[2].cells[0].reads = ["L"];
  before[3].reads = [];
  before[3].cells[0].reads = [];
  const after = before.map((s) => ({ ...s }));
  after[0] = { ...st("const", "K=2", { declares: ["K"], pure: true, line: 1 }), reads: [] };
  const p = plan(before, after);
  t.is(p.kind, "patch");
  t.deepEqual(p.rebound, [0, 1]);
  t.deepEqual(p.reboundNames, ["K", "L"]);
  t.deepEqual(
    p.cells.map((c) => c.statement),
    [2],
    "f reads L; g reads neither",
  );
  // A statement with effects that read the constant ran with the old value: full reload.
  const withListen = [...before, { ...st("other", "listen(K)", { line: 5 }), reads: ["K"] }];
  const q = plan(withListen, [...after, withListen[4]]);
  t.is(q.kind, "full");
  t.regex(q.reason, /line 5 ran with the old value of K/);
  // Without `reads` facts (an older plugin), a changed constant stays a full reload.
  const bare = [st("const", "K=1", { declares: ["K"], pure: true })];
  t.is(plan(bare, [st("const", "K=2", { declares: ["K"], pure: true })]).kind, "full");
});

test("a let that ran as a constant (nothing assigned it) and is assigned now: full reload", (t) => {
  const before = [
    { ...st("let", "let-K", { declares: ["K"], pure: true }), frozen: true },
    st("function", "fn-f", { declares: ["f"], cells: ["f1"], line: 2 }),
  ];
  const after = [{ ...st("let", "let-K", { declares: ["K"], pure: true }) }, st("function", "fn-f", { declares: ["f"], cells: ["f2-assigns-K"], line: 2 })];
  const p = plan(before, after);
  t.is(p.kind, "full");
  t.regex(p.reason, /K is assigned now/);
  t.is(plan(before, [before[0], after[1]]).kind, "patch");
});
