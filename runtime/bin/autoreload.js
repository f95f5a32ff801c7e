#!/usr/bin/env node
// The `autoreload` command. A file of its own, present before the build, so that npm links the
// bin on install in a fresh clone of the repository (it links bins before `prepare` builds dist/).
import "../dist/node/cli/cli.js";
