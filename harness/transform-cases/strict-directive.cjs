"use strict";
// The prologue goes after directives; the file is CommonJS (no import/export).
function strictThis() {
  return this;
}
exports.strictThis = strictThis;
