/**
 * An erasure the object owes, for an object that deletes rows often (the Desk forgets a chat each
 * time one ends). Rewriting its whole database at every delete would make each end cost the size of
 * the queue; instead the first delete since the last rewrite books one, ERASE_WITHIN_SECONDS
 * (schema/erasure.ts) later, and the object's alarm makes it. Booked in storage, so an eviction in
 * between does not forget it.
 */
import { ERASE_WITHIN_SECONDS } from "../schema/erasure";
import { rewriteStorage } from "./rewrite-storage";

/** At most this long after a delete (and the alarm's own delay), nothing of the deleted rows is left in the object's files. */
export const ERASE_WITHIN_MS = ERASE_WITHIN_SECONDS * 1000;

export const ERASURE_TABLE = `CREATE TABLE erasure_due (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)`;

/** Books a rewrite, unless an earlier one is booked already. */
export function eraseSoon(sql: SqlStorage, now: number): void {
  sql.exec("INSERT OR IGNORE INTO erasure_due (id, at) VALUES (1, ?)", now + ERASE_WITHIN_MS);
}

/** When the booked rewrite is due, for the object's alarm; null when none is. */
export function erasureDue(sql: SqlStorage): number | null {
  return sql.exec<{ at: number }>("SELECT at FROM erasure_due").toArray()[0]?.at ?? null;
}

/** Makes the booked rewrite if it is due. The booking is deleted first, so the rewrite drops it too. */
export async function eraseIfDue(storage: DurableObjectStorage, now: number): Promise<void> {
  const due = erasureDue(storage.sql);
  if (due === null || due > now) return;
  storage.sql.exec("DELETE FROM erasure_due");
  await rewriteStorage(storage);
}
