// module.exports = function: no `{ k: … }.k` wrapper (a member assignment does not name functions).
module.exports = function (a, b) {
  return a - b;
};
