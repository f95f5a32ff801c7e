// @options {"script": true, "moduleId": "file:///app/script-mode.js"}
// Classic script: no install import, prologue names suffixed with a hash of the module id.
function hello(name) {
  return "hello " + name;
}
var shout = function (s) {
  return s.toUpperCase();
};
class Widget {}
