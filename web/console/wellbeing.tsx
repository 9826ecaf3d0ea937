/**
 * The counsellor's own shift in one line (chats, minutes, heavy chats, time since the last break) and
 * a kind suggestion to take a break, after a heavy chat or a long stretch (helpline settings). Taking
 * the break sets the status to away; "Not now" hides the suggestion until there is a new reason.
 */
import { useEffect, useState } from "preact/hooks";
import { type WellbeingView, minutesBetween, nudgeFor } from "../../schema/wellbeing";

const TICK_MS = 30_000;

/** Now, refreshed twice a minute, so the minutes since a break move without a new snapshot. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

type Props = { wellbeing: WellbeingView; onBreak: () => void };

export function Shift({ wellbeing, onBreak }: Props) {
  const now = useNow();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const { me } = wellbeing;
  const nudge = nudgeFor(me, wellbeing.settings, now);
  const occasion = nudge && `${nudge.reason}:${nudge.since}`;
  return (
    <section class="shift" aria-label="Your shift">
      <p>
        This shift: {me.chats} {me.chats === 1 ? "chat" : "chats"}, {me.chatMinutes} min in chats, {me.heavyChats} heavy ·{" "}
        {me.breakAt === null ? "on a break" : `${minutesBetween(me.breakAt, now)} min since your last break`}
      </p>
      {nudge && occasion !== dismissed && (
        <div class="nudge" role="status">
          <strong>Take a break?</strong>{" "}
          {nudge.reason === "heavy"
            ? "That was a heavy chat. A few minutes away from the screen can help; your open chats stay with you."
            : `You have been working for ${minutesBetween(nudge.since, now)} minutes without a break.`}{" "}
          <button type="button" onClick={onBreak}>Take a break</button>{" "}
          <button type="button" onClick={() => setDismissed(occasion)}>Not now</button>
        </div>
      )}
    </section>
  );
}
