// Async generator declaration: `return yield* _ar$G.fwd(...)`, delegating to an async iterator.
async function* ticks(n) {
  for (let i = 0; i < n; i++) {
    await null;
    yield i;
  }
}

exports.ticks = ticks;
