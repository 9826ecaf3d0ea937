/**
 * When the day's network key changes: at midnight UTC (worker/daily-key.ts). Every network hash, and
 * so every block on a network, ends then; the console says so beside each block.
 */
const DAY_MS = 86_400_000;

/** The UTC day of `now`, as YYYY-MM-DD: the day a key is made for. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The first moment of the UTC day after `now`'s: when the key made on `now`'s day goes. */
export function nextUtcMidnight(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
}
