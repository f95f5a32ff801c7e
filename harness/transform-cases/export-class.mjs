// Exported classes: `export class C` → `export let C = …`; `export default class D` → `let D = …; export { D as default }`.
export class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {
    return `${this.name} makes a sound`;
  }
}

export default class Dog extends Animal {
  speak() {
    return `${this.name} barks`;
  }
}
