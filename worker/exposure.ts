/**
 * Each counsellor's exposure this shift, kept in the Desk beside their presence (and read with it and
 * the held chats for the team's load): chats and minutes
 * handled, heavy chats, and when they last had a break. Counts and times only: no chat id, no topic of
 * a chat, no text. A new shift (schema/wellbeing.ts, SHIFT_GAP_MS) starts the row afresh, and a
 * disabled account's row is deleted with its presence.
 */
import { type Exposure, SHIFT_GAP_MS, type TeamLoad, type WellbeingSettings, type WellbeingView } from "../schema/wellbeing";
import { OBSERVER_ROLES, type StaffMember } from "../schema/staff";

export const EXPOSURE_TABLE = `CREATE TABLE exposure (
  staff_id TEXT PRIMARY KEY,
  shift_started_at INTEGER NOT NULL,
  last_online_at INTEGER NOT NULL,
  chats INTEGER NOT NULL DEFAULT 0,
  chat_seconds INTEGER NOT NULL DEFAULT 0,
  heavy_chats INTEGER NOT NULL DEFAULT 0,
  last_heavy_at INTEGER,
  break_at INTEGER
)`;

type Row = {
  staff_id: string;
  shift_started_at: number;
  last_online_at: number;
  chats: number;
  chat_seconds: number;
  heavy_chats: number;
  last_heavy_at: number | null;
  break_at: number | null;
};

export class ExposureStore {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * A console of this counsellor connected. With no other of theirs open and none seen for the shift
   * gap, a new shift starts: the counts go back to zero and the shift's start counts as a break.
   */
  online(staffId: string, othersOpen: boolean, away: boolean, now: number): void {
    const row = this.row(staffId);
    if (row && (othersOpen || now - row.last_online_at < SHIFT_GAP_MS)) return this.seen(staffId, now);
    this.sql.exec(
      `INSERT INTO exposure (staff_id, shift_started_at, last_online_at, break_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET shift_started_at = excluded.shift_started_at, last_online_at = excluded.last_online_at,
         chats = 0, chat_seconds = 0, heavy_chats = 0, last_heavy_at = NULL, break_at = excluded.break_at`,
      staffId,
      now,
      now,
      away ? null : now,
    );
  }

  /** A sign the counsellor is still at work (a console closing, a chat ending): the shift goes on. */
  seen(staffId: string, now: number): void {
    this.sql.exec("UPDATE exposure SET last_online_at = ? WHERE staff_id = ?", now, staffId);
  }

  /** A chat left the counsellor (ended, or handed over): one more chat, and its minutes. */
  chatDone(staffId: string, seconds: number, now: number): void {
    this.sql.exec(
      "UPDATE exposure SET chats = chats + 1, chat_seconds = chat_seconds + ?, last_online_at = ? WHERE staff_id = ?",
      Math.max(0, seconds),
      now,
      staffId,
    );
  }

  /** The counsellor categorised an ended chat with a heavy topic. */
  heavyChat(staffId: string, now: number): void {
    this.sql.exec("UPDATE exposure SET heavy_chats = heavy_chats + 1, last_heavy_at = ? WHERE staff_id = ?", now, staffId);
  }

  /** Going away starts a break (null: on a break); coming back ends it, and the clock starts again. */
  statusChanged(staffId: string, wasAway: boolean, away: boolean, now: number): void {
    if (away && !wasAway) this.sql.exec("UPDATE exposure SET break_at = NULL WHERE staff_id = ?", staffId);
    if (!away && wasAway) this.sql.exec("UPDATE exposure SET break_at = ? WHERE staff_id = ?", now, staffId);
  }

  /** The account was disabled: its exposure goes with its presence. */
  forget(staffId: string): void {
    this.sql.exec("DELETE FROM exposure WHERE staff_id = ?", staffId);
  }

  /** This counsellor's shift so far; a fresh one if the Desk has not seen them yet. */
  mine(staffId: string, now: number): Exposure {
    const row = this.row(staffId);
    return row ? exposureOf(row) : { shiftStartedAt: now, chats: 0, chatMinutes: 0, heavyChats: 0, lastHeavyAt: null, breakAt: now };
  }

  /**
   * What each console's snapshot carries: its own shift, the nudge settings, and for supervisors the
   * team. `online`: the staff with a console open now. The team is read once, and only if asked for.
   */
  views(online: Set<string>, settings: WellbeingSettings, now: number): (staff: StaffMember) => WellbeingView {
    let team: TeamLoad[] | null = null;
    const nudges = { nudgeAfterHeavy: settings.nudgeAfterHeavy, nudgeAfterMinutes: settings.nudgeAfterMinutes };
    return (staff) => {
      const supervises = OBSERVER_ROLES.includes(staff.role);
      if (supervises && team === null) team = this.team(online, now);
      return { me: this.mine(staff.id, now), settings: nudges, team: supervises ? team : null };
    };
  }

  /**
   * Everyone on shift (a console open now, or seen within the shift gap) whom the Desk's presence
   * knows, with the chats they hold now: names and numbers only.
   */
  private team(online: Set<string>, now: number): TeamLoad[] {
    return this.sql
      .exec<Row & { display_name: string; open: number }>(
        `SELECT e.*, p.display_name, (SELECT count(*) FROM chats c WHERE c.state = 'held' AND c.staff_id = e.staff_id) AS open
         FROM exposure e JOIN presence p ON p.staff_id = e.staff_id ORDER BY p.display_name`,
      )
      .toArray()
      .filter((row) => online.has(row.staff_id) || now - row.last_online_at < SHIFT_GAP_MS)
      .map((row) => {
        const { shiftStartedAt: _start, lastHeavyAt: _heavy, ...load } = exposureOf(row);
        return { displayName: row.display_name, online: online.has(row.staff_id), openChats: row.open, ...load };
      });
  }

  private row(staffId: string): Row | undefined {
    return this.sql.exec<Row>("SELECT * FROM exposure WHERE staff_id = ?", staffId).toArray()[0];
  }
}

function exposureOf(row: Row): Exposure {
  return {
    shiftStartedAt: row.shift_started_at,
    chats: row.chats,
    chatMinutes: Math.round(row.chat_seconds / 60),
    heavyChats: row.heavy_chats,
    lastHeavyAt: row.last_heavy_at,
    breakAt: row.break_at,
  };
}
