// `node -r autoreload/register app.js` / `node --import autoreload/register app.js`:
// starts autoreload with options from the environment (AUTORELOAD_MODE, AUTORELOAD_COMPILER,
// AUTORELOAD_WATCH, AUTORELOAD_QUIET, AUTORELOAD_HIDE_ERRORS, AUTORELOAD_POLL, AUTORELOAD_DEBOUNCE_MS).
import { optionsFromEnv } from "./node/controller/options.js";
import { start } from "./node/controller/start.js";

export const autoreload = start(optionsFromEnv());
