/**
 * Runs after every worker test file: deletes every Durable Object the file made, with its alarms.
 * The plugin loads the worker's module through vitest's module runner on every call into an object,
 * so an alarm (a hello timeout, a goodbye grace, an arrival) or a socket close that lands while the
 * file's runner shuts down leaves a module lookup pending, and vitest fails an otherwise green run with
 * "Closing rpc while "resolve" was pending". Reproduced with alarms set to fire just after a file's last
 * test; none of it happens once the objects are gone.
 */
import { reset } from "cloudflare:test";
import { afterAll } from "vitest";

afterAll(async () => {
  await reset();
});
