// The quick subset of the conformance matrix (`npm run conformance -- --quick`), one ava test per
// combination. A FAIL fails the test with its cause; n/a cells are logged with their reason.
import test from "ava";
import { detectCapabilities } from "../src/matrix/capabilities.js";
import { combos } from "../src/matrix/combos.js";
import { runMatrix } from "../src/matrix/run.js";

const capabilities = detectCapabilities();

for (const combo of combos()) {
  test.serial(`conformance --quick [${combo.id}]`, async (t) => {
    t.timeout(120_000);
    const { cells } = await runMatrix({
      quick: true,
      compiler: combo.compiler,
      format: combo.format,
      lang: combo.lang,
      capabilities: await capabilities,
      jobs: 2,
    });
    const by = (status) => cells.filter((c) => c.status === status);
    for (const c of by("n/a")) t.log(`n/a ${c.id}: ${c.reason}`);
    t.log(`pass ${by("pass").length}, FAIL ${by("FAIL").length}, n/a ${by("n/a").length}`);
    t.deepEqual(
      by("FAIL").map((c) => `${c.id}: ${c.reason}`),
      [],
    );
  });
}
