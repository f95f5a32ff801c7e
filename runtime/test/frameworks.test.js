// Real Express, Koa, Fastify and Hono apps run as a user runs them (`autoreload server.ts`), each
// in a fresh temp project: an entry file with inline handlers and `listen(PORT)` on 127.0.0.1, a
// routes module and a state module. Editing handlers in both files is a patch (same process, same
// server, state kept); adding a route runs once; a full reload of the entry file replaces its
// server on the same port instead of crashing on EADDRINUSE.
import test from "ava";
import { symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { project, repoRoot, run } from "@autoreload/harness";

/** A port that was free a moment ago, on 127.0.0.1. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const get = async (port, path) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { connection: "close" } });
  return `${response.status} ${await response.text()}`;
};

const STATE = `export const state = { hits: 0 };
export function bump(): number { return ++state.hits; }
`;

/**
 * Per framework: the entry file (a function of the home handler's text, extra statements added
 * before listen, and the "setup" statement a full-reload edit changes), and the routes module.
 */
const FRAMEWORKS = {
  express: {
    server: (home, extra = "", setup = "app.use(router);") => `import express from "express";
import { bump } from "./state";
import { router } from "./routes";
const app = express();
app.get("/", (req, res) => { res.send(\`${home} hits=\${bump()}\`); });
${setup}
${extra}
app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("LISTENING " + process.pid));
`,
    routes: (body) => `import express from "express";
export const router = express.Router();
router.get("/r", (req, res) => { res.send("${body}"); });
`,
    added: `app.get("/new", (req, res) => { res.send("new route"); });`,
  },
  koa: {
    server: (home, extra = "", setup = "app.use(router.routes());") => `import Koa from "koa";
import Router from "@koa/router";
import { bump } from "./state";
import { router } from "./routes";
const app = new Koa();
const pages = new Router();
pages.get("/", (ctx) => { ctx.body = \`${home} hits=\${bump()}\`; });
app.use(pages.routes());
${extra}
${setup}
app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("LISTENING " + process.pid));
`,
    routes: (body) => `import Router from "@koa/router";
export const router = new Router();
router.get("/r", (ctx) => { ctx.body = "${body}"; });
`,
    added: `pages.get("/new", (ctx) => { ctx.body = "new route"; });`,
  },
  fastify: {
    server: (home, extra = "", setup = "app.register(routes);") => `import Fastify from "fastify";
import { bump } from "./state";
import { routes } from "./routes";
const app = Fastify();
app.get("/", async () => \`${home} hits=\${bump()}\`);
${setup}
${extra}
app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" }).then(() => console.log("LISTENING " + process.pid));
`,
    // A handler written inside the plugin function would be a closure of that call (Fastify keeps
    // it): handlers that should reload are module-level functions (docs/frameworks.md).
    routes: (body) => `const r = async () => "${body}";
export async function routes(app: any) {
  app.get("/r", r);
}
`,
    // Fastify refuses routes once it listens: an added route needs a restart (docs/frameworks.md).
    added: undefined,
  },
  hono: {
    server: (home, extra = "", setup = `app.route("/", routes);`) => `import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { bump } from "./state";
import { routes } from "./routes";
const app = new Hono();
app.get("/", (c) => c.text(\`${home} hits=\${bump()}\`));
${setup}
${extra}
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, () => console.log("LISTENING " + process.pid));
`,
    routes: (body) => `import { Hono } from "hono";
export const routes = new Hono();
routes.get("/r", (c) => c.text("${body}"));
`,
    // Hono's default router builds its matcher at the first request and refuses routes after it:
    // an added route needs a full reload of the entry file (docs/frameworks.md).
    added: undefined,
  },
};

const CASES = [];
for (const name of Object.keys(FRAMEWORKS)) {
  CASES.push({ name, compiler: "swc", type: "commonjs" }, { name, compiler: "babel", type: "commonjs" });
}
CASES.push({ name: "express", compiler: "swc", type: "module" }, { name: "hono", compiler: "babel", type: "module" });

for (const c of CASES) {
  test(`${c.name} [${c.type === "module" ? "esm" : "cjs"}-ts ${c.compiler}]: handlers edited in the entry file and a routes module are patched, a route is added, a full reload keeps serving`, async (t) => {
    const fw = FRAMEWORKS[c.name];
    const port = await freePort();
    const p = project({
      "package.json": JSON.stringify({ name: "app", private: true, type: c.type }),
      "server.ts": fw.server("home v1"),
      "routes.ts": fw.routes("route v1"),
      "state.ts": STATE,
    });
    // ES modules resolve packages from node_modules only (NODE_PATH is CommonJS's).
    symlinkSync(join(repoRoot, "node_modules"), p.path("node_modules"), "dir");
    const child = run(p.dir, "server.ts", { cliArgs: ["--compiler", c.compiler], env: { PORT: String(port) } });
    t.teardown(async () => {
      await child.stop();
      p.cleanup();
    });
    const pid = (await child.waitFor(/^LISTENING /, { timeoutMs: 30000 })).split(" ")[1];
    t.is(await get(port, "/"), "200 home v1 hits=1");
    t.is(await get(port, "/r"), "200 route v1");

    p.write("server.ts", fw.server("home v2"));
    t.regex(await child.waitFor(/^\[autoreload\] reloaded \.\/server\.ts /), /: patched 1 function$/);
    t.is(await get(port, "/"), "200 home v2 hits=2");

    p.write("routes.ts", fw.routes("route v2"));
    t.regex(await child.waitFor(/^\[autoreload\] reloaded \.\/routes\.ts /), /: patched 1 function$/);
    t.is(await get(port, "/r"), "200 route v2");

    if (fw.added !== undefined) {
      p.write("server.ts", fw.server("home v2", fw.added));
      t.regex(await child.waitFor(/^\[autoreload\] reloaded \.\/server\.ts /), /: added 1 statement$/);
      t.is(await get(port, "/new"), "200 new route");
      t.is(await get(port, "/"), "200 home v2 hits=3");
    }

    // A changed statement that registered something: a full reload of the entry file. It runs
    // `listen(PORT)` again; the server of the previous version is closed and the new one listens.
    const extra = fw.added ?? "";
    const setup = {
      express: 'app.use("/", router);',
      koa: "app.use(router.routes()).use(router.allowedMethods());",
      fastify: "app.register(routes, {});",
      hono: 'app.route("/", routes).get("/x", (c: any) => c.text("x"));',
    }[c.name];
    p.write("server.ts", fw.server("home v3", extra, setup));
    t.regex(await child.waitFor(/^\[autoreload\] reloaded \.\/server\.ts /), /: full reload — line \d+ changed/);
    await child.waitForCount(/^LISTENING /, 2, { timeoutMs: 30000 });
    t.true(child.lines.some((l) => /closing the server its previous version opened on port/.test(l)));
    const hits = fw.added !== undefined ? 4 : 3;
    t.is(await get(port, "/"), `200 home v3 hits=${hits}`);
    t.is(await get(port, "/r"), "200 route v2");
    t.is(
      child.lines
        .filter((l) => l.startsWith("LISTENING "))
        .map((l) => l.split(" ")[1])
        .at(-1),
      pid,
      "same process",
    );
    t.is(child.proc.exitCode, null);
  });
}
