// Instance fields with initializers are guarded; static fields and anonymous functions are not.
let created = 0;
class Model {
  id = ++created;
  #secret = "s" + this.id;
  tags = [];
  onClick = () => this.id;
  empty;
  static count = 0;
  reveal() {
    return this.#secret;
  }
}

module.exports = { Model, created: () => created };
