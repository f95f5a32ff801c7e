// `export default name` of a top-level let/const/var value: a live binding, like any default value.
// (A name that is a function/class cell, an import or a type is left as written.)
const settings = { retries: 3 };
export const reset = () => settings.retries;

export default settings;
