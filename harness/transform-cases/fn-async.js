// Async function declaration: forwards with new.target = undefined.
async function load(id) {
  await null;
  return { id, self: this === undefined ? "undefined" : typeof this };
}

exports.load = load;
