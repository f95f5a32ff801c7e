// Base class without a constructor: one is synthesized with the construct check.
class Counter {
  count = 0;
  increment() {
    this.count++;
    return this;
  }
  static create() {
    return new Counter();
  }
  get double() {
    return this.count * 2;
  }
}

module.exports = { Counter };
