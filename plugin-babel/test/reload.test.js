// The plugin's output driven through real reloads of the runtime core (docs/semantics.md):
// old references run the new code and keep their identity.
import test from "ava";
import { transformSync } from "@babel/core";
import plugin from "../dist/index.js";
import { vmRealm } from "@autoreload/harness/reload-realm";
import { newRuntime, runtimeKind } from "./helpers/realm.js";

const realm = () =>
  vmRealm(newRuntime(), {
    compile: (source, id) =>
      transformSync(source, { filename: id, babelrc: false, configFile: false, sourceType: "script", plugins: [[plugin, { runtimeImport: false }]] }).code,
  });

const v1 = `
function add(a, b) { return a + b; }
const twice = (x) => x * 2;
const area = ({ w, h }, k = 1) => w * h * k;
class Shape {
  static unit = new Shape(1);
  size = 1;
  constructor(n) { this.n = n; }
  describe() { return "v1:" + this.n; }
  static make(n) { return new Shape(n); }
}
const Tree = class Node { grow() { return new Node(); } };
module.exports = { add, twice, area, Shape, Tree };
`;
const v2 = v1
  .replace("return a + b;", "return a * b;")
  .replace("x * 2", "x * 3")
  .replace("w * h * k", "w + h + k")
  .replace('"v1:" + this.n', '"v2:" + this.n + ":" + this.size')
  .replace("size = 1;", "size = 2;")
  .replace("grow() { return new Node(); }", "grow() { return new Node(); } leaf() { return true; }");

test(`functions and classes reload in place (${runtimeKind} runtime)`, (t) => {
  if (runtimeKind !== "core") return t.pass("runtime core not built: nothing to reload with");
  const r = realm();
  const m1 = r.load("/app/m.js", v1);
  const old = new m1.Shape(5);
  t.is(m1.add(2, 3), 5);
  t.is(m1.area({ w: 2, h: 3 }), 6);
  t.is(m1.area.length, 1);
  const m2 = r.reload("/app/m.js", v2);
  t.is(m2.add, m1.add, "function identity is stable");
  t.is(m1.add(2, 3), 6, "old reference runs the new body");
  t.is(m1.twice(2), 6);
  t.is(m1.area({ w: 2, h: 3 }), 6);
  t.is(m2.Shape, m1.Shape, "class identity is stable");
  t.is(old.describe(), "v2:5:1", "old instance gets the new method");
  const fresh = new m1.Shape(7);
  t.is(fresh.describe(), "v2:7:2", "new instances run the new field initializers");
  t.true(fresh instanceof m1.Shape);
  t.true(m1.Shape.make(1) instanceof m1.Shape, "own name inside the class reaches the stable class");
  t.true(m1.Shape.unit instanceof m1.Shape);
  const tree = new m1.Tree();
  t.true(tree.grow() instanceof m1.Tree, "named class expression: `Node` inside is the stable class");
  t.true(tree.grow().leaf());
});
