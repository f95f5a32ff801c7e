// `export default <value>` becomes a live binding: `let _ar$default = …`, registered as "default",
// exported with `export { _ar$default as default }`.
export const port = 1;

export default {
  port,
  host: "localhost",
};
