/**
 * The categorisations a counsellor owes: one per chat they held when it ended, kept as counts on their
 * presence row, so the Desk forgets which chats they were the moment they end. Of those, `uncounted`
 * are chats whose answer Stats never counted (it could not be reached when the chat was offered or
 * taken): their categorisation is still asked and settled, but not counted, so the dashboard's
 * categorised chats never outnumber its answered ones (linked.ts).
 */

/** Appended to the Desk's migrations. */
export const OWED_SCHEMA = ["ALTER TABLE presence ADD COLUMN uncounted INTEGER NOT NULL DEFAULT 0"] as const;

/** A chat this counsellor held ended: they owe its categorisation, counted when its answer was. */
export function owe(sql: SqlStorage, staffId: string, answerCounted: boolean): void {
  sql.exec(
    "UPDATE presence SET uncategorised = uncategorised + 1, uncounted = uncounted + ? WHERE staff_id = ?",
    answerCounted ? 0 : 1,
    staffId,
  );
}

/**
 * Settles one owed categorisation, an uncounted one first: "counted" when Stats should count it,
 * "uncounted" when not, null when the counsellor owes none (so counts cannot be inflated).
 */
export function settle(sql: SqlStorage, staffId: string): "counted" | "uncounted" | null {
  const owed = sql.exec<{ uncategorised: number; uncounted: number }>("SELECT uncategorised, uncounted FROM presence WHERE staff_id = ?", staffId).toArray()[0];
  if (!owed || owed.uncategorised === 0) return null;
  const uncounted = owed.uncounted > 0;
  sql.exec("UPDATE presence SET uncategorised = uncategorised - 1, uncounted = uncounted - ? WHERE staff_id = ?", Number(uncounted), staffId);
  return uncounted ? "uncounted" : "counted";
}
