// Function expressions: anonymous ones keep their name through `{ f: … }.f`; named ones are passed as they are.
var greet = function (who) {
  return "hi " + who + " " + arguments.length;
};
const named = function inner(n) {
  return n > 0 ? inner(n - 1) : typeof this;
};
function* genExpr() {}
const gen = function* () {
  yield 1;
};

module.exports = { greet, named, gen, genExpr };
