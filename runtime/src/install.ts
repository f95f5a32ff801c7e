// `import "autoreload/install"` / `require("autoreload/install")`: emitted by the plugins at the
// top of instrumented modules; installs the core runtime global if it is not there yet.
import { installGlobal } from "./core/global.js";

installGlobal();
