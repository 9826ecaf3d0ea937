/**
 * How soon a row an object often deletes (the Desk's record of a chat that ended) is gone from that
 * object's files as well as from its table: worker/erasure-due.ts. Here, so the inventory and the
 * privacy text state the number the worker keeps.
 */
export const ERASE_WITHIN_SECONDS = 10;
