// module.exports = class Named: the class keeps its name; its own name inside the body goes
// through the runtime (`_ar$m.self("module.exports", Stack, i)`), since no outer binding holds
// the stable class.
module.exports = class Stack {
  items = [];
  static of(...items) {
    const s = new Stack();
    s.items.push(...items);
    return s;
  }
  peek() {
    return this.items.at(-1);
  }
};
