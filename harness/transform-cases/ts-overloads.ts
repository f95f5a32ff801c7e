// Overload signatures (TSDeclareFunction) and `declare` are skipped; the implementation is instrumented.
import type { Buffer } from "node:buffer";

declare function external(x: number): number;
declare const VERSION: string;

export function parse(input: string): number;
export function parse(input: Buffer): number;
export function parse(input: string | Buffer): number {
  return Number(String(input));
}

export const twice = <T,>(x: T): [T, T] => [x, x];
export const withDefault = (a: number, b: number = 2): number => a + b;

export enum Color {
  Red,
  Green,
}
export namespace Util {
  export const id = (x: number) => x;
}
export type Shape = { kind: "circle" };
export interface Named {
  name: string;
}
