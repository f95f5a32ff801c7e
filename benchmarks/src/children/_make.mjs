export function makeSource(lines) {
  const parts = ['import { readFileSync } from "node:fs";\nimport type { Stats } from "node:fs";\n'];
  let count = 2;
  for (let k = 0; count < lines; k++) {
    const block = `
export interface Item${k} { id: number; name: string; tags?: string[] }
export const LIMIT_${k}: number = ${k} * 10;
export function compute${k}(a: number, b: number = 2): number {
  const items: Item${k}[] = [];
  for (let j = 0; j < a; j++) items.push({ id: j, name: "x" + j });
  return items.reduce((s, it) => s + it.id * b, 0);
}
export const format${k} = (item: Item${k}, prefix = ">"): string => \`\${prefix} \${item.name}#\${item.id}\`;
const double${k} = (x: number) => x * 2;
export class Store${k}<T extends { id: number }> {
  private items = new Map<number, T>();
  static created = 0;
  constructor(private readonly label: string) { Store${k}.created++; }
  add(item: T): this { this.items.set(item.id, item); return this; }
  get size(): number { return this.items.size + double${k}(0); }
  async load(path: string): Promise<T[]> { return JSON.parse(readFileSync(path, "utf8")) as T[]; }
}
`;
    parts.push(block);
    count += block.split("\n").length - 1;
  }
  return parts.join("");
}
