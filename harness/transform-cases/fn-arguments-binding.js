// A function whose `arguments` is its own binding cannot forward `arguments`: left as written.
function shadowsArguments(a) {
  var arguments = [a, "local"];
  return arguments;
}
function plain(a) {
  return [a, arguments.length];
}

module.exports = { shadowsArguments, plain };
