/**
 * The visitor's silent "someone is watching" signal, as the chat's consoles see it. A raise reaches
 * them at once. A lift is held back until the raise has stood for WATCHED_HOLD_MS, and a raise during
 * that hold takes the held lift back without a word: so a page (or a script) switching the signal on
 * and off a hundred times alerts the counsellor once, not two hundred times, and the dashboard counts
 * the chat's signal once. Erring this way is safe: a counsellor who thinks someone reads along when
 * nobody does writes carefully a little longer, while one who thinks the visitor is alone when they
 * are not could write what endangers them. The visitor's own page shows their choice at once.
 */
import type { ServerFrame, Viewer } from "../schema/protocol";

/**
 * How long a raised signal stands for the consoles at least: at most one new alert per chat this
 * often, and a visitor who lifts it by mistake or too soon costs the counsellor two minutes of care.
 */
export const WATCHED_HOLD_MS = 2 * 60_000;

/** Appended to the Conversation's migrations. */
export const WATCHED_COLUMNS = [
  // 1 while the visitor lifted the signal and the consoles still show it (the hold).
  `ALTER TABLE meta ADD COLUMN watched_lifted INTEGER NOT NULL DEFAULT 0`,
  // 1 once the chat's signal was counted in Stats, so raising it again is not counted again.
  `ALTER TABLE meta ADD COLUMN watched_counted INTEGER NOT NULL DEFAULT 0`,
] as const;

type WatchedOut = Extract<ServerFrame, { type: "watched" }>;
type Row = { status: string; watched_at: number | null; watched_lifted: number };

const LIFTED: WatchedOut = { type: "watched", on: false, at: null };

function row(sql: SqlStorage): Row | undefined {
  return sql.exec<Row>("SELECT status, watched_at, watched_lifted FROM meta").toArray()[0];
}

/**
 * The visitor raised or lifted the signal. The frame every socket hears; `held` when a lift waits for
 * the hold to end (the alarm sends it: watchedReleaseAt); null when the consoles' view stays as it is.
 */
export function setWatched(sql: SqlStorage, on: boolean, now: number): WatchedOut | "held" | null {
  const state = row(sql);
  if (!state || state.status === "ended") return null;
  if (on) {
    if (state.watched_at === null) {
      sql.exec("UPDATE meta SET watched_at = ?, watched_lifted = 0", now);
      return { type: "watched", on: true, at: now };
    }
    if (state.watched_lifted) sql.exec("UPDATE meta SET watched_lifted = 0");
    return null;
  }
  if (state.watched_at === null) return null;
  if (now < state.watched_at + WATCHED_HOLD_MS) {
    sql.exec("UPDATE meta SET watched_lifted = 1");
    return "held";
  }
  sql.exec("UPDATE meta SET watched_at = NULL, watched_lifted = 0");
  return LIFTED;
}

/** When a held lift is due, for the chat's alarm; null when none is held. */
export function watchedReleaseAt(sql: SqlStorage): number | null {
  const state = row(sql);
  return state?.watched_lifted && state.watched_at !== null ? state.watched_at + WATCHED_HOLD_MS : null;
}

/** The held lift once its hold is over (the alarm may run early or twice): the frame to send, or null. */
export function releaseWatched(sql: SqlStorage, now: number): WatchedOut | null {
  const due = watchedReleaseAt(sql);
  if (due === null || now < due) return null;
  sql.exec("UPDATE meta SET watched_at = NULL, watched_lifted = 0");
  return LIFTED;
}

/** True the first time in the chat's life: the one signal Stats counts for it. */
export function firstSignal(sql: SqlStorage): boolean {
  return sql.exec("UPDATE meta SET watched_counted = 1 WHERE watched_counted = 0").rowsWritten > 0;
}

/** The signal as a (re)connecting socket should see it: the visitor their own choice, staff the held view. */
export function watchedFrame(sql: SqlStorage, role: Viewer): WatchedOut | null {
  const state = row(sql);
  if (!state || state.watched_at === null || (role === "visitor" && state.watched_lifted)) return null;
  return { type: "watched", on: true, at: state.watched_at };
}

/** A kept chat ended: the signal, a held lift and whether it was counted go (a resumed chat is counted anew). */
export function clearWatched(sql: SqlStorage): void {
  sql.exec("UPDATE meta SET watched_at = NULL, watched_lifted = 0, watched_counted = 0");
}
