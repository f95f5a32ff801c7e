// Reassigned bindings, destructuring and nested functions are left exactly as written.
var f = function () {
  return 1;
};
f = function () {
  return 2;
};
let g = () => 1;
g++;
const { h } = { h: () => 3 };
function outer() {
  function nested() {}
  return nested;
}
outer = null;
if (true) {
  function inBlock() {}
}
class K {}
K = class {};
