// exports.x = … and module.exports.x = … are cells with the key "exports.x".
exports.sub = function (a, b) {
  return a - b;
};
module.exports.neg = (x) => -x;
exports["mul"] = (a, b = 1) => a * b;
exports.Thing = class {
  name = "thing";
};
exports.value = 42;
