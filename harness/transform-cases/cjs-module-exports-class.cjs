// module.exports = class: registered with _ar$m.cls("module.exports", …).
module.exports = class {
  constructor(v) {
    this.v = v;
  }
  get() {
    return this.v;
  }
};
