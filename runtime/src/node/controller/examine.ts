// Has a loaded module changed since it last ran? IPython compares mtimes; here mtime and size
// first (one stat), then the content's hash: a save that leaves the same content is no change, and
// content that failed before is not tried again until it changes.
import { readFileSync, statSync } from "node:fs";
import type { ReloadOutcome } from "../report/outcome.js";
import { contentHash, type LoadedModule } from "./module-table.js";

/** How long after a write its mtime may still be shared by the next write (coarse file-system clocks). */
const RECENT_MS = 100;

export type Examined = ReloadOutcome | { readonly kind: "changed"; readonly source: string; readonly hash: string };

/**
 * `force` reads the content even when mtime and size look unchanged (a watcher event was seen).
 * `declined(m)`: why the module refuses reloads (`hot.decline()`), if it does.
 */
export function examine(m: LoadedModule, force: boolean, declined: (m: LoadedModule) => string | undefined): Examined {
  const file = m.file;
  let st;
  try {
    st = statSync(file);
  } catch {
    if (m.deleted) return { kind: "unchanged", file };
    m.deleted = true;
    return { kind: "skipped", file, reason: "deleted" };
  }
  // Same mtime and size is no change — unless the file was written just now: the file system's
  // clock ticks coarsely (a few ms), so a second save of the same size within one tick keeps both.
  const recent = Date.now() - st.mtimeMs < RECENT_MS;
  if (!force && !m.deleted && !recent && st.mtimeMs === m.mtimeMs && st.size === m.size) return { kind: "unchanged", file };
  m.deleted = false;
  m.mtimeMs = st.mtimeMs;
  m.size = st.size;
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return { kind: "skipped", file, reason: "deleted" };
  }
  const hash = contentHash(source);
  if (hash === m.hash) return { kind: "unchanged", file };
  if (hash === m.failedHash) return { kind: "skipped", file, reason: "same-error" };
  if (source.trim() === "") return { kind: "skipped", file, reason: "empty" };
  const reason = declined(m);
  if (reason !== undefined) {
    m.hash = hash;
    return { kind: "declined", file, reason };
  }
  return { kind: "changed", source, hash };
}
