// Anonymous default-exported class: `let _ar$default = _ar$m.cls("default", { default: class {…} }.default, i)`.
export default class {
  hello() {
    return "hello";
  }
}
