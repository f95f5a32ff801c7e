// @options {"moduleId": "file:///app/options-module-id.mjs", "runtimeImport": false}
// moduleId replaces import.meta.url; runtimeImport: false omits the install import.
export function ping() {
  return "pong";
}
