// Servers across full reloads. A module whose top level calls `server.listen(PORT)` (an entry
// file with an Express, Koa, Fastify or Hono app) runs that call again when it is reloaded in full,
// while the server its previous version opened still holds the port: Node would emit EADDRINUSE on
// the new server, and with no 'error' listener the process would exit.
//
// So `listen` is watched. Every server that listens is remembered with its port. A `listen` made
// by a full reload's code — during its evaluation, or later in something it started (Fastify
// listens after its plugins load): the reload runs in an AsyncLocalStorage context — on a port a
// remembered server of this process holds replaces that server:
//   - while the reload is still running, the call is held back; if the reload commits, the old
//     server is closed (its open connections too) and the new one listens; if it fails, the new
//     server never listens and the old one keeps serving (a failed reload changes nothing);
//   - after it committed, the old server is closed first, then the new one listens.
// A line says what happened. Any other `listen` (no reload behind it, another port, port 0) goes
// to Node as it is.
import { AsyncLocalStorage } from "node:async_hooks";
import { Server } from "node:net";

type Listen = (this: Server, ...args: unknown[]) => Server;

/** One full reload, as the listens it causes see it. */
interface Reload {
  readonly file: string;
  state: "running" | "committed" | "failed";
  readonly held: Array<{ readonly server: Server; readonly args: unknown[]; readonly replaces: Server; readonly port: number }>;
}

/** The port a `listen(...)` call asks for, if it names one (not 0, not a path or handle). */
function requestedPort(args: readonly unknown[]): number | undefined {
  const first = args[0];
  let port: unknown = first;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) port = (first as { port?: unknown }).port;
  if (typeof port === "string" && /^\d+$/.test(port)) port = Number(port);
  return typeof port === "number" && port > 0 ? port : undefined;
}

export interface ServerGuard {
  /** Runs a full reload of `file` (and what it starts) in a context its `listen` calls can tell. */
  run<T>(file: string, reload: () => Promise<T>, committed: (result: T) => boolean): Promise<T>;
}

export function installServerGuard(log: (line: string, file: string) => void): ServerGuard {
  const original = Server.prototype.listen as unknown as Listen;
  const context = new AsyncLocalStorage<Reload>();
  /** Listening servers by port. */
  const byPort = new Map<number, Server>();

  const remember = (server: Server, port: number): void => {
    byPort.set(port, server);
    server.once("close", () => {
      if (byPort.get(port) === server) byPort.delete(port);
    });
  };

  const replace = (old: Server, server: Server, args: unknown[], port: number, file: string): void => {
    log(`closing the server its previous version opened on port ${port}, so the new one can listen there`, file);
    byPort.delete(port);
    const listen = (): void => {
      remember(server, port);
      original.apply(server, args);
    };
    (old as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    if (old.listening) old.close(() => listen());
    else listen();
  };

  function listen(this: Server, ...args: unknown[]): Server {
    const port = requestedPort(args);
    if (port === undefined) return original.apply(this, args);
    const previous = byPort.get(port);
    const reload = context.getStore();
    if (previous === undefined || previous === this || !previous.listening || reload === undefined || reload.state === "failed") {
      remember(this, port);
      return original.apply(this, args);
    }
    if (reload.state === "running") reload.held.push({ server: this, args, replaces: previous, port });
    else replace(previous, this, args, port, reload.file);
    return this;
  }
  Server.prototype.listen = listen as unknown as Server["listen"];

  return {
    async run(file, reload, committed) {
      // No server listens: nothing a listen could collide with, and no AsyncLocalStorage context
      // (on Node 20 its first use turns on promise hooks for the rest of the process).
      if (byPort.size === 0) return reload();
      const state: Reload = { file, state: "running", held: [] };
      const result = await context.run(state, reload);
      state.state = committed(result) ? "committed" : "failed";
      if (state.state === "committed") for (const h of state.held) replace(h.replaces, h.server, h.args, h.port, file);
      state.held.length = 0;
      return result;
    },
  };
}
