// Exported values register getter/setter pairs; const → let when never reassigned.
export const CONFIG = { port: 1 };
export let counter = 0;
export var legacy = "v";
const hidden = 1, shown = 2;
export { shown };
export const handler = () => CONFIG.port; // a function cell: no live registration

export function bump() {
  counter++;
  return counter + hidden;
}
