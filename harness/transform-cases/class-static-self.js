// Own name in static initializers and static blocks → _ar$m.self("Registry", this, i);
// not inside nested non-arrow functions, nor in methods.
class Registry {
  static instance = new Registry("default");
  static make = () => new Registry("arrow");
  static later = function () {
    return Registry;
  };
  static seen;
  static {
    Registry.seen = Registry.instance.name;
  }
  constructor(name) {
    this.name = name;
  }
  clone() {
    return new Registry(this.name);
  }
}

module.exports = { Registry };
