/**
 * The few places that feed the Stats object call it through here, so a counting failure is logged
 * and never breaks the chat it counts.
 */
import { logError } from "./log";

type StatsStub = DurableObjectStub<import("./stats").Stats>;

export async function count(env: Env, helpline: string, record: (stats: StatsStub) => Promise<void>): Promise<void> {
  try {
    await record(env.STATS.getByName(helpline));
  } catch (error) {
    logError("stats.count_failed", error);
  }
}
