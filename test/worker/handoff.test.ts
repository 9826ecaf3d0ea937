/**
 * Warm handoff to a care partner: the counsellor proposes, the visitor reads exactly the summary and
 * agrees or declines; only what they agreed to leaves the chat, kept in the helpline's Handoffs object
 * for its own time, found by code, withdrawn by code, deleted by its alarm.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../schema/admin";
import { HANDOFF_SUMMARY_CHARS, HANDOFF_TEXT_VERSION } from "../../schema/handoff-text";
import type { HandoffRecord } from "../../schema/handoff";
import type { DashboardReport } from "../../schema/dashboard";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS } from "../../schema/helpline";
import { OWN_TABLES_SQL, TestSocket, accept, connectCounsellor, connectVisitor, loginAdmin, postJson, request, startChat } from "./helpers";
import { post } from "./keep";
import { staffer } from "./staff-helpers";

const SUMMARY = "Meisje van 15, wordt door een oudere vriend onder druk gezet om foto's te sturen. Wil hulp, liever niet naar de politie.";

/** An answered chat: the visitor and the counsellor (the admin, by default) on their sockets. */
async function openChat(cookie?: string) {
  const staff = cookie ?? (await loginAdmin());
  const chat = await startChat();
  const visitor = await connectVisitor(chat);
  expect((await accept(staff, chat.conversationId)).status).toBe(204);
  const counsellor = await connectCounsellor(staff, chat.conversationId);
  await visitor.next("joined");
  return { cookie: staff, chat, visitor, counsellor };
}

async function agreed(summary = SUMMARY) {
  const open = await openChat();
  open.counsellor.send({ type: "handoff_propose", partner: "csg", summary });
  const proposal = await open.visitor.next("handoff_proposal");
  open.visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
  const made = await open.visitor.next("handoff_made");
  return { ...open, proposal, made };
}

function handoffRows(helpline = DEFAULT_HELPLINE) {
  return runInDurableObject(env.HANDOFFS.getByName(helpline), (_obj, state) => state.storage.sql.exec("SELECT * FROM handoffs").toArray());
}

function lookup(code: string, cookie: string, helpline?: string) {
  return postJson(`/api/console/handoffs/lookup${helpline ? `?helpline=${helpline}` : ""}`, { code }, { cookie });
}

async function audit(cookie: string): Promise<AuditEntry[]> {
  return (await request("/api/admin/audit", { cookie })).json<AuditEntry[]>();
}

describe("a warm handoff", () => {
  it("shows the visitor the exact summary and partner, and on agreement gives both parties the contact and a code", async () => {
    const before = Date.now();
    const { cookie, counsellor, proposal, made } = await agreed();
    const csg = DEFAULT_SETTINGS.carePartners.find((p) => p.id === "csg");
    expect(proposal.summary).toBe(SUMMARY);
    expect(proposal.partner).toEqual({ id: "csg", name: csg?.name, does: csg?.does });
    expect((await counsellor.next("handoff_proposal")).proposal).toBe(proposal.proposal);
    expect(made.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(made.partner).toEqual({ id: "csg", name: csg?.name, phone: "0800-0188", web: "https://centrumseksueelgeweld.nl" });
    expect(made.until).toBeGreaterThanOrEqual(before + 14 * 86_400_000);
    // The counsellor gets the same code, to pass on to the partner.
    expect((await counsellor.next("handoff_made")).code).toBe(made.code);

    const res = await lookup(made.code.toLowerCase().replace("-", " "), cookie);
    expect(res.status).toBe(200);
    const record = await res.json<HandoffRecord>();
    expect(record).toMatchObject({ partner: { id: "csg", name: "Centrum Seksueel Geweld" }, summary: SUMMARY, textVersion: HANDOFF_TEXT_VERSION });
    expect(record.consentedAt).toBeGreaterThanOrEqual(before);

    // The audit says who proposed, that it was agreed and who looked it up; never the text or the partner.
    const entries = (await audit(cookie)).filter((e) => e.action.startsWith("handoff_"));
    expect(entries.map((e) => e.action).sort()).toEqual(expect.arrayContaining(["handoff_agreed", "handoff_looked_up", "handoff_proposed"]));
    for (const e of entries) expect(e.target).toBeNull();
    expect(JSON.stringify(entries)).not.toContain("foto");

    // Counted per partner, with nothing else.
    await expect
      .poll(() =>
        runInDurableObject(env.STATS.getByName(DEFAULT_HELPLINE), (_obj, state) =>
          state.storage.sql.exec<{ n: number }>("SELECT sum(count) AS n FROM counters WHERE metric = 'handoff' AND dimension = 'csg'").one().n,
        ),
      )
      .toBeGreaterThanOrEqual(1);
    // The dashboard shows it per partner, suppressed like every count (this file's first handoff).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await (await request(`/api/dashboard?from=${day(-1)}&to=${day(1)}`, { cookie })).json<DashboardReport>();
    expect(report.handoffs).toEqual({ csg: "<5" });
  });

  it("keeps only what the visitor agreed to once the chat ends and is erased", async () => {
    const { chat, counsellor, made } = await agreed("Jongen van 17, moet drugs vervoeren voor een groep.");
    counsellor.send({ type: "send", cid: "c1", text: "dit blijft in de chat" });
    await counsellor.next("ack");
    counsellor.send({ type: "end" });
    await counsellor.closedWith();
    const tables = await runInDurableObject(env.CONVERSATION.getByName(chat.conversationId), (_obj, state) => state.storage.sql.exec(OWN_TABLES_SQL).toArray());
    expect(tables, "the chat's object erased everything").toEqual([]);
    const rows = await handoffRows();
    const row = rows.find((r) => r.summary === "Jongen van 17, moet drugs vervoeren voor een groep.");
    expect(row).toBeDefined();
    expect(Object.keys(row ?? {}).sort()).toEqual(["code_hash", "consented_at", "expires_at", "partner_id", "summary", "text_version"]);
    expect(JSON.stringify(rows)).not.toContain("dit blijft in de chat");
    expect(JSON.stringify(rows)).not.toContain(chat.conversationId);
    expect(JSON.stringify(rows)).not.toContain(made.code);
  });

  it("hands over nothing when the visitor declines, and the open proposal goes with the chat", async () => {
    const { visitor, counsellor, chat } = await openChat();
    const before = (await handoffRows()).length;
    counsellor.send({ type: "handoff_propose", partner: "veilig-thuis", summary: "Een samenvatting die niet mag vertrekken." });
    const proposal = await visitor.next("handoff_proposal");
    visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: false, version: HANDOFF_TEXT_VERSION });
    expect(await counsellor.next("handoff_declined")).toEqual({ type: "handoff_declined", proposal: proposal.proposal });
    await visitor.next("handoff_declined");
    expect(await handoffRows()).toHaveLength(before);
    expect(visitor.all("handoff_made")).toEqual([]);
    // Answering again finds nothing to answer.
    visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("error")).code).toBe("no_proposal");

    // A proposal left open is shown again on reconnect, and erased when the chat ends.
    counsellor.send({ type: "handoff_propose", partner: "veilig-thuis", summary: "Nog open bij het einde." });
    await visitor.next("handoff_proposal");
    const again = await connectVisitor(chat);
    expect((await again.next("handoff_proposal")).summary).toBe("Nog open bij het einde.");
    visitor.send({ type: "end" });
    await counsellor.closedWith();
    expect(await handoffRows()).toHaveLength(before);
    expect(JSON.stringify(await handoffRows())).not.toContain("Nog open");
  });

  it("needs a new consent when the summary changes, and refuses stale, outdated or missing proposals", async () => {
    const { visitor, counsellor } = await openChat();
    visitor.send({ type: "handoff_answer", proposal: "nothing-proposed", agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("error")).code).toBe("no_proposal");

    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "Eerste versie." });
    const first = await visitor.next("handoff_proposal");
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "Tweede versie, aangepast." });
    const second = await visitor.next("handoff_proposal");
    expect(second.proposal).not.toBe(first.proposal);

    visitor.send({ type: "handoff_answer", proposal: first.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("error")).code).toBe("stale_proposal");
    visitor.send({ type: "handoff_answer", proposal: second.proposal, agree: true, version: "2020-01-01" });
    expect((await visitor.next("error")).code).toBe("stale_proposal");
    expect(visitor.all("handoff_made")).toEqual([]);

    visitor.send({ type: "handoff_answer", proposal: second.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("handoff_made")).summary).toBe("Tweede versie, aangepast.");
    visitor.send({ type: "handoff_answer", proposal: second.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("error")).code).toBe("no_proposal");
    expect(visitor.all("handoff_made")).toHaveLength(1);
  });

  it("refuses wrong roles, unknown partners, malformed and oversize frames with typed errors", async () => {
    const { visitor, counsellor, chat } = await openChat();
    visitor.send({ type: "handoff_propose", partner: "csg", summary: "Ik stuur het zelf door." });
    expect((await visitor.next("error")).code).toBe("bad_frame");
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "Voorstel." });
    const proposal = await counsellor.next("handoff_proposal");
    counsellor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: true, version: HANDOFF_TEXT_VERSION });
    expect((await counsellor.next("error")).code).toBe("bad_frame");

    const supervisor = await staffer("supervisor");
    const observer = await TestSocket.open(`/ws/console/observe/${chat.conversationId}`, { cookie: supervisor.cookie });
    observer.send({ type: "hello", since: 0 });
    await observer.next("welcome");
    observer.send({ type: "handoff_propose", partner: "csg", summary: "Meekijker stelt voor." });
    expect((await observer.next("error")).code).toBe("read_only");

    counsellor.send({ type: "handoff_propose", partner: "nobody-we-know", summary: "Voorstel." });
    expect((await counsellor.next("error")).code).toBe("unknown_partner");
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "x".repeat(HANDOFF_SUMMARY_CHARS + 1) });
    expect((await counsellor.next("error")).code).toBe("too_large");
    counsellor.send({ type: "handoff_propose", partner: "csg" });
    expect((await counsellor.next("error")).code).toBe("bad_frame");
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "   " });
    expect((await counsellor.next("error")).code).toBe("bad_frame");
    visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: "yes", version: HANDOFF_TEXT_VERSION });
    expect((await visitor.next("error")).code).toBe("bad_frame");
    // None of it replaced the open proposal.
    visitor.send({ type: "handoff_answer", proposal: proposal.proposal, agree: false, version: HANDOFF_TEXT_VERSION });
    await visitor.next("handoff_declined");
  });

  it("is withdrawn by the visitor with its code, at once", async () => {
    const { cookie, made } = await agreed("Weg ermee als ik dat wil.");
    expect((await post("/api/handoffs/withdraw", { code: made.code })).status).toBe(204);
    expect(JSON.stringify(await handoffRows())).not.toContain("Weg ermee");
    expect((await lookup(made.code, cookie)).status).toBe(404);
    expect((await post("/api/handoffs/withdraw", { code: made.code })).status).toBe(404);
    expect((await post("/api/handoffs/withdraw", { code: "not a code" })).status).toBe(404);
    expect((await post("/api/handoffs/withdraw", { code: "x".repeat(100) })).status).toBe(400);
  });

  it("is deleted by its alarm when its retention ends", async () => {
    const { cookie, made } = await agreed("Verloopt na veertien dagen.");
    const stub = env.HANDOFFS.getByName(DEFAULT_HELPLINE);
    const alarm = await runInDurableObject(stub, (_obj, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    // Time runs out for this handoff (moved back rather than waiting fourteen days).
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec("UPDATE handoffs SET expires_at = ? WHERE summary = ?", Date.now() - 1, "Verloopt na veertien dagen.");
    });
    expect((await lookup(made.code, cookie)).status, "an expired handoff is not shown even before the alarm").toBe(404);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(JSON.stringify(await handoffRows())).not.toContain("Verloopt");
  });

  it("is found only in its own helpline, only by staff who take chats", async () => {
    const { made } = await agreed("Alleen voor deze hulplijn.");
    const west = await staffer("counsellor", "West", ["west"]);
    expect((await lookup(made.code, west.cookie, "west")).status).toBe(404);
    const coordinator = await staffer("coordinator");
    expect((await lookup(made.code, coordinator.cookie)).status).toBe(403);
    expect((await postJson("/api/console/handoffs/lookup", { code: made.code })).status).toBe(401);
  });
});

describe("care partners in the settings", () => {
  it("are checked by the settings schema: a name, what they do, and a phone number or https address", async () => {
    const cookie = await loginAdmin();
    const put = (carePartners: unknown) =>
      request("/api/admin/helpline", { method: "PUT", cookie, headers: { "content-type": "application/json" }, body: JSON.stringify({ ...DEFAULT_SETTINGS, carePartners }) });
    const partner = { id: "comensha", name: { nl: "CoMensha", en: "CoMensha" }, does: { nl: "Coördinatie voor slachtoffers van mensenhandel.", en: "Care coordination for victims of trafficking." }, phone: "", web: "https://www.comensha.nl" };
    expect((await put([partner, { ...partner, id: "no-contact", web: "" }])).status).toBe(400);
    expect((await put([{ ...partner, web: "http://www.comensha.nl" }])).status).toBe(400);
    expect((await put([partner, partner])).status).toBe(400);
    expect((await put([{ ...partner, name: { nl: "", en: "CoMensha" } }])).status).toBe(400);
    expect((await put([partner])).status).toBe(204);
    const saved = await (await request("/api/admin/helpline", { cookie })).json<{ carePartners: unknown[] }>();
    expect(saved.carePartners).toEqual([partner]);
    // A chat can now be handed to it, and no longer to a partner the admin removed.
    const { visitor, counsellor } = await openChat(cookie);
    counsellor.send({ type: "handoff_propose", partner: "csg", summary: "Naar een partner die er niet meer is." });
    expect((await counsellor.next("error")).code).toBe("unknown_partner");
    counsellor.send({ type: "handoff_propose", partner: "comensha", summary: "Naar CoMensha." });
    expect((await visitor.next("handoff_proposal")).partner.name.nl).toBe("CoMensha");
    await put(DEFAULT_SETTINGS.carePartners);
  });
});
