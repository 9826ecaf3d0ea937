import { describe, expect, it } from "vitest";
import type { Colleague } from "../../schema/desk";
import { offers } from "../../worker/offers";

const c = (id: string, open: number, status: Colleague["status"] = "available", capacity = 3): Colleague => ({
  id,
  displayName: id,
  role: "counsellor",
  status,
  capacity,
  open,
});
const q = (...ids: string[]) => ids.map((conversationId) => ({ conversationId }));

describe("offering the next chat", () => {
  it("offers the first chats in queue order to the least-loaded available counsellors", () => {
    const result = offers(q("urgent", "old", "new"), [c("busy-one", 2), c("idle", 0), c("one", 1)]);
    expect([...result]).toEqual([
      ["urgent", "idle"],
      ["old", "one"],
      ["new", "busy-one"],
    ]);
  });

  it("skips counsellors who are busy, away or full", () => {
    const result = offers(q("a", "b"), [c("busy", 0, "busy"), c("away", 0, "away"), c("full", 3), c("free", 2)]);
    expect([...result]).toEqual([["a", "free"]]);
  });

  it("offers nothing when nobody waits or nobody is free", () => {
    expect(offers([], [c("x", 0)]).size).toBe(0);
    expect(offers(q("a"), []).size).toBe(0);
  });
});
