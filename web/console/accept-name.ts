/**
 * What a screen reader hears for a queue item's Accept button: which chat it takes, told apart by
 * what the counsellor sees beside it. Whole minutes only, so the name does not change every second.
 */
import type { QueueItem } from "../../schema/desk";

const LANGUAGE_NAMES: Record<QueueItem["language"], string> = { nl: "Dutch", en: "English" };

export function acceptName(item: QueueItem, now: number): string {
  const minutes = Math.floor(Math.max(0, now - item.enqueuedAt) / 60_000);
  const marks = [
    minutes === 0 ? "waiting less than a minute" : `waiting ${minutes} min`,
    item.inDanger ? "in danger" : null,
    item.riskWord ? "risk word" : null,
    item.offered ? "offered to you" : null,
    item.channel ? `outreach: ${item.channel}` : null,
    `in ${LANGUAGE_NAMES[item.language]}`,
  ];
  return `Accept chat ${marks.filter((m) => m !== null).join(", ")}`;
}
