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

describe("offering a chat from an outreach link", () => {
  const invited = (conversationId: string, invitedBy: string | null) => ({ conversationId, invitedBy });

  it("offers it to the worker who sent the link when they are free, even with offering off", () => {
    const result = offers([invited("plain", null), invited("via-link", "sender")], [c("idle", 0), c("sender", 2)], false);
    expect([...result]).toEqual([["via-link", "sender"]]);
  });

  it("offers it like any chat when the sender is not free", () => {
    const result = offers([invited("via-link", "sender")], [c("idle", 0), c("sender", 0, "away")], true);
    expect([...result]).toEqual([["via-link", "idle"]]);
  });

  it("gives the sender their own invitee before the longer-waiting chats", () => {
    const result = offers([invited("old", null), invited("via-link", "sender")], [c("sender", 0), c("other", 1)], true);
    expect([...result]).toEqual([
      ["via-link", "sender"],
      ["old", "other"],
    ]);
  });
});
