// Undoes what the harness set up outside its own process (a Postgres cluster in a temp dir) also when
// the run is interrupted: Ctrl-C or a kill would otherwise end Node before any `finally` runs and leave
// the cluster running and its files behind.

/** @type {Set<() => Promise<void>>} */
const pending = new Set();

async function interrupted(signal) {
  console.error(`\n${signal}: cleaning up before exit`);
  await Promise.allSettled([...pending].map((undo) => undo()));
  process.exit(signal === "SIGINT" ? 130 : 143);
}

let installed = false;

/**
 * Runs `undo` if the harness is interrupted before the returned function is called. Call the
 * returned function (it runs `undo` once) on the ordinary way out.
 * @param {() => Promise<void>} undo
 */
export function untilDone(undo) {
  if (!installed) {
    installed = true;
    for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, interrupted);
  }
  let done = null;
  const once = () => {
    if (done) return done;
    pending.delete(once);
    done = undo();
    return done;
  };
  pending.add(once);
  return once;
}
