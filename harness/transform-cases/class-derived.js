// Derived classes: check before super(); a missing derived constructor becomes `super(...arguments)`.
class Shape {
  constructor(name) {
    this.name = name;
  }
  area() {
    return 0;
  }
}

class Square extends Shape {
  constructor(side) {
    super("square");
    this.side = side;
  }
  area() {
    return this.side ** 2;
  }
}

class Unit extends Square {
  tag = "unit";
}

module.exports = { Shape, Square, Unit };
