// `export default <arrow>` (an anonymous function expression): a function cell with key "default",
// `{ default: … }.default` keeps its name "default"; the export stays `export default`.
export default (a, b) => a + b;
