// Plain function declaration: check first in the body (after directives), registration at the top.
console.log(add(1)); // called before the declaration: hoisting still works

function add(a, b) {
  "use strict";
  return a + (b ?? 1);
}

function withDefault(a, b = 1) {
  return a + b;
}

function Point(x, y) {
  if (!new.target) return new Point(x, y);
  this.x = x;
  this.y = y;
}
Point.prototype.norm = function () {
  return Math.hypot(this.x, this.y);
};

function fact(n) {
  return n <= 1 ? 1 : n * fact(n - 1);
}

function args() {
  return Array.prototype.slice.call(arguments).concat(typeof this);
}

module.exports = { add, withDefault, Point, fact, args };
