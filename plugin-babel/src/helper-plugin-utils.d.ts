// @babel/helper-plugin-utils ships no type declarations; this is the part the plugin uses.
declare module "@babel/helper-plugin-utils" {
  import type { ConfigAPI, PluginObj, types } from "@babel/core";
  export interface PluginAPI extends ConfigAPI {
    readonly types: typeof types;
    assertVersion(range: number | string): void;
  }
  export function declare<O extends object, S = object>(
    builder: (api: PluginAPI, options: O, dirname: string) => PluginObj<S>,
  ): (api: object, options: O, dirname: string) => PluginObj<S>;
}
