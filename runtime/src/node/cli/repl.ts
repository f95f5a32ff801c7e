import repl, { type REPLServer } from "node:repl";
import type { Autoreload } from "../controller/autoreload.js";

const HELP_AUTORELOAD = "Show or set autoreload: .autoreload [off|explicit|all|complete|0-3|now] [--print|--no-print] [--hide-errors|--show-errors]";
const HELP_AIMPORT = "Mark modules for reload (explicit mode) or skip them: .aimport ./src/a, -./src/b; with no argument, list";

/**
 * `npx autoreload` with no program: Node's REPL with IPython's habits — a check before each
 * evaluation (`pre_run_cell`), `.autoreload` and `.aimport` commands, and, in mode `complete`,
 * names a reload adds pushed into the REPL's context.
 */
export function startRepl(controller: Autoreload): REPLServer {
  process.stdout.write(`autoreload ${controller.mode()} — modules you require() reload when you save them. .help lists the commands.\n`);
  const server = repl.start({ prompt: "> ", useGlobal: true });
  const evaluate = server.eval.bind(server);
  const untarget = controller.addPushTarget(server.context as Record<string, unknown>);
  server.on("exit", untarget);
  // The check before each evaluation; a failing reload prints its error and the line still runs.
  (server as { eval: REPLServer["eval"] }).eval = (code, context, file, callback) => {
    controller.check().then(
      () => evaluate(code, context, file, callback),
      () => evaluate(code, context, file, callback),
    );
  };
  server.defineCommand("autoreload", {
    help: HELP_AUTORELOAD,
    action(args) {
      this.clearBufferedCommand();
      try {
        const words = args.split(/\s+/).filter(Boolean);
        let now = false;
        for (const word of words) {
          if (word === "now") now = true;
          else if (word === "--print") controller.setFlags({ print: true });
          else if (word === "--no-print") controller.setFlags({ print: false });
          else if (word === "--hide-errors") controller.setFlags({ hideErrors: true });
          else if (word === "--show-errors") controller.setFlags({ hideErrors: false });
          else controller.mode(word);
        }
        const done = (): void => {
          const flags = controller.flags();
          this.output.write(`autoreload mode: ${controller.mode()}${flags.print ? "" : " (quiet)"}${flags.hideErrors ? " (errors hidden)" : ""}\n`);
          this.displayPrompt();
        };
        if (now) void controller.check({ now: true }).then(done, done);
        else done();
      } catch (error) {
        this.output.write(`${(error as Error).message}\n`);
        this.displayPrompt();
      }
    },
  });
  server.defineCommand("aimport", {
    help: HELP_AIMPORT,
    action(args) {
      this.clearBufferedCommand();
      try {
        const { marked, skipped } = controller.aimport(args);
        this.output.write(`Modules to reload:\n${marked.join(" ") || "(all, in mode all)"}\n\nModules to skip:\n${skipped.join(" ") || "(none)"}\n`);
      } catch (error) {
        this.output.write(`${(error as Error).message}\n`);
      }
      this.displayPrompt();
    },
  });
  return server;
}
