// Nothing to instrument: the output is the input, no prologue.
"use strict";
const value = 42;
let other = value + 1;
console.log(value, other);
