// Exported TypeScript enums register getter/setter pairs after their (last) declaration, in a form
// that survives the TypeScript transform; `declare enum` and non-exported enums are not registered.
export enum Color {
  Red = "red",
  Green = "green",
}
enum Level {
  Low,
  High,
}
export { Level };
export enum Merged {
  A = 1,
}
export enum Merged {
  B = 2,
}
enum Internal {
  X,
}
declare enum Ambient {
  Y,
}
export const describe = (c: Color): string => `${c}:${Internal.X}:${Ambient.Y}`;
