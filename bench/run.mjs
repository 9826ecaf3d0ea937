// `npm run bench`: drives the same scenarios against Baken and two baselines, one server at a time,
// and writes BENCHMARKS.md and bench/results/*.json. Options: `npm run bench -- --help`.
import { cpus, tmpdir, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { burst, scale, steady } from "./scenarios.mjs";
import { writeResults, table } from "./report.mjs";
import { startBaken } from "./targets/baken.mjs";
import { startSocketIoRelay, startWsRelay } from "./targets/baselines.mjs";

const { values: args } = parseArgs({
  options: {
    targets: { type: "string", default: "baken,ws,socketio" },
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
    port: { type: "string", default: "8799" },
    // Where Baken keeps its state during the run; a tmpfs (/dev/shm) shows what disk syncs cost.
    "state-dir": { type: "string", default: tmpdir() },
    // Raw figures only, BENCHMARKS.md untouched: for side runs such as an A/B of a change.
    "json-only": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log("npm run bench -- [--targets baken,ws,socketio] [--label before] [--steady-chats 500] [--steady-period 5]\n" +
    "  [--steady-seconds 30] [--burst-chats 200] [--burst-seconds 10] [--scale-steps 250,500,...] [--scale-period 1]\n" +
    "  [--scale-seconds 8] [--p99-bound 100] [--port 8799] [--state-dir /tmp] [--json-only]");
  process.exit(0);
}

const options = {
  steadyChats: Number(args["steady-chats"]),
  steadyPeriod: Number(args["steady-period"]),
  steadySeconds: Number(args["steady-seconds"]),
  burstChats: Number(args["burst-chats"]),
  burstSeconds: Number(args["burst-seconds"]),
  scaleSteps: args["scale-steps"].split(",").map(Number),
  scalePeriod: Number(args["scale-period"]),
  scaleSeconds: Number(args["scale-seconds"]),
  p99BoundMs: Number(args["p99-bound"]),
};

const starters = {
  // The burst must measure the relay, not the per-side limit of LIMITS.messagesPerMinute.
  baken: () => startBaken({ port: Number(args.port), messagesPerMinute: 1_000_000, stateDir: args["state-dir"] }),
  ws: startWsRelay,
  socketio: startSocketIoRelay,
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

for (const key of args.targets.split(",")) {
  const target = await starters[key]();
  console.log(`\n== ${target.name}`);
  try {
    const steadyResult = await steady(target, { chats: options.steadyChats, periodSeconds: options.steadyPeriod, seconds: options.steadySeconds });
    console.log("steady", JSON.stringify(steadyResult));
    const burstResult = await burst(target, { chats: options.burstChats, seconds: options.burstSeconds });
    console.log("burst ", JSON.stringify(burstResult));
    const scaleResult = await scale(target, {
      steps: options.scaleSteps,
      periodSeconds: options.scalePeriod,
      seconds: options.scaleSeconds,
      p99BoundMs: options.p99BoundMs,
    });
    console.log("scale ", JSON.stringify(scaleResult));
    run.targets.push({ key, name: target.name, steady: steadyResult, burst: burstResult, scale: scaleResult });
  } finally {
    await target.stop();
  }
}

const file = writeResults(run, args["json-only"] ? null : new URL("../", import.meta.url));
console.log(`\n${table(run)}\n\nraw figures: ${file.pathname}`);
