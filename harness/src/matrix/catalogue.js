// The scenario catalogue: every id of docs/scenarios.md, and where its case comes from for a
// combination. Precedence: the runtime's own scenario files for that module format
// (runtime/test/scenarios-cjs.js and runtime/test/scenarios-patch.js; for ES modules
// runtime/test/scenarios-esm.js and the CommonJS ones adapted), then the cases written here
// (scenarios-extra.js), then T2 (transparency/). An id with no case is a FAIL, never a silent skip.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../index.js";
import { scenarios as extra } from "./scenarios-extra.js";

/** The catalogue: docs/scenarios.md in this repository. */
export function scenariosPath() {
  return join(repoRoot, "docs", "scenarios.md");
}

/** `[{ id, title, group }]` in the order of docs/scenarios.md: each `- <id> <meaning>` line under a `## <group>` heading. */
export function listScenarioIds(path = scenariosPath()) {
  if (!existsSync(path)) throw new Error(`[conformance] cannot find the scenario catalogue ${path}.`);
  const out = [];
  let group = "";
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) group = heading[1];
    const item = /^- ([A-Z]\d+) (.+)$/.exec(line);
    if (item) out.push({ id: item[1], title: item[2].replace(/\s+/g, " ").slice(0, 140), group });
  }
  return out;
}

const RUNTIME_FILES = { cjs: "runtime/test/scenarios-cjs.js", esm: "runtime/test/scenarios-esm.js", patch: "runtime/test/scenarios-patch.js" };

async function importScenarios(rel) {
  const file = join(repoRoot, rel);
  if (!existsSync(file)) return undefined;
  const mod = await import(pathToFileURL(file).href);
  return new Map((mod.scenarios ?? []).map((s) => [s.id, { ...s, source: rel }]));
}

/** CLI flags of a scenario as the environment `autoreload/register` reads (the esm-ts variant uses it). */
function envOf(cliArgs) {
  const env = {};
  for (let i = 0; i < cliArgs.length; i++) {
    const a = cliArgs[i];
    if (a === "--mode") env.AUTORELOAD_MODE = cliArgs[++i];
    else if (a === "--no-watch") env.AUTORELOAD_WATCH = "0";
    else if (a === "--quiet") env.AUTORELOAD_QUIET = "1";
    else if (a === "--hide-errors") env.AUTORELOAD_HIDE_ERRORS = "1";
    else if (a === "--poll") env.AUTORELOAD_POLL = "1";
  }
  return env;
}

/** ESM-only cases of scenarios-esm.js whose id does not start with a catalogue id. */
const ESM_ALIASES = { "hot-esm": "V6" };

/**
 * The ES-module cases, as runtime/test/e2e-esm.test.js builds them: the CommonJS scenarios that
 * apply to ES modules (probe expressions adapted: `require("./x")` → `await imp("./x")`) and the
 * ESM-only ones (`V1-write` counts for V1, `F7-esm` for F7, …), each opened with the runtime's own
 * session helper and ESM options. One matrix cell passes when all its cases pass.
 * @returns {Promise<Map<string, any> | undefined>}
 */
async function esmCases(cjs) {
  const file = join(repoRoot, RUNTIME_FILES.esm);
  if (!existsSync(file)) return undefined;
  const esm = await import(pathToFileURL(file).href);
  const { session } = await import(pathToFileURL(join(repoRoot, "runtime", "test", "helpers", "session.js")).href);
  const byId = new Map();
  const add = (id, scenario, adapted) => {
    const variantFor = (combo) => esm.ESM_VARIANTS.find((v) => v.ext === combo.lang);
    const entry = {
      ...scenario,
      caseId: scenario.id,
      source: adapted ? `${scenario.source} (adapted by ${RUNTIME_FILES.esm})` : RUNTIME_FILES.esm,
      applies: (combo) =>
        scenario.only !== undefined && scenario.only !== variantFor(combo).ext ? `${scenario.id} is written for .${scenario.only} only` : undefined,
      async open(t, combo) {
        const variant = variantFor(combo);
        const options = { ...esm.esmSessionOptions(variant, scenario.probe) };
        // always named: the column is this compiler, whatever the runtime's default is
        if (options.cli === false) options.env = { ...options.env, AUTORELOAD_COMPILER: combo.compiler, ...envOf(scenario.cliArgs ?? []) };
        else options.cliArgs = [...(options.cliArgs ?? []), "--compiler", combo.compiler, ...(scenario.cliArgs ?? [])];
        if (scenario.env) options.env = { ...options.env, ...scenario.env };
        const s = await session(t, esm.forScenario(variant, scenario.files), scenario.files, options);
        if (adapted) {
          const ask = s.ask;
          s.ask = (expr) => ask(esm.adaptExpression(expr));
        }
        return { s, v: { ...variant, ...combo, name: variant.name, ext: variant.ext } };
      },
    };
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(entry);
  };
  for (const scenario of cjs?.values() ?? []) if (!esm.CJS_ONLY?.has(scenario.id)) add(scenario.id, scenario, true);
  for (const scenario of esm.scenarios ?? []) add(/^[A-Z]\d+/.exec(scenario.id)?.[0] ?? ESM_ALIASES[scenario.id] ?? scenario.id, scenario, false);
  return new Map([...byId].map(([id, cases]) => [id, { id, cases, source: [...new Set(cases.map((c) => c.source))].join(" + ") }]));
}

/** Loads every source of cases once. */
export async function loadCatalogue() {
  // The patch scenarios (P) are written like the CommonJS ones and run as they do (the ES-module
  // columns adapt them, as runtime/test/e2e-esm.test.js does).
  const patch = await importScenarios(RUNTIME_FILES.patch);
  const cjs = new Map([...((await importScenarios(RUNTIME_FILES.cjs)) ?? []), ...(patch ?? [])]);
  const esm = await esmCases(cjs);
  const extraById = new Map(extra.map((s) => [s.id, { ...s, source: "harness/src/matrix/scenarios-extra.js" }]));
  return {
    ids: listScenarioIds(),
    runtime: { cjs, esm },
    extra: extraById,
  };
}

/** Ids whose test is not a matrix case: where it runs instead (part of `npm test`). */
const RUN_ELSEWHERE = {
  P8: "run by runtime/test/frameworks.test.js (a real server's entry file, its own temp projects), not a matrix case",
  P12: "run by runtime/test/frameworks.test.js (real Express, Koa, Fastify and Hono apps), not a matrix case",
};

/**
 * What to do for `id` in `combo`: a case to run, or a verdict with its reason.
 * @returns {{ kind: "run", scenario: any } | { kind: "n/a" | "FAIL", reason: string }}
 */
export function resolveCase(catalogue, id, combo, caps) {
  if (id === "T2") return { kind: "run", scenario: { id, source: "harness/transparency", t2: true } };
  // The combination's own capability (compiler × module format) comes first …
  const cap = caps[`${combo.compiler}·${combo.format}`];
  if (!cap.ok) return { kind: cap.kind, reason: cap.reason };
  const own = catalogue.runtime[combo.format];
  let scenario = own?.get(id);
  if (scenario === undefined) scenario = catalogue.extra.get(id);
  if (scenario === undefined) {
    const other = combo.format === "cjs" ? catalogue.runtime.esm : catalogue.runtime.cjs;
    if (combo.format === "esm" && other?.has(id)) {
      const why = own === undefined ? `${RUNTIME_FILES.esm} does not exist yet` : `${RUNTIME_FILES.esm} has no ${id}`;
      return {
        kind: "n/a",
        reason: `no ES-module case: ${why} (${RUNTIME_FILES.esm} lists it in CJS_ONLY: its expectations do not carry over to ESM namespaces)`,
      };
    }
    if (combo.format === "cjs" && other?.has(id)) {
      return {
        kind: "n/a",
        reason: `an ES-module case only (${RUNTIME_FILES.esm}): it is about ES-module machinery, with no CommonJS counterpart in ${RUNTIME_FILES.cjs}`,
      };
    }
    const elsewhere = RUN_ELSEWHERE[id];
    if (elsewhere !== undefined) return { kind: "n/a", reason: elsewhere };
    return { kind: "FAIL", reason: `no case written for ${id} in any scenario file` };
  }
  // … then whether the scenario applies at all, then what else it needs.
  const why = scenario.applies?.(combo);
  if (why !== undefined) return { kind: "n/a", reason: why };
  for (const need of scenario.needs ?? []) {
    const esm = caps[`${combo.compiler}·esm`];
    if (need === "esm" && !esm.ok) return { kind: esm.kind, reason: `needs ES modules too: ${esm.reason}` };
  }
  if (scenario.cases) {
    const cases = scenario.cases.filter((c) => c.applies(combo) === undefined);
    if (cases.length === 0) return { kind: "n/a", reason: scenario.cases.map((c) => c.applies(combo)).join("; ") };
    return { kind: "run", scenario: { ...scenario, cases } };
  }
  if (scenario.only !== undefined && scenario.only !== combo.name) return { kind: "n/a", reason: `the case is written for ${scenario.only} only` };
  return { kind: "run", scenario };
}
