/** Shared by the safeguarding tests: counts in Stats and the raw audit trail. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { DEFAULT_HELPLINE } from "../../schema/helpline";

/** The sum of a metric's counters (optionally one dimension) in the default helpline's Stats. */
export async function statTotal(metric: string, dimension?: string): Promise<number> {
  const rows = await runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
    state.storage.sql.exec<{ dimension: string; count: number }>("SELECT dimension, count FROM counters WHERE metric = ?", metric).toArray(),
  );
  return rows.filter((r) => dimension === undefined || r.dimension === dimension).reduce((sum, r) => sum + r.count, 0);
}

/** Every audit row as stored, every column. */
export function auditRows(): Promise<Record<string, SqlStorageValue>[]> {
  return runInDurableObject(env.STAFF.getByName("staff"), (_obj, state) => state.storage.sql.exec("SELECT * FROM audit ORDER BY id").toArray());
}
