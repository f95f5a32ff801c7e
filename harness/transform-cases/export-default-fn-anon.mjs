// Anonymous default-exported function: renamed to _ar$default, exported as default, name restored to "default".
export default function (a, b) {
  return a * b;
}
