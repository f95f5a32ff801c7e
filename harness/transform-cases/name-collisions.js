// The file already uses the ABI's local names `_ar$r`, `_ar$a`: fresh names are generated instead.
const _ar$r = "user rest";
function useArgs(_ar$a) {
  return _ar$a;
}
const tail = (x) => x + _ar$r;
const head = ([x] = []) => _ar$a(x);
function _ar$a(v) {
  return v;
}

module.exports = { useArgs, tail, head };
