/**
 * The waiting queue, as the Desk orders it: urgent first, then longest waiting. Urgent chats are
 * marked, announced to screen readers, and (if the counsellor turned sound on) with a chime.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { DeskSnapshot, QueueItem } from "../../schema/desk";
import { acceptName } from "./accept-name";
import { chime } from "./alert-sound";

function waited(since: number, now: number): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

const urgent = (item: QueueItem) => item.inDanger === true || item.riskWord;

type Props = { queue: QueueItem[]; flood: DeskSnapshot["flood"]; sound: boolean; canAccept: boolean; onAccept: (id: string) => void };

export function Queue({ queue, flood, sound, canAccept, onAccept }: Props) {
  const [now, setNow] = useState(Date.now());
  const [announcement, setAnnouncement] = useState("");
  const known = useRef(new Set<string>());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  useEffect(() => {
    const fresh = queue.filter((q) => urgent(q) && !known.current.has(q.conversationId));
    known.current = new Set(queue.filter(urgent).map((q) => q.conversationId));
    if (fresh.length === 0) return;
    setAnnouncement(`${fresh.length} new urgent chat${fresh.length > 1 ? "s" : ""} waiting`);
    if (sound) chime();
  }, [queue]);
  return (
    <section class="panel queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Waiting ({queue.length})</h2>
      <p class="visually-hidden" role="alert">{announcement}</p>
      {flood && (
        // A count, never an address: enough to read a flood for what it is and not to chase anyone.
        <p class="flood">
          Up to {flood.perMinute} chats a minute were started in the last {flood.minutes} minutes, far more than usual. Urgent
          marks from a network that keeps starting chats do not jump the queue beyond the first few.
        </p>
      )}
      {queue.length === 0 && <p class="hint">Nobody is waiting.</p>}
      <ul>
        {queue.map((item) => (
          <li key={item.conversationId} class={`${urgent(item) ? "urgent" : ""} ${item.offered ? "offered" : ""}`} data-chat={item.conversationId}>
            {item.inDanger && <strong class="badge">In danger</strong>}
            {item.riskWord && <strong class="badge">Risk word</strong>}
            {item.offered && <strong class="badge offer">Offered to you</strong>}
            {item.channel && <span class="badge">Outreach: {item.channel}</span>}
            <span>{item.language.toUpperCase()}</span> · <span class="waited">waiting {waited(item.enqueuedAt, now)}</span>
            <button type="button" class="primary" disabled={!canAccept} aria-label={acceptName(item, now)} onClick={() => onAccept(item.conversationId)}>
              Accept
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
