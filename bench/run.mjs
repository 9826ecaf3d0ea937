// `npm run bench`: drives the same scenarios against Baken and three baselines, one server at a time,
// and writes BENCHMARKS.md and bench/results/*.json. Options: `npm run bench -- --help`. The drops
// scenario runs on Baken only: the relays have no way to resume a cut socket.
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { burst, drops, scale, steady } from "./scenarios.mjs";
import { writeResults, table } from "./report.mjs";
import { startBaken } from "./targets/baken.mjs";
import { startPgRelay, startSocketIoRelay, startWsRelay } from "./targets/baselines.mjs";

const { values: args } = parseArgs({
  options: {
    // The durable pair first, one after the other, so that they share the machine's load the most.
    targets: { type: "string", default: "baken,pg,ws,socketio" },
    // Scale last: it may take the runtime down at its largest steps.
    scenarios: { type: "string", default: "steady,burst,drops,scale" },
    label: { type: "string", default: "run" },
    "steady-chats": { type: "string", default: "500" },
    "steady-period": { type: "string", default: "5" },
    "steady-seconds": { type: "string", default: "30" },
    "burst-chats": { type: "string", default: "200" },
    "burst-seconds": { type: "string", default: "10" },
    "scale-steps": { type: "string", default: "100,250,500,1000,1500,2000,3000" },
    "scale-period": { type: "string", default: "1" },
    "scale-seconds": { type: "string", default: "8" },
    "p99-bound": { type: "string", default: "100" },
    "drops-chats": { type: "string", default: "200" },
    "drops-period": { type: "string", default: "1" },
    "drops-seconds": { type: "string", default: "20" },
    // Mean seconds between two cuts of one side's socket.
    "drop-every": { type: "string", default: "10" },
    port: { type: "string", default: "8799" },
    // Where Baken and the Postgres cluster keep their state during the run; a tmpfs (/dev/shm) shows
    // what disk syncs cost.
    "state-dir": { type: "string", default: tmpdir() },
    // Raw figures only, BENCHMARKS.md untouched: for side runs such as an A/B of a change.
    "json-only": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log("npm run bench -- [options]   (the values shown are the defaults)\n" +
    "  --targets baken,pg,ws,socketio   servers to run, in this order (pg: ws relay + PostgreSQL 15;\n" +
    "                                   baken-dev: Baken behind wrangler dev's proxy, to measure that hop)\n" +
    "  --scenarios steady,burst,drops,scale   scenarios to run on each (drops: Baken only)\n" +
    "  --steady-chats 500 --steady-period 5 --steady-seconds 30   chats, seconds between a chat's messages, run time\n" +
    "  --burst-chats 200 --burst-seconds 10\n" +
    "  --scale-steps 100,250,... --scale-period 1 --scale-seconds 8 --p99-bound 100   steps of chats, seconds per step, p99 bound (ms)\n" +
    "  --drops-chats 200 --drops-period 1 --drops-seconds 20 --drop-every 10   as steady, each socket cut on average once per --drop-every s\n" +
    "  --port 8799 --state-dir /tmp     Baken's port; where Baken and Postgres keep their state (/dev/shm: no disk syncs)\n" +
    "  --label run                      prefix of the raw figures' file in bench/results/\n" +
    "  --json-only                      raw figures only, BENCHMARKS.md untouched");
  process.exit(0);
}

const options = {
  scenarios: args.scenarios.split(","),
  steadyChats: Number(args["steady-chats"]),
  steadyPeriod: Number(args["steady-period"]),
  steadySeconds: Number(args["steady-seconds"]),
  burstChats: Number(args["burst-chats"]),
  burstSeconds: Number(args["burst-seconds"]),
  scaleSteps: args["scale-steps"].split(",").map(Number),
  scalePeriod: Number(args["scale-period"]),
  scaleSeconds: Number(args["scale-seconds"]),
  p99BoundMs: Number(args["p99-bound"]),
  dropsChats: Number(args["drops-chats"]),
  dropsPeriod: Number(args["drops-period"]),
  dropsSeconds: Number(args["drops-seconds"]),
  dropEverySeconds: Number(args["drop-every"]),
};

const scenarios = {
  steady: (target) => steady(target, { chats: options.steadyChats, periodSeconds: options.steadyPeriod, seconds: options.steadySeconds }),
  burst: (target) => burst(target, { chats: options.burstChats, seconds: options.burstSeconds }),
  scale: (target) =>
    scale(target, { steps: options.scaleSteps, periodSeconds: options.scalePeriod, seconds: options.scaleSeconds, p99BoundMs: options.p99BoundMs }),
  drops: (target) =>
    drops(target, { chats: options.dropsChats, periodSeconds: options.dropsPeriod, seconds: options.dropsSeconds, dropEverySeconds: options.dropEverySeconds }),
};

const starters = {
  // The burst must measure the relay, not the per-side limit of LIMITS.messagesPerMinute.
  baken: () => startBaken({ port: Number(args.port), messagesPerMinute: 1_000_000, stateDir: args["state-dir"] }),
  "baken-dev": () => startBaken({ port: Number(args.port), messagesPerMinute: 1_000_000, stateDir: args["state-dir"], dev: true }),
  ws: startWsRelay,
  socketio: startSocketIoRelay,
  pg: () => startPgRelay({ stateDir: args["state-dir"] }),
};

const run = {
  label: args.label,
  startedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  },
  options: { ...options, stateDir: args["state-dir"] },
  targets: [],
};

const targetKeys = args.targets.split(",");
for (const name of [...targetKeys.filter((k) => !starters[k]), ...options.scenarios.filter((s) => !scenarios[s])]) {
  console.error(`unknown target or scenario: ${name} (see --help)`);
  process.exit(2);
}

for (const key of targetKeys) {
  const target = await starters[key]();
  console.log(`\n== ${target.name}`);
  const results = { key, name: target.name };
  try {
    for (const scenario of options.scenarios) {
      if (scenario === "drops" && !target.resumes) continue;
      // Other jobs share the machine: the 1-minute load average before and after says how much.
      const loadBefore = loadavg()[0];
      const figures = await scenarios[scenario](target);
      results[scenario] = { ...figures, loadAverage: [loadBefore, loadavg()[0]].map((l) => Math.round(l * 10) / 10) };
      console.log(scenario.padEnd(6), JSON.stringify(results[scenario]));
    }
    run.targets.push(results);
  } finally {
    await target.stop();
  }
}

const file = writeResults(run, args["json-only"] ? null : new URL("../", import.meta.url));
console.log(`\n${table(run)}\n\nraw figures: ${file.pathname}`);
