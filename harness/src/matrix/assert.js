// The assertion object handed to a scenario's `run(t, s, v)`: the subset of ava's `t` the
// scenario files use, backed by node:assert, so the same scenario runs under ava and here.
import assert from "node:assert/strict";

export function assertions() {
  const teardowns = [];
  const logs = [];
  let count = 0;
  const t = {
    logs,
    get assertions() {
      return count;
    },
    is(actual, expected, message) {
      count++;
      assert.ok(Object.is(actual, expected), message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    },
    not(actual, expected, message) {
      count++;
      assert.ok(!Object.is(actual, expected), message ?? `expected something other than ${JSON.stringify(expected)}`);
    },
    deepEqual(actual, expected, message) {
      count++;
      try {
        assert.deepStrictEqual(actual, expected, message);
      } catch (error) {
        throw new Error(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`, { cause: error });
      }
    },
    regex(string, re, message) {
      count++;
      assert.ok(re.test(string), message ?? `${re} does not match:\n${string}`);
    },
    notRegex(string, re, message) {
      count++;
      assert.ok(!re.test(string), message ?? `${re} matches:\n${string}`);
    },
    true(value, message) {
      count++;
      assert.ok(value === true, message ?? `expected true, got ${JSON.stringify(value)}`);
    },
    false(value, message) {
      count++;
      assert.ok(value === false, message ?? `expected false, got ${JSON.stringify(value)}`);
    },
    truthy(value, message) {
      count++;
      assert.ok(value, message ?? `expected a truthy value, got ${JSON.stringify(value)}`);
    },
    pass() {
      count++;
    },
    fail(message) {
      throw new Error(message ?? "failed");
    },
    log: (...values) => logs.push(values.map(String).join(" ")),
    teardown: (fn) => teardowns.push(fn),
    /** Runs the teardowns registered so far, newest first, and forgets them; never throws. */
    async cleanup() {
      const due = teardowns.splice(0).reverse();
      for (const fn of due) {
        try {
          await fn();
        } catch {
          // a teardown that fails must not hide the scenario's own result
        }
      }
    },
  };
  return t;
}
