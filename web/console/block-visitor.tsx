/**
 * Blocking the visitor of a chat for a while, without knowing who they are: by the keyed hash of
 * their network, which changes at midnight UTC, so a block can never outlive that day (the console
 * says so), and a kept chat by its resume code. The chat ends at once.
 */
import { useState } from "preact/hooks";
import { BLOCK_MINUTES, type BlockResult } from "../../schema/block";
import { nextUtcMidnight } from "../../schema/day-key";
import { call } from "../shared/client";
import { useAction } from "./use-action";

const timeOf = new Intl.DateTimeFormat(navigator.languages, { timeStyle: "short" });
const LENGTHS: Record<(typeof BLOCK_MINUTES)[number], string> = { 60: "1 hour", 240: "4 hours", 1440: "24 hours" };

/** "until 15:04 or when the day's key changes at 01:00, whichever comes first", in the staff member's own time. */
export function blockEnds(until: number, network: boolean): string {
  const at = timeOf.format(until);
  if (!network) return `until ${at}`;
  const midnight = nextUtcMidnight(Date.now());
  return until <= midnight ? `until ${at} or when the day's key changes at ${timeOf.format(midnight)}, whichever comes first` : `until ${timeOf.format(midnight)}, when the day's key changes (not ${at})`;
}

type Props = { chatId: string; helpline: string; onBlocked: (result: BlockResult) => void; onCancel: () => void };

export function BlockVisitor({ chatId, helpline, onBlocked, onCancel }: Props) {
  const [minutes, setMinutes] = useState<(typeof BLOCK_MINUTES)[number]>(BLOCK_MINUTES[0]);
  const { message: problem, run } = useAction("Could not block the visitor.");
  const submit = async (e: Event) => {
    e.preventDefault();
    await run(async () => onBlocked(await call("POST /api/console/chats/:id/block", { param: { id: chatId }, json: { minutes }, helpline })));
  };
  return (
    <form class="transfer" onSubmit={submit} aria-label="Block the visitor">
      <h3>Block this visitor</h3>
      <p class="hint">
        The chat ends and the visitor is told kindly they cannot chat for a while, with where else to turn. New chats from
        their network are refused {blockEnds(Date.now() + minutes * 60_000, true)}; a kept chat cannot be resumed until then.
        Nobody learns who they are.
      </p>
      <label>
        For
        <select value={minutes} onChange={(e) => setMinutes(Number(e.currentTarget.value) as (typeof BLOCK_MINUTES)[number])}>
          {BLOCK_MINUTES.map((m) => <option key={m} value={m}>{LENGTHS[m]}</option>)}
        </select>
      </label>
      {problem && <p role="alert" class="notice">{problem}</p>}
      <button class="primary" type="submit">Block and end the chat</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}

/** What the block did, said plainly after the chat ended. */
export function BlockNotice({ result }: { result: BlockResult }) {
  const parts = [
    result.network ? `New chats from this visitor's network are refused ${blockEnds(result.until, true)}.` : "Their network could not be blocked: the day's key changed since the chat started.",
    result.resume ? `Their kept chat cannot be resumed ${blockEnds(result.until, false)}.` : "",
  ];
  return <p role="status" class="notice">{parts.filter(Boolean).join(" ")} A supervisor can lift the block.</p>;
}
