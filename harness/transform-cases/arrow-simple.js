// Arrows with simple parameters get an extra rest parameter (length unchanged) and a check.
const double = (x) => x * 2;
const sum = (a, b) => {
  const s = a + b;
  return s;
};
const noParams = () => ({ ok: true });
let lateBound = async (x) => await x;

module.exports = { double, sum, noParams, lateBound };
