// A program that declares `function _ar$G…() {}` went through a plugin already: left as it is.
function _ar$G() {}
const _ar$m = globalThis.__autoreload.enter(__filename, _ar$G, 3);
add = _ar$m.fn("add", add, 0);
function add(a, b) {
  if (_ar$G.$0 !== undefined) return new.target === undefined ? Reflect.apply(_ar$G.$0, this, arguments) : Reflect.construct(_ar$G.$0, arguments, new.target);
  return a + b;
}
module.exports = { add };
