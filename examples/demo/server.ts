// The demo's entry point: `npm start` runs it as `autoreload examples/demo/server.ts`.
// The server is created once; `handle` is a stable cell, so edits to handlers.ts apply to the
// server that is already listening.
import { createServer } from "node:http";
import { handle } from "./handlers";

const port = Number(process.env.PORT ?? 0);
const server = createServer(handle);
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  console.log(`demo listening on http://127.0.0.1:${actual}/ — edit examples/demo/handlers.ts and request again`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
