/**
 * For supervisors and admins: the blocks in force at this helpline (how many, until when, who set
 * them; never the network or the chat), and lifting one.
 */
import { useEffect, useState } from "preact/hooks";
import type { ActiveBlock } from "../../schema/block";
import { call, failureMessage } from "../shared/client";
import { blockEnds } from "./block-visitor";

export function Blocks({ helpline }: { helpline: string }) {
  const [blocks, setBlocks] = useState<ActiveBlock[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => setBlocks((await call("GET /api/console/blocks", { helpline })).blocks);
  useEffect(() => void load().catch(() => setMessage("Could not load the blocks.")), []);
  const lift = async (id: string) => {
    setMessage(null);
    let said = "The block was lifted.";
    try {
      await call("POST /api/console/blocks/:id/lift", { param: { id }, helpline });
    } catch (err) {
      said = failureMessage(err, "Could not lift the block.");
    }
    // Said once the list is fresh, so what it shows and what the message says agree.
    await load().catch(() => undefined);
    setMessage(said);
  };
  return (
    <section class="panel" aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Blocked visitors</h2>
      <p class="hint">
        Blocks are stored beside the day's network key, so they hold through quiet hours, restarts and deploys; the key is
        deleted at midnight UTC, and every block on a network ends then at the latest. A block on a kept chat ends on time
        either way.
      </p>
      {message && <p role="status" class="notice">{message}</p>}
      {blocks && <p data-blocks={blocks.length}>{blocks.length === 1 ? "1 block in force." : `${blocks.length} blocks in force.`}</p>}
      <ul>
        {blocks?.map((b) => (
          <li key={b.id}>
            {[b.network ? "network" : "", b.resume ? "kept chat" : ""].filter(Boolean).join(" and ")} blocked by {b.by},{" "}
            {blockEnds(b.until, b.network)}{" "}
            <button type="button" onClick={() => void lift(b.id)}>Lift</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
