// The scenarios, each run the same way against every target that can run it.
import { setTimeout as sleep } from "node:timers/promises";
import { Load } from "./load.mjs";
import { cpuMsOf, watchPeakRss } from "./process-tree.mjs";

/** Runs `body` on a fresh Load, measuring the runtime's peak memory meanwhile. */
async function measured(target, body) {
  const load = new Load(target);
  const rss = watchPeakRss(target.runtimePids);
  try {
    const result = await body(load);
    return { ...result, peakRssMB: Math.round(rss.peakBytes() / 1024 / 1024) };
  } finally {
    rss.stop();
    await load.close();
    await settled(target);
  }
}

/** Server CPU below which a second counts as quiet: a twentieth of a core. */
const QUIET_MS_PER_SECOND = 50;

/**
 * Waits until the server is quiet again (at most a minute), so that the next scenario does not measure
 * this one's end: on Baken every closed chat ends, erases its storage and tells the Desk, a few disk
 * syncs each, and the 500 chats of the steady scenario keep the runtime busy for seconds.
 */
async function settled(target) {
  const cpuMs = () => target.runtimePids().reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  let waited = 0;
  while (waited < 60) {
    const before = cpuMs();
    await sleep(1000);
    waited++;
    if (cpuMs() - before < QUIET_MS_PER_SECOND) break;
  }
  console.log(`(server quiet after ${waited} s)`);
}

/** Many quiet chats: each one message every `periodSeconds`, the sides taking turns. */
export function steady(target, { chats, periodSeconds, seconds }) {
  return measured(target, async (load) => {
    await load.grow(chats);
    load.window();
    load.pace(load.chats, periodSeconds * 1000);
    await sleep(seconds * 1000);
    load.quiet();
    await load.drain();
    return load.figures(seconds);
  });
}

/** Fewer chats, each side sending again as soon as its last message is acknowledged. */
export function burst(target, { chats, seconds }) {
  return measured(target, async (load) => {
    await load.grow(chats);
    load.window();
    load.flood();
    await sleep(seconds * 1000);
    load.quiet();
    await load.drain();
    return load.figures(seconds);
  });
}

/**
 * Adds chats step by step (each one message every `periodSeconds`) and measures each step, until
 * p99 reaches the bound, something is lost or fails, or `maxChats` is reached. The answer is the
 * largest step that held.
 */
export function scale(target, { steps, periodSeconds, seconds, p99BoundMs }) {
  return measured(target, async (load) => {
    const measuredSteps = [];
    let held = null;
    for (const chats of steps) {
      const before = load.chats.length;
      try {
        await load.grow(chats);
      } catch (error) {
        // The runtime gave out while this step's chats were opening (here: the open-file limit, about
        // 1,500 chats under wrangler dev). That step failed; the one before is the answer.
        console.error(`scale: opening ${chats} chats failed: ${error.message}`);
        measuredSteps.push({ chats, failedToOpen: error.message });
        break;
      }
      load.pace(load.chats.slice(before), periodSeconds * 1000);
      // One period to let the new chats' first messages spread out before measuring.
      await sleep(periodSeconds * 1000);
      load.window();
      await sleep(seconds * 1000);
      const step = load.figures(seconds);
      measuredSteps.push(step);
      if (step.latencyMs.p99 >= p99BoundMs || step.errors > 0) break;
      held = step;
    }
    load.quiet();
    await load.drain();
    const { lost, duplicated, reordered, unacked, seqGaps, seqDuplicates } = load.figures(seconds);
    return { held, steps: measuredSteps, lost, duplicated, reordered, unacked, seqGaps, seqDuplicates };
  });
}

/**
 * Chats at a steady pace while every socket is cut at random (each side on average once per
 * `dropEverySeconds`) and comes back through the protocol: hello with since, unacknowledged messages
 * resent by cid. Only for a target that can resume (`target.resumes`); latency includes time offline.
 */
export function drops(target, { chats, periodSeconds, seconds, dropEverySeconds }) {
  return measured(target, async (load) => {
    await load.grow(chats);
    load.window();
    load.pace(load.chats, periodSeconds * 1000);
    load.churn(dropEverySeconds * 1000);
    await sleep(seconds * 1000);
    load.quiet();
    // Sides cut just before the end still have to reconnect and resend.
    await load.drain(30_000);
    return load.figures(seconds);
  });
}
