// Named class expression: `{ Node: class {…} }.Node`, and `Node` inside the body becomes `Tree`.
const Tree = class Node {
  static root = new Node(null);
  constructor(parent) {
    this.parent = parent;
  }
  child() {
    return new Node(this);
  }
};
const Anon = class {
  value = 1;
};

module.exports = { Tree, Anon };
