// A throwaway PostgreSQL 15 cluster for the Postgres relay: initdb into a fresh temp dir, a server
// listening only on a unix socket in that dir, durable as Baken is (fsync on, synchronous_commit on:
// a COMMIT returns once its WAL is on disk), and stopped and deleted at the end, also when the run is
// interrupted.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { chownSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { untilDone } from "../cleanup.mjs";
import { processTree } from "../process-tree.mjs";

const BIN = "/usr/lib/postgresql/15/bin";
const USER = "bench";
// Only names the socket file (.s.PGSQL.5432): nothing listens on TCP.
const PORT = 5432;

/**
 * initdb refuses to run as root. As root, the cluster runs as an unprivileged account (Debian's
 * `postgres`, else `nobody`) through setpriv, which execs in place: the child's pid is the server's.
 */
function asClusterOwner(dir) {
  if (process.getuid?.() !== 0) return { owner: "the harness's user", as: (command, args) => [command, args] };
  const account = ["postgres", "nobody"].find((name) => spawnSync("id", ["-u", name]).status === 0);
  if (!account) throw new Error("running as root and no unprivileged account (postgres, nobody) for initdb");
  const uid = Number(spawnSync("id", ["-u", account], { encoding: "utf8" }).stdout);
  const gid = Number(spawnSync("id", ["-g", account], { encoding: "utf8" }).stdout);
  chownSync(dir, uid, gid);
  return { owner: account, as: (command, args) => ["setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", command, ...args]] };
}

/** Waits until the server takes connections, or fails with the end of its log if it exits first. */
async function ready(server, host, logFile) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited (${server.exitCode}):\n${readFileSync(logFile, "utf8").slice(-2000)}`);
    const client = new pg.Client({ host, port: PORT, user: USER, database: "postgres" });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** @param {{ stateDir: string }} options */
export async function startPostgres({ stateDir }) {
  const dir = mkdtempSync(join(stateDir, "baken-bench-pg-"));
  /** @type {import("node:child_process").ChildProcess | null} */
  let server = null;
  const stop = untilDone(async () => {
    // SIGINT is Postgres's fast shutdown: end the sessions, write a checkpoint, exit.
    if (server && server.exitCode === null) {
      server.kill("SIGINT");
      await once(server, "exit");
    }
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const { owner, as } = asClusterOwner(dir);
    const data = join(dir, "data");
    // --no-sync: the cluster is thrown away, so initdb need not sync its template files; the server
    // below still syncs every commit.
    const [initdb, initArgs] = as(`${BIN}/initdb`, ["-D", data, "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
    const init = spawnSync(initdb, initArgs, { encoding: "utf8" });
    if (init.status !== 0) {
      throw new Error(`initdb as ${owner} in ${dir} failed (${init.status ?? init.error?.message}; --state-dir must be reachable by ${owner}):\n${init.stderr}`);
    }
    const logFile = join(dir, "postgres.log");
    const [postgres, serverArgs] = as(`${BIN}/postgres`, [
      "-D", data,
      "-c", "listen_addresses=",
      "-c", `unix_socket_directories=${dir}`,
      "-c", `port=${PORT}`,
      "-c", "fsync=on",
      "-c", "synchronous_commit=on",
      "-c", "full_page_writes=on",
    ]);
    const log = openSync(logFile, "a");
    server = spawn(postgres, serverArgs, { stdio: ["ignore", log, log] });
    const started = server;
    await ready(started, dir, logFile);
    return {
      /** What the relay needs to connect: libpq's environment variables, which `pg` reads too. */
      env: { PGHOST: dir, PGPORT: String(PORT), PGUSER: USER, PGDATABASE: "postgres" },
      /** The postmaster and its backends, WAL writer and checkpointer. */
      pids: () => (started.exitCode === null ? processTree(started.pid) : []),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
