// Servers across full reloads. A module whose top level calls `server.listen(PORT)` (an entry
// file with an Express, Koa, Fastify or Hono app) runs that call again when it is reloaded in full,
// while the server its previous generation opened still holds the port: Node would emit
// EADDRINUSE on the new server, and with no 'error' listener the process would exit.
//
// So `listen` is watched. Each listening server is owned by the module whose code called
// `listen` (the first frame of a loaded module in the call's stack). When a module listens on a
// port that a server it owns already holds:
//   - during a full reload of that module: the call is held back; if the reload commits, the old
//     server is closed (its open connections too) and the new one listens; if it fails, the new
//     server never listens and the old one keeps serving (a failed reload changes nothing);
//   - otherwise (code that runs later, after the reload committed): the old server is closed
//     first, then the new one listens.
// A line says what happened. Servers listening on other ports, or on port 0, are left alone.
import { Server } from "node:net";
import { fileURLToPath } from "node:url";

type Listen = (this: Server, ...args: unknown[]) => Server;

interface Owned {
  readonly server: Server;
  readonly owner: string;
  readonly port: number;
}

interface Held {
  readonly server: Server;
  readonly args: unknown[];
  readonly replaces: Owned;
}

/** The port a `listen(...)` call asks for, if it names one (not 0, not a path or handle). */
function requestedPort(args: readonly unknown[]): number | undefined {
  const first = args[0];
  let port: unknown = first;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) port = (first as { port?: unknown }).port;
  if (typeof port === "string" && /^\d+$/.test(port)) port = Number(port);
  return typeof port === "number" && port > 0 ? port : undefined;
}

/** A frame's file: the script's own name (not source-mapped), without a generation query. */
function fileOfFrame(name: string | undefined | null): string | undefined {
  if (name === undefined || name === null || name === "") return undefined;
  const bare = name.split("?")[0]!;
  if (!bare.startsWith("file://")) return bare;
  try {
    return fileURLToPath(bare);
  } catch {
    return undefined;
  }
}

/** The first loaded module in the current stack (the code that asked to listen). */
function callerModule(isModule: (file: string) => boolean): string | undefined {
  const holder: { stack?: unknown } = {};
  const { stackTraceLimit, prepareStackTrace } = Error;
  Error.stackTraceLimit = 50;
  // Call sites, not text: the text would be source-mapped, and the frames' own names are wanted.
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    Error.captureStackTrace(holder, callerModule);
    const sites = holder.stack as NodeJS.CallSite[];
    for (const site of sites) {
      const file = fileOfFrame(site.getFileName() ?? site.getScriptNameOrSourceURL());
      if (file !== undefined && isModule(file)) return file;
    }
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

export interface ServerGuard {
  /** A full reload of `file` starts: its listens on ports it holds wait for `commit`. */
  beginReload(file: string): void;
  /** The reload of `file` committed: close what the new generation replaces, then listen. */
  commit(file: string): void;
  /** The reload of `file` failed: the held-back servers never listen. */
  discard(file: string): void;
}

export function installServerGuard(isModule: (file: string) => boolean, log: (line: string, file: string) => void): ServerGuard {
  const original = Server.prototype.listen as unknown as Listen;
  const owned = new Set<Owned>();
  const reloading = new Set<string>();
  const held = new Map<string, Held[]>();

  const track = (server: Server, owner: string, port: number): void => {
    const entry: Owned = { server, owner, port };
    owned.add(entry);
    server.once("close", () => owned.delete(entry));
  };

  const replace = (old: Owned, server: Server, args: unknown[], owner: string): void => {
    log(`closing the server its previous version opened on port ${old.port}, so the new one can listen there`, owner);
    owned.delete(old);
    const listen = (): void => {
      track(server, owner, old.port);
      original.apply(server, args);
    };
    (old.server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    if (old.server.listening) old.server.close(() => listen());
    else listen();
  };

  function listen(this: Server, ...args: unknown[]): Server {
    const port = requestedPort(args);
    const owner = port === undefined ? undefined : callerModule(isModule);
    if (port === undefined || owner === undefined) return original.apply(this, args);
    const previous = [...owned].find((o) => o.owner === owner && o.port === port && o.server !== this && o.server.listening);
    if (previous === undefined) {
      track(this, owner, port);
      return original.apply(this, args);
    }
    if (reloading.has(owner)) {
      const list = held.get(owner) ?? [];
      list.push({ server: this, args, replaces: previous });
      held.set(owner, list);
      return this;
    }
    replace(previous, this, args, owner);
    return this;
  }
  Server.prototype.listen = listen as unknown as Server["listen"];

  return {
    beginReload(file) {
      reloading.add(file);
    },
    commit(file) {
      reloading.delete(file);
      const list = held.get(file) ?? [];
      held.delete(file);
      for (const h of list) replace(h.replaces, h.server, h.args, file);
    },
    discard(file) {
      reloading.delete(file);
      held.delete(file);
    },
  };
}
