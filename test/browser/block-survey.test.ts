/**
 * Blocking a visitor and the survey after a chat, end to end in Chromium: a counsellor blocks, the
 * visitor is told kindly and, starting again, sees the blocked screen with the alternatives; a
 * supervisor lifts the block and the visitor starts. A visitor answers the survey and the dashboard
 * shows the answer as a suppressed count.
 */
import { describe, expect, it } from "vitest";
import type { BlockResult } from "../../schema/block";
import { nextUtcMidnight } from "../../schema/day-key";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor } from "./console-helpers";
import { axeViolations } from "./visitor-page";

const browser = sharedBrowser();

describe("blocking a visitor", () => {
  it("ends the chat kindly, shows the blocked screen with the alternatives, and a supervisor lifts it", async () => {
    await ensureStaff("blocker", "Bo", "counsellor");
    const { page: console, context } = await consoleAs(browser(), "blocker");
    // A network of this test's own (the header Cloudflare sets), so no other test's visitor is blocked.
    const { context: visitorContext, page: visitor, id: conversationId } = await startVisitor(browser(), "Nee", "/", "203.0.113.77");
    await acceptChat(console, conversationId);
    await console.locator(`.tabs button[data-chat="${conversationId}"]`).click();

    await console.getByRole("button", { name: "Block visitor" }).click();
    const form = console.getByRole("form", { name: "Block the visitor" });
    // "whichever comes first", or after 23:00 UTC "when the day's key changes (not ...)": either way it names the key change.
    await form.getByText(/when the day's key changes/).first().waitFor();
    await form.getByLabel("For").selectOption("240");
    const blocking = console.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/block") && r.request().method() === "POST");
    await form.getByRole("button", { name: "Block and end the chat" }).click();
    const { until } = (await (await blocking).json()) as BlockResult;
    await console.getByText("You blocked the visitor; the chat has ended.").waitFor();
    await console.getByText(/New chats from this visitor's network are refused until/).waitFor();

    await visitor.getByText("De hulpverlener heeft deze chat beëindigd. Je kunt nu even niet met ons chatten.", { exact: false }).waitFor();
    // No survey after a block.
    expect(await visitor.getByText("Heeft dit gesprek je geholpen?").count()).toBe(0);
    await visitor.getByRole("button", { name: "Nieuwe chat" }).click();
    await visitor.getByLabel("Nee").check();
    const refused = visitor.waitForResponse((r) => new URL(r.url()).pathname === "/api/chats" && r.request().method() === "POST");
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    expect((await refused).status()).toBe(403);
    await visitor.getByRole("heading", { name: "Je kunt nu even niet chatten" }).waitFor();
    expect(await visitor.getByRole("link", { name: "In direct gevaar: bel 112" }).getAttribute("href")).toBe("tel:112");
    expect(await visitor.getByRole("button", { name: "Probeer opnieuw" }).count()).toBe(0);
    expect(await axeViolations(visitor)).toEqual([]);

    // The admin (a supervisor's rights) sees the block, by whom, and lifts it.
    const { page: admin, context: adminContext } = await counsellorPage(browser());
    await admin.getByRole("button", { name: "Blocked visitors" }).click();
    const entry = admin.getByRole("listitem").filter({ hasText: "blocked by Bo" });
    await entry.waitFor();
    // A block ends at its time or when the day's key changes at midnight UTC, whichever is first; a
    // 4-hour block made after 20:00 UTC crosses midnight, and the list says the key change ends it.
    const nextMidnight = nextUtcMidnight(Date.now());
    expect(await entry.textContent()).toMatch(
      until <= nextMidnight
        ? /network blocked by Bo, until .* or when the day's key changes at .*, whichever comes first/
        : /network blocked by Bo, until .*, when the day's key changes \(not .*\)/,
    );
    await entry.getByRole("button", { name: "Lift" }).click();
    await admin.getByText("The block was lifted.").waitFor();
    expect(await entry.count()).toBe(0);

    await visitor.reload();
    await visitor.getByLabel("Nee").check();
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByText(/Je bent nummer \d+ in de rij/).waitFor();
    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await Promise.all([visitorContext.close(), adminContext.close(), context.close()]);
  });
});

describe("the survey after a chat", () => {
  it("takes the visitor's answers, and the dashboard shows them as suppressed counts", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await visitor.page.getByRole("heading", { name: /Je praat met/ }).waitFor();
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.page.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();

    const survey = visitor.page.getByRole("form", { name: "Twee korte vragen (je mag ze overslaan)" });
    const send = survey.getByRole("button", { name: "Antwoord versturen" });
    expect(await send.isDisabled()).toBe(true);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await survey.getByRole("group", { name: "Heeft dit gesprek je geholpen?" }).getByLabel("Een beetje").check();
    await survey.getByRole("group", { name: "Zou je nog eens met ons chatten?" }).getByLabel("Misschien").check();
    const answered = visitor.page.waitForResponse((r) => new URL(r.url()).pathname === "/api/survey");
    await send.click();
    const request = (await answered).request();
    expect((await answered).status()).toBe(204);
    // Nothing of the chat travels with the answer.
    expect(request.postData()).not.toContain(visitor.id);
    await visitor.page.getByText("Dank je voor je antwoord.").waitFor();

    await console.goto(`${baseUrl()}/dashboard`);
    await console.getByRole("button", { name: "Show" }).click();
    const helped = console.getByRole("img", { name: "Survey: did this chat help?" });
    await helped.waitFor();
    // One answer in this server's whole run: shown as "<5", never as 1.
    expect(await helped.textContent()).toContain("A bit<5");
    expect(await console.getByRole("img", { name: "Survey: would you chat again?" }).textContent()).toContain("Maybe<5");
    await console.locator('[data-figure="Visitors blocked"]').waitFor();
    await Promise.all([visitor.context.close(), context.close()]);
  });
});
