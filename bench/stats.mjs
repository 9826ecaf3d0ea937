// Latency percentiles and the ledger that proves every message arrived once, in order.

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const round = (v) => Math.round(v * 100) / 100;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : 0),
  };
}

/**
 * One direction of one chat (visitor to counsellor or back). Messages carry their send index as
 * cid, so the receiver can tell a duplicate, a reordering and (after the drain) a loss.
 */
export class Stream {
  next = 0;
  sentAt = new Map();
  acked = new Set();
  received = new Set();
  highest = -1;
  duplicated = 0;
  reordered = 0;

  /** Returns the cid for the next message and remembers when it left. */
  send(now) {
    const index = this.next++;
    this.sentAt.set(index, now);
    return String(index);
  }

  ack(cid) {
    this.acked.add(Number(cid));
  }

  /** Records an arrival; returns its end-to-end latency, or null for a duplicate. */
  arrive(cid, now) {
    const index = Number(cid);
    if (this.received.has(index)) {
      this.duplicated++;
      return null;
    }
    this.received.add(index);
    if (index < this.highest) this.reordered++;
    this.highest = Math.max(this.highest, index);
    const sent = this.sentAt.get(index);
    return sent === undefined ? null : now - sent;
  }

  /** Acknowledged messages that never reached the other side. */
  lost() {
    let n = 0;
    for (const index of this.acked) if (!this.received.has(index)) n++;
    return n;
  }

  unacked() {
    return this.next - this.acked.size;
  }

  settled() {
    return this.acked.size === this.next && this.received.size >= this.acked.size;
  }
}
