// End-to-end for ES modules: each scenario in a fresh temp project ("type": "module") with an ES
// module probe entry, through both entry points (`autoreload main.mjs` for JS, `node --import
// autoreload/register main.mjs` for TS). Runs the CommonJS scenario definitions that apply to ES
// modules (scenarios-cjs.js) and the ES-module-only ones (scenarios-esm.js). The compiler is the
// default one (auto); `AUTORELOAD_COMPILER=babel npx ava runtime/test/e2e-esm.test.js` runs them
// all with Babel.
import test from "ava";
import { scenarios as cjsScenarios } from "./scenarios-cjs.js";
import { scenarios as esmScenarios, ESM_VARIANTS, CJS_ONLY, adaptExpression, esmSessionOptions, forScenario } from "./scenarios-esm.js";
import { scenarios as patchScenarios } from "./scenarios-patch.js";
import { session } from "./helpers/session.js";

const all = [...cjsScenarios.filter((s) => !CJS_ONLY.has(s.id)), ...esmScenarios, ...patchScenarios];

for (const variant of ESM_VARIANTS) {
  for (const scenario of all) {
    if (scenario.only !== undefined && scenario.only !== variant.ext) continue;
    (scenario.failing === true ? test.failing : test)(`${scenario.id} [${variant.name}] ${scenario.title}`, async (t) => {
      const options = esmSessionOptions(variant, scenario.probe);
      const s = await session(
        t,
        forScenario(variant, scenario.files),
        scenario.files,
        scenario.env === undefined ? options : { ...options, env: scenario.env },
      );
      const ask = s.ask;
      s.ask = (expr) => ask(adaptExpression(expr));
      await scenario.run(t, s, variant);
    });
  }
}
