// Generator declaration: the check is `return yield* _ar$G.fwd(...)`.
function* range(from, to) {
  for (let i = from; i < to; i++) yield i;
  return "done";
}

exports.range = range;
