// Latency percentiles and the ledgers that prove every message arrived once, in order, numbered 1..N.

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
 * cid, so the receiver can tell a duplicate, a reordering and (after the drain) a loss. The receiver
 * is one party, on however many sockets it used: an arrival on any of them counts once.
 */
export class Stream {
  next = 0;
  sentAt = new Map();
  acked = new Set();
  received = new Set();
  highest = -1;
  highestSeq = 0;
  duplicated = 0;
  reordered = 0;

  /** Returns the cid for the next message and remembers when it left. */
  send(now) {
    const index = this.next++;
    this.sentAt.set(index, now);
    return String(index);
  }

  /** Records an ack; false when the message was acknowledged before (a resend's ack). */
  ack(cid) {
    const index = Number(cid);
    if (this.acked.has(index)) return false;
    this.acked.add(index);
    return true;
  }

  /**
   * Records an arrival; returns its end-to-end latency, or null for a duplicate. Out of order is an
   * arrival after a later message: later by send index, or by the server's seq where it gives one.
   */
  arrive(cid, now, seq) {
    const index = Number(cid);
    if (this.received.has(index)) {
      this.duplicated++;
      return null;
    }
    this.received.add(index);
    if (index < this.highest || (typeof seq === "number" && seq < this.highestSeq)) this.reordered++;
    this.highest = Math.max(this.highest, index);
    if (typeof seq === "number") this.highestSeq = Math.max(this.highestSeq, seq);
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

/**
 * The server's sequence numbers in one chat, as both sides heard them (from acks and from msgs). Each
 * message must carry one seq, the same in its ack and its delivery, no seq may belong to two messages,
 * and together they must cover 1..N with no gap. A server without seq (the baselines) leaves it empty.
 */
export class SeqLedger {
  owners = new Map();
  seqOf = new Map();
  duplicates = 0;

  /** Message `key` was told (by ack or by delivery) that its seq is `seq`. */
  claim(key, seq) {
    if (typeof seq !== "number") return;
    const owner = this.owners.get(seq);
    const mine = this.seqOf.get(key);
    // Two messages with one seq, or one message with two: either way a number was used twice.
    if ((owner !== undefined && owner !== key) || (mine !== undefined && mine !== seq)) this.duplicates++;
    if (owner === undefined) this.owners.set(seq, key);
    if (mine === undefined) this.seqOf.set(key, seq);
  }

  /** Numbers in 1..highest that no message carries (only meaningful once everything is delivered). */
  gaps() {
    let highest = 0;
    for (const seq of this.owners.keys()) highest = Math.max(highest, seq);
    return highest - this.owners.size;
  }

  tracked() {
    return this.owners.size > 0;
  }
}
