// Named default-exported function: instrumented as a declaration of `multiply` (key "multiply").
export default function multiply(a, b) {
  return a * b;
}

export function square(x) {
  return multiply(x, x);
}
