// End-to-end: each scenario in a fresh temp project, `autoreload main.cjs` in a child process.
import test from "ava";
import { scenarios as cjsScenarios } from "./scenarios-cjs.js";
import { scenarios as patchScenarios } from "./scenarios-patch.js";
import { session, VARIANTS } from "./helpers/session.js";

for (const variant of VARIANTS) {
  for (const scenario of [...cjsScenarios, ...patchScenarios]) {
    test(`${scenario.id} [${variant.name}] ${scenario.title}`, async (t) => {
      const s = await session(t, variant, scenario.files, { probe: scenario.probe, ...(scenario.env ? { env: scenario.env } : {}) });
      await scenario.run(t, s, variant);
    });
  }
}
