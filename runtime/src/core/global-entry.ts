// Entry of `autoreload/core.global.js`: a single file with no imports that installs the core
// runtime as `globalThis.__autoreload`, for classic scripts, `node:vm` realms and browsers.
import { installGlobal } from "./global.js";

installGlobal();
