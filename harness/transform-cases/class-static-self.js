// Own name in static initializers and static blocks: the binding is assigned the stable class by a
// first static block (`Registry = _ar$m.self("Registry", this, i)`), so static initializers and
// the static methods they call (`Registry.create()`) see it initialised, as with the original.
class Registry {
  static instance = new Registry("default");
  static make = () => new Registry("arrow");
  static later = function () {
    return Registry;
  };
  static made = Registry.create();
  static create() {
    return new Registry("made");
  }
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
