// The load driver: opens chats on a target and drives them in one of three shapes, optionally cutting
// their sockets at random meanwhile, recording every message's end-to-end latency and whether it
// arrived once, in order.
import { setTimeout as sleep } from "node:timers/promises";
import { cpuMsOf } from "./process-tree.mjs";
import { SeqLedger, Stream, summarize } from "./stats.mjs";

const TEXT = "Ik weet niet goed hoe ik dit moet zeggen, maar ik wil graag met iemand praten over wat er gebeurt.";

/** A set of open chats and everything measured on them. */
export class Load {
  chats = [];
  streams = [];
  /** One SeqLedger per chat: the server's seq, checked across both directions. */
  ledgers = [];
  latencies = [];
  errors = 0;
  /** What the errors were (an error frame's code, a close code, a chat that failed to open), counted. */
  errorKinds = {};
  delivered = 0;
  /** False once the senders stop; the flood checks it before each next message. */
  running = true;
  /** Whether sockets were cut (churn): only then do drops and reconnects belong in the figures. */
  churned = false;

  constructor(target) {
    this.target = target;
  }

  /** Opens chats until there are `count`, a few at a time. */
  async grow(count, concurrency = 16) {
    let failures = 0;
    let pendingOpens = 0;
    const worker = async () => {
      while (this.chats.length + pendingOpens < count) {
        pendingOpens++;
        try {
          this.chats.push(this.wire(await this.target.openChat()));
        } catch (error) {
          failures++;
          this.error(`open: ${error.message}`);
          if (failures > 10) throw error;
        } finally {
          pendingOpens--;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  wire(pair) {
    const chat = { pair, toCounsellor: new Stream(), toVisitor: new Stream(), seqs: new SeqLedger(), turn: 0, timer: null, dropTimers: [] };
    this.streams.push(chat.toCounsellor, chat.toVisitor);
    this.ledgers.push(chat.seqs);
    // `direction` tells the two sides' cids apart: both count from 0.
    const hook = (sender, receiver, stream, direction) => {
      // A resent message is acknowledged again (with the same seq, which the ledger checks); only
      // the first ack lets the flood send the next one.
      sender.onAck = (cid, seq) => {
        const first = stream.ack(cid);
        chat.seqs.claim(direction + cid, seq);
        if (first) sender.afterAck?.();
      };
      receiver.onMsg = (cid, seq) => {
        chat.seqs.claim(direction + cid, seq);
        const latency = stream.arrive(cid, performance.now(), seq);
        if (latency !== null) {
          this.latencies.push(latency);
          this.delivered++;
        }
      };
    };
    hook(pair.visitor, pair.counsellor, chat.toCounsellor, "v");
    hook(pair.counsellor, pair.visitor, chat.toVisitor, "c");
    pair.visitor.onError = pair.counsellor.onError = (kind) => this.error(kind);
    return chat;
  }

  error(kind) {
    this.errors++;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }

  send(chat, fromVisitor) {
    const stream = fromVisitor ? chat.toCounsellor : chat.toVisitor;
    (fromVisitor ? chat.pair.visitor : chat.pair.counsellor).send(stream.send(performance.now()), TEXT);
  }

  /** Each chat sends one message every `periodMs`, the two sides taking turns; starts are spread. */
  pace(chats, periodMs) {
    for (const chat of chats) {
      chat.timer = setTimeout(() => {
        const tick = () => this.send(chat, chat.turn++ % 2 === 0);
        tick();
        chat.timer = setInterval(tick, periodMs);
      }, Math.random() * periodMs);
    }
  }

  /** Both sides of every chat send their next message the moment the last one is acknowledged. */
  flood() {
    for (const chat of this.chats) {
      for (const fromVisitor of [true, false]) {
        const side = fromVisitor ? chat.pair.visitor : chat.pair.counsellor;
        side.afterAck = () => this.running && this.send(chat, fromVisitor);
        this.send(chat, fromVisitor);
      }
    }
  }

  /**
   * Cuts every socket of every chat at random, each side on average once per `meanMs` (exponential
   * gaps, so drops are independent); the side reconnects and resumes by itself. Only for a target
   * whose sides can (`target.resumes`).
   */
  churn(meanMs) {
    this.churned = true;
    for (const chat of this.chats) {
      [chat.pair.visitor, chat.pair.counsellor].forEach((side, i) => {
        const next = () => {
          chat.dropTimers[i] = setTimeout(() => {
            side.drop();
            next();
          }, -Math.log(1 - Math.random()) * meanMs);
        };
        next();
      });
    }
  }

  quiet() {
    this.running = false;
    for (const chat of this.chats) {
      clearTimeout(chat.timer);
      clearInterval(chat.timer);
      for (const t of chat.dropTimers) clearTimeout(t);
      chat.pair.visitor.afterAck = chat.pair.counsellor.afterAck = undefined;
    }
  }

  /** Waits until every sent message is acknowledged and delivered, or the deadline passes. */
  async drain(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.streams.every((s) => s.settled())) await sleep(50);
  }

  /** Starts a fresh measuring window: latencies and delivery counts from now on. */
  window() {
    this.latencies = [];
    this.delivered = 0;
    this.cpuAtStart = this.runtimeCpuMs();
  }

  /** CPU the server has used: less swayed by other jobs on the machine than latency is. */
  runtimeCpuMs() {
    return this.target.runtimePids().reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  }

  /** What the window measured; throughput over the `seconds` the senders ran, not the drain. */
  figures(seconds) {
    let lost = 0, duplicated = 0, reordered = 0, unacked = 0;
    for (const s of this.streams) {
      lost += s.lost();
      duplicated += s.duplicated;
      reordered += s.reordered;
      unacked += s.unacked();
    }
    let seqGaps = 0, seqDuplicates = 0;
    for (const l of this.ledgers) {
      seqGaps += l.gaps();
      seqDuplicates += l.duplicates;
    }
    let drops = 0, reconnects = 0, resent = 0;
    for (const side of this.chats.flatMap((c) => [c.pair.visitor, c.pair.counsellor])) {
      drops += side.drops;
      reconnects += side.reconnects;
      resent += side.resent;
    }
    return {
      chats: this.chats.length,
      latencyMs: summarize(this.latencies),
      throughputPerSecond: Math.round(this.delivered / seconds),
      runtimeCpuUsPerMessage: this.delivered ? Math.round(((this.runtimeCpuMs() - this.cpuAtStart) * 1000) / this.delivered) : 0,
      errors: this.errors,
      errorKinds: { ...this.errorKinds },
      /** Sent but never acknowledged: an error once the drain is over. */
      unacked,
      lost,
      duplicated,
      reordered,
      /** Per chat, seq must cover 1..N once; null for a server that numbers nothing (the baselines). */
      seqGaps: this.ledgers.some((l) => l.tracked()) ? seqGaps : null,
      seqDuplicates: this.ledgers.some((l) => l.tracked()) ? seqDuplicates : null,
      /** Sockets cut, sockets welcomed again after a cut, and messages sent again after a hello. */
      ...(this.churned ? { drops, reconnects, resent } : {}),
    };
  }

  async close() {
    this.quiet();
    for (const chat of this.chats) chat.pair.end();
    await sleep(200);
    for (const chat of this.chats) {
      chat.pair.visitor.close();
      chat.pair.counsellor.close();
    }
    this.chats = [];
    this.ledgers = [];
  }
}
