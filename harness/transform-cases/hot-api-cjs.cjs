// module.hot → _ar$m.hot (CommonJS, `module` not shadowed)
if (module.hot) {
  module.hot.accept();
}
function local(module) {
  return module.hot; // a parameter named module: left alone
}
exports.local = local;
