// Runs the matrix: every scenario id × combination, each case in a fresh temp project and child
// process (session.js), up to `jobs` at once. Returns one verdict per cell; never skips silently.
import { availableParallelism } from "node:os";
import { assertions } from "./assert.js";
import { detectCapabilities } from "./capabilities.js";
import { loadCatalogue, resolveCase } from "./catalogue.js";
import { combos as allCombos } from "./combos.js";
import { knownGap } from "./known-gaps.js";
import { openSession } from "./session.js";

/** The subset `--quick` (and `npm test`) runs: one or two per group, cheap ones. */
export const QUICK_IDS = ["F1", "F8", "C4", "C5", "V2", "V4", "E1", "G5"];

/** A whole case may take this long (its own waits time out sooner, at 15 s each). */
const CASE_TIMEOUT_MS = 90_000;

/**
 * @typedef {{ id: string, combo: string, status: "pass" | "FAIL" | "known" | "n/a", reason?: string, detail?: string, ms: number, logs?: string[] }} Cell
 * @param {{ only?: string[], compiler?: string, format?: string, lang?: string, quick?: boolean, jobs?: number,
 *   capabilities?: Record<string, any>, onProgress?: (done: number, total: number, cell: Cell) => void, t2?: (combo: any) => Promise<Omit<Cell, "id"|"combo"|"ms">> }} [options]
 */
export async function runMatrix(options = {}) {
  const catalogue = await loadCatalogue();
  const caps = options.capabilities ?? (await detectCapabilities());
  let ids = catalogue.ids;
  if (options.quick) ids = ids.filter((s) => QUICK_IDS.includes(s.id));
  if (options.only?.length) {
    const unknown = options.only.filter((id) => !catalogue.ids.some((s) => s.id === id));
    if (unknown.length) throw new Error(`[conformance] unknown scenario id(s): ${unknown.join(", ")}. Ids are those of docs/scenarios.md (F1, C4, …).`);
    ids = ids.filter((s) => options.only.includes(s.id));
  }
  const combos = allCombos().filter(
    (c) =>
      (!options.compiler || c.compiler === options.compiler) && (!options.format || c.format === options.format) && (!options.lang || c.lang === options.lang),
  );
  if (combos.length === 0)
    throw new Error(
      `[conformance] no combination matches --compiler ${options.compiler ?? "*"} --format ${options.format ?? "*"} --lang ${options.lang ?? "*"}.`,
    );

  /** @type {Cell[]} */
  const cells = [];
  const jobs = [];
  for (const { id } of ids) {
    for (const combo of combos) {
      const decision = resolveCase(catalogue, id, combo, caps);
      if (decision.kind === "run") jobs.push({ id, combo, scenario: decision.scenario });
      else cells.push({ id, combo: combo.id, status: decision.kind, reason: decision.reason, ms: 0 });
    }
  }
  const total = cells.length + jobs.length;
  let done = cells.length;
  for (const cell of cells) options.onProgress?.(done, total, cell);

  const width = Math.max(1, options.jobs ?? availableParallelism());
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const cell = withKnownGap(job.scenario.t2 ? await runT2(job, options.t2, caps) : await runCase(job), job.combo);
      cells.push(cell);
      done++;
      options.onProgress?.(done, total, cell);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
  return { cells, ids, combos, caps, catalogue };
}

async function runT2({ id, combo }, t2, caps) {
  const start = Date.now();
  if (t2 === undefined) return { id, combo: combo.id, status: "n/a", reason: "transparency runs were not requested (--no-t2)", ms: 0 };
  try {
    const result = await t2(combo, caps);
    return { id, combo: combo.id, ms: Date.now() - start, ...result };
  } catch (error) {
    return { id, combo: combo.id, status: "FAIL", reason: firstLine(error), detail: String(error?.stack ?? error), ms: Date.now() - start };
  }
}

/** A FAIL listed in known-gaps.js becomes "known"; a listed cell that passes becomes a FAIL. */
function withKnownGap(cell, combo) {
  const reason = knownGap(cell.id, combo);
  if (reason === undefined) return cell;
  if (cell.status === "FAIL") return { ...cell, status: "known", reason: `${reason} — ${cell.reason}` };
  if (cell.status === "pass")
    return { ...cell, status: "FAIL", reason: `passes, but is listed as a known gap: remove it from harness/src/matrix/known-gaps.js (${reason})` };
  return cell;
}

const firstLine = (error) =>
  String(error?.message ?? error)
    .split("\n")[0]
    .slice(0, 300);

/** Runs one case; any thrown error or failed assertion is a FAIL with its cause. */
async function runCase({ id, combo, scenario }) {
  const start = Date.now();
  const t = assertions();
  let session;
  let timer;
  try {
    const files = typeof scenario.files === "function" ? scenario.files(combo) : scenario.files;
    const options = { ...(scenario.options?.(combo) ?? {}), ...(scenario.probe ? { probe: scenario.probe } : {}) };
    if (scenario.cliArgs) options.cliArgs = [...(options.cliArgs ?? []), ...scenario.cliArgs];
    if (scenario.env) options.env = { ...(options.env ?? {}), ...scenario.env };
    const body = async () => {
      if (scenario.cases) {
        // several cases count for this id (runtime/test/scenarios-esm.js): each its own session
        for (const c of scenario.cases) {
          const opened = await c.open(t, combo);
          session = opened.s;
          try {
            await c.run(t, opened.s, opened.v);
          } catch (error) {
            error.message = `${c.caseId}: ${error.message}`;
            throw error;
          }
          // Stop this case's child (and give back its process slot) before the next case opens:
          // a cell with more cases than slots would otherwise wait on itself.
          await t.cleanup();
        }
        return;
      }
      session = await openSession(t, combo, files, options);
      await scenario.run(t, session, combo);
    };
    await Promise.race([
      body(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CASE_TIMEOUT_MS / 1000} s`)), CASE_TIMEOUT_MS);
      }),
    ]);
    return { id, combo: combo.id, status: "pass", ms: Date.now() - start, logs: t.logs };
  } catch (error) {
    const cause = error?.cause?.message ? `${error.message}\n${error.cause.message}` : String(error?.message ?? error);
    const output = session?.child?.output ?? "";
    const tail = output.split("\n").slice(-25).join("\n");
    return {
      id,
      combo: combo.id,
      status: "FAIL",
      reason: firstLine(error),
      detail: `${cause}${tail && !cause.includes(tail) ? `\n--- child output (last lines) ---\n${tail}` : ""}`,
      ms: Date.now() - start,
      logs: t.logs,
    };
  } finally {
    clearTimeout(timer);
    await t.cleanup();
  }
}
