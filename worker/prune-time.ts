/**
 * When an alarm deletes a row that expires at `expiry`: at the next whole minute, so a busy minute's
 * many expiries make one alarm rather than one each, and no row stays more than a minute past its life.
 */
const MINUTE_MS = 60_000;

export function pruneAt(expiry: number): number {
  return Math.ceil(expiry / MINUTE_MS) * MINUTE_MS;
}
