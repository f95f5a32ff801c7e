// Edit this file while the server runs: the next request runs the new code, and the visit count
// and todos in store.ts are kept.
import type { IncomingMessage, ServerResponse } from "node:http";
import { store } from "./store";

export function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  store.visits++;
  if (url.pathname === "/todos" && req.method === "POST") {
    const text = url.searchParams.get("text") ?? "something";
    store.todos.push({ id: store.nextId++, text, done: false });
    return json(res, 201, store.todos);
  }
  if (url.pathname === "/todos") return json(res, 200, store.todos);
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  res.end(greeting(store.visits));
}

export function greeting(visits: number): string {
  return `Hello from autoreload! visits=${visits} todos=${store.todos.length}\n`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(`${JSON.stringify(body)}\n`);
}
