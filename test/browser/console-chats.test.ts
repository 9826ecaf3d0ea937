import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor, visitorSays } from "./console-helpers";

const browser = sharedBrowser();

describe("the console with several chats", () => {
  it("holds two chats at once, each in its own tab with an unread count", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const first = await startVisitor(browser());
    const second = await startVisitor(browser());
    await acceptChat(console, first.id);
    await acceptChat(console, second.id);
    await console.locator(`.tabs button[data-chat="${first.id}"]`).click();

    await visitorSays(second, "Bericht in de tweede chat");
    const secondTab = console.locator(`.tabs button[data-chat="${second.id}"]`);
    await secondTab.getByText("1 unread").waitFor();
    await expect.poll(() => console.getByRole("log").getByText("Bericht in de tweede chat").count()).toBe(0);

    await secondTab.click();
    await console.getByRole("log").getByText("Bericht in de tweede chat").waitFor();
    await expect.poll(() => secondTab.getByText(/unread/).count()).toBe(0);
    await console.getByLabel("Reply").fill("Antwoord voor de tweede");
    await console.getByRole("button", { name: "Send" }).click();
    await second.page.getByRole("log").getByText("Antwoord voor de tweede").waitFor();
    expect(await first.page.getByRole("log").getByText("Antwoord voor de tweede").count()).toBe(0);

    // A canned reply (Alt+1) lands in the reply box in the visitor's language.
    await console.getByLabel("Reply").focus();
    await console.keyboard.press("Alt+Digit1");
    expect(await console.getByLabel("Reply").inputValue()).toContain("Hoi, fijn dat je er bent");
    await console.getByLabel("Reply").fill("");

    for (const visitor of [first, second]) {
      await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
      await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
      await visitor.context.close();
    }
    await context.close();
  });

  it("hands a chat over with a private note; the visitor sees only the new name", async () => {
    await ensureStaff("ravi", "Ravi", "counsellor");
    const { page: anna, context } = await counsellorPage(browser());
    const { page: ravi, context: raviContext } = await consoleAs(browser(), "ravi");
    const visitor = await startVisitor(browser());
    await acceptChat(anna, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();

    await anna.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    await anna.getByLabel("New note").fill("Noemt een vriend die meekijkt");
    await anna.getByRole("button", { name: "Add note" }).click();
    await anna.getByLabel("Private notes").getByText("Noemt een vriend die meekijkt").waitFor();
    await anna.getByLabel("Reply").fill("Ik ben Anna, fijn dat je er bent");
    await anna.getByRole("button", { name: "Send" }).click();
    await visitor.page.getByRole("log").getByText("Ik ben Anna, fijn dat je er bent").waitFor();

    await anna.getByRole("button", { name: "Hand over" }).click();
    await anna.getByLabel("Colleague").selectOption({ label: "Ravi (0/10)" });
    await anna.getByLabel("Handover note (staff only)").fill("Wil over school praten");
    await anna.getByRole("form", { name: "Hand over the chat" }).getByRole("button", { name: "Hand over" }).click();

    await visitor.page.getByRole("heading", { name: "Je praat met Ravi" }).waitFor();
    await expect.poll(() => anna.locator(`.tabs button[data-chat="${visitor.id}"]`).count()).toBe(0);
    await anna.getByText("The chat was handed over to Ravi.").waitFor();
    await ravi.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    await ravi.getByLabel("Private notes").getByText("Handover: Wil over school praten").waitFor();
    await ravi.getByLabel("Private notes").getByText("Noemt een vriend die meekijkt").waitFor();
    // Anna's words stay Anna's, for Ravi and for the visitor.
    const annaLine = (page: typeof ravi) => page.getByRole("log").getByRole("listitem").filter({ hasText: "Ik ben Anna, fijn dat je er bent" });
    expect(await annaLine(ravi).locator(".who").textContent()).toBe("Anna");
    expect(await annaLine(visitor.page).locator(".who").textContent()).toBe("Anna");
    const visitorText = (await visitor.page.textContent("body")) ?? "";
    expect(visitorText).not.toContain("school praten");
    expect(visitorText).not.toContain("meekijkt");

    await visitorSays(visitor, "Ben je er nog?");
    await ravi.getByRole("log").getByText("Ben je er nog?").waitFor();
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.context.close();
    await raviContext.close();
    await context.close();
  });

  it("ends a chat only with a topic and an outcome", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await console.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    await console.getByLabel("Reply").fill("Bel 112 als het misgaat. Doei!");
    await console.getByRole("button", { name: "Send" }).click();
    await visitor.page.getByRole("log").getByText("Bel 112 als het misgaat. Doei!").waitFor();
    await console.getByRole("button", { name: "End chat" }).click();
    const save = console.getByRole("button", { name: "End and save" });
    expect(await save.isDisabled()).toBe(true);
    await console.getByLabel("Topic").selectOption("online_sextortion");
    expect(await save.isDisabled()).toBe(true);
    await console.getByLabel("Outcome").selectOption("referred_to_police");
    const ended = console.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`/api/console/chats/${visitor.id}/end`));
    await save.click();
    expect((await ended).status()).toBe(204);
    await visitor.page.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    // The counsellor's last words stay on the visitor's screen, with 112 one tap away.
    await visitor.page.getByRole("log").getByText("Bel 112 als het misgaat. Doei!").waitFor();
    expect(await visitor.page.getByRole("link", { name: "In direct gevaar: bel 112" }).getAttribute("href")).toBe("tel:112");
    await expect.poll(() => console.locator(`.tabs button[data-chat="${visitor.id}"]`).count()).toBe(0);
    expect(await console.getByRole("alert").filter({ hasText: /Could not|not yours/ }).count()).toBe(0);
    await visitor.context.close();
    await context.close();
  });

  it("asks for the categories of a chat the visitor ended", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await console.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    await console.getByText("The visitor ended the chat.").waitFor();
    await console.getByLabel("Topic").selectOption("other");
    expect(await console.getByLabel("Outcome").inputValue()).toBe("ended_by_visitor");
    const saved = console.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`/api/console/chats/${visitor.id}/end`));
    await console.getByRole("button", { name: "Save categories" }).click();
    expect((await saved).status()).toBe(204);
    await expect.poll(() => console.locator(`.tabs button[data-chat="${visitor.id}"]`).count()).toBe(0);
    await visitor.context.close();
    await context.close();
  });
});
