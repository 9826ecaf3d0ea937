/** The waiting queue, as the Desk orders it: urgent first, then longest waiting. */
import { useEffect, useState } from "preact/hooks";
import type { QueueItem } from "../../schema/desk";

function waited(since: number, now: number): string {
  const s = Math.max(0, Math.round((now - since) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min`;
}

export function Queue({ queue, onAccept }: { queue: QueueItem[]; onAccept: (id: string) => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  return (
    <section class="panel queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Waiting ({queue.length})</h2>
      {queue.length === 0 && <p class="hint">Nobody is waiting.</p>}
      <ul>
        {queue.map((item) => (
          <li key={item.conversationId} class={item.inDanger ? "urgent" : ""}>
            {item.inDanger && <strong>In danger </strong>}
            <span>{item.language.toUpperCase()}</span> · <span>waiting {waited(item.enqueuedAt, now)}</span>
            <button type="button" class="primary" onClick={() => onAccept(item.conversationId)}>Accept</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
