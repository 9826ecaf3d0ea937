import { describe, expect, it } from "vitest";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, expectNoTrace, startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("the visitor page", () => {
  it("starts a chat whose danger answer reaches the queue, chats in both directions, and switches language without losing it", async () => {
    const { page: staff } = await counsellorPage(browser());
    const context = await browser().newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    const historyAtLoad = await visitor.evaluate(() => history.length);
    await expect.poll(() => visitor.evaluate(() => document.documentElement.lang)).toBe("nl");
    await visitor.getByText("Wij bewaren niets van dit gesprek").waitFor();

    await visitor.getByLabel("Ja").check();
    await visitor.getByText("Bel 112 als je nu in direct gevaar bent.").waitFor();
    const chat = await startChat(visitor, "Ja");
    // Said "in danger": 112 stays a tap away while waiting.
    expect(await visitor.getByRole("link", { name: "Bel 112 als je nu in direct gevaar bent." }).getAttribute("href")).toBe("tel:112");
    // The answer travels with the chat: the console marks it as in danger.
    await staff.getByRole("listitem").filter({ hasText: "In danger" }).first().waitFor();

    // A first message while waiting is kept and shown to the counsellor once they join.
    await visitor.getByLabel("Typ je bericht").fill("Ik wacht nog");
    await visitor.keyboard.press("Enter");
    await visitor.getByRole("log").getByText("verstuurd").waitFor();

    await acceptChat(staff, chat);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    // Accepted, the chat keeps its mark on its tab and in its header: with several chats open, this one said "in danger".
    await staff.locator(`nav button[data-chat="${chat.conversationId}"]`, { hasText: "In danger" }).waitFor();
    await staff.locator(`nav button[data-chat="${chat.conversationId}"]`).click();
    await staff.locator(".panel.chat .notice.urgent").getByText("In danger").waitFor();
    // And for the visitor, 112 is still one tap away now that a counsellor has joined.
    expect(await visitor.getByRole("link", { name: "Bel 112 als je nu in direct gevaar bent." }).getAttribute("href")).toBe("tel:112");
    await staff.getByRole("log").getByText("Ik wacht nog").waitFor();

    // Typing shows on the other side, both ways.
    await staff.getByLabel("Reply").pressSequentially("Hoi");
    await visitor.getByText("Anna is aan het typen…").waitFor();
    await staff.getByRole("button", { name: "Send" }).click();
    await visitor.getByRole("log").getByText("Hoi", { exact: true }).waitFor();
    await expect.poll(() => visitor.getByText("Anna is aan het typen…").count()).toBe(0);
    await visitor.getByLabel("Typ je bericht").pressSequentially("Dank");
    await staff.getByText(/typing/i).waitFor();
    await visitor.keyboard.press("Enter");
    // The counsellor has the chat open, so the visitor's message comes back as read.
    const dank = visitor.getByRole("log").getByRole("listitem").filter({ hasText: "Dank" });
    await dank.getByText("gelezen").waitFor();
    // Every message shows when it was sent, for the visitor and the counsellor alike.
    const sentAt = Date.parse((await dank.locator("time").getAttribute("datetime")) ?? "");
    expect(Math.abs(Date.now() - sentAt)).toBeLessThan(5 * 60_000);
    expect(await dank.locator("time").textContent()).toMatch(/^\d{2}:\d{2}$/);
    // The console shows it in its own language's clock ("11:56 AM").
    expect(await staff.getByRole("log").getByRole("listitem").filter({ hasText: "Dank" }).locator("time").textContent()).toMatch(/^\d{1,2}:\d{2}( [AP]M)?$/);

    // Switching language keeps the chat and its messages.
    await visitor.getByRole("button", { name: "Switch to English" }).click();
    await visitor.getByRole("heading", { name: "You are talking with Anna" }).waitFor();
    await expect.poll(() => visitor.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await visitor.getByRole("log").getByText("Ik wacht nog").count()).toBe(1);
    await visitor.getByLabel("Type your message").fill("Still here");
    await visitor.keyboard.press("Enter");
    await staff.getByRole("log").getByText("Still here").waitFor();

    await staff.getByLabel("Reply").fill("Bel 112 als het misgaat. Doei!");
    await staff.getByRole("button", { name: "Send" }).click();
    await visitor.getByRole("log").getByText("Bel 112 als het misgaat. Doei!").waitFor();
    await visitor.getByRole("button", { name: "End the chat" }).click();
    await visitor.getByRole("button", { name: "Yes, end it" }).click();
    await visitor.getByRole("heading", { name: "The chat has ended" }).waitFor();
    // What was said stays on screen until the visitor leaves, with 112 one tap away.
    await visitor.getByRole("log").getByText("Bel 112 als het misgaat. Doei!").waitFor();
    expect(await visitor.getByRole("link", { name: "In immediate danger: call 112" }).getAttribute("href")).toBe("tel:112");

    // No trace on the device: nothing stored, no history entries beyond the page itself.
    await expectNoTrace(context, visitor, historyAtLoad);
    await context.close();
    await staff.context().close();
  });

  it("says plainly when too many chats were started from this connection (429)", async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    // The browser tests' server lifts the start limit, so the refusal is played back here.
    await context.route(/\/api\/chats(\?.*)?$/, (route) =>
      route.fulfill({ status: 429, json: { error: "rate_limited", message: "Too many attempts." }, headers: { "retry-after": "600" } }),
    );
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("alert").getByText("Te vaak geprobeerd. Wacht 10 minuten en probeer het dan opnieuw.").waitFor();
    expect(await visitor.getByRole("button", { name: "Start de chat" }).isVisible()).toBe(true);
    await context.close();
  });

  it("offers a neutral tab title", async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await expect.poll(() => visitor.title()).toBe("Baken: anoniem chatten");
    await visitor.getByLabel("Toon een neutrale naam in het tabblad").check();
    await expect.poll(() => visitor.title()).toBe("Nieuw tabblad");
    await context.close();
  });
});
