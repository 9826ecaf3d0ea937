import { describe, expect, it } from "vitest";
import type { KeepTerms } from "../../schema/consent";
import { CONSENT_TEXT_VERSION } from "../../schema/resume-code";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat } from "./console-helpers";
import { expectNoTrace, startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("keeping a conversation, coming back, deleting it", () => {
  it("keeps with consent, resumes on another device, reads back, deletes at once", async () => {
    const { page: console, context: consoleContext } = await counsellorPage(browser());
    const phone = await browser().newContext();
    const visitor = await phone.newPage();
    await visitor.goto(baseUrl());
    const phoneHistory = await visitor.evaluate(() => history.length);
    const chat = await startChat(visitor);
    // This visitor's chat, not the queue's first: another test's visitor may still be waiting ahead.
    await acceptChat(console, chat.conversationId);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await visitor.getByLabel("Typ je bericht").fill("Dit wil ik later teruglezen");
    await visitor.keyboard.press("Enter");
    await console.getByRole("log").getByText("Dit wil ik later teruglezen").waitFor();

    // Before consent the console offers only the anonymous categories.
    await console.getByText(/Personal details can be kept only if/).waitFor();

    await visitor.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    await visitor.getByText(/We bewaren het 30 dagen, tot/).waitFor();
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    const code = (await visitor.getByTestId("resume-code").textContent()) ?? "";
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await visitor.getByText(/Dit gesprek wordt bewaard tot/).waitFor();

    // With consent the counsellor may record details.
    // The choices read as words ("16–17", "Noord-Brabant"), never the stored value with its underscores.
    const ages = await console.getByLabel("Age band").locator("option").allTextContents();
    expect(ages).toContain("16–17");
    expect(await console.getByLabel("Province").locator("option").allTextContents()).toContain("Noord-Brabant");
    expect(ages.join(" ")).not.toMatch(/_/);
    await console.getByLabel("Age band").selectOption("16_17");
    await console.getByLabel("Province").selectOption("utrecht");
    await console.getByRole("button", { name: "Save details" }).click();
    await console.getByText("Saved.").waitFor();

    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByText(/Je gesprek wordt bewaard tot/).waitFor();
    // Keeping the conversation keeps it on the server only: the code is not stored on the device.
    await expectNoTrace(phone, visitor, phoneHistory);
    await phone.close();

    // Another device: the code, typed in lower case.
    const laptop = await browser().newContext();
    const again = await laptop.newPage();
    again.on("dialog", (dialog) => void dialog.accept());
    await again.goto(baseUrl());
    const laptopHistory = await again.evaluate(() => history.length);
    await again.getByRole("button", { name: "Terug naar een bewaard gesprek" }).click();
    await again.getByLabel("Jouw code").fill(code.toLowerCase());
    await again.getByRole("button", { name: "Ga verder met het gesprek" }).click();
    await again.getByRole("log").getByText("Dit wil ik later teruglezen").waitFor();
    await again.getByRole("heading", { name: "Je wacht op een hulpverlener" }).waitFor();
    await again.getByText(/Dit gesprek wordt bewaard tot/).waitFor();

    await again.getByRole("button", { name: "Wis dit gesprek nu" }).click();
    await again.getByText("Het gesprek is gewist. Er is niets meer van over.").waitFor();

    // The code now leads nowhere.
    await again.getByRole("button", { name: "Nieuwe chat" }).click();
    await again.getByRole("button", { name: "Terug naar een bewaard gesprek" }).click();
    await again.getByLabel("Jouw code").fill(code);
    await again.getByRole("button", { name: "Ga verder met het gesprek" }).click();
    await again.getByText("Deze code kennen we niet. Kijk hem na en probeer het opnieuw.").waitFor();
    // Resuming, reading back and deleting left nothing on this device either.
    await expectNoTrace(laptop, again, laptopHistory);
    await laptop.close();
    await consoleContext.close();
  });

  it("tells the first device, still open, that the conversation goes on elsewhere, and takes it off its screen", async () => {
    const phone = await browser().newContext();
    const first = await phone.newPage();
    await startChat(first);
    await first.getByLabel("Typ je bericht").fill("Dit is van mij");
    await first.keyboard.press("Enter");
    await first.getByText("Dit is van mij").waitFor();
    await first.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    await first.getByRole("button", { name: "Ja, bewaar het" }).click();
    const code = (await first.getByTestId("resume-code").textContent()) ?? "";

    const laptop = await browser().newContext();
    const second = await laptop.newPage();
    second.on("dialog", (dialog) => void dialog.accept());
    await second.goto(baseUrl());
    await second.getByRole("button", { name: "Terug naar een bewaard gesprek" }).click();
    await second.getByLabel("Jouw code").fill(code);
    await second.getByRole("button", { name: "Ga verder met het gesprek" }).click();
    await second.getByRole("log").getByText("Dit is van mij").waitFor();

    await first.getByRole("heading", { name: "Dit gesprek gaat verder op een ander apparaat" }).waitFor();
    expect(await first.getByText("Deze chat bestaat niet meer").count()).toBe(0);
    expect(await first.getByText("Dit is van mij").count()).toBe(0);
    await phone.close();

    await second.getByRole("button", { name: "Wis dit gesprek nu" }).click();
    await second.getByText("Het gesprek is gewist. Er is niets meer van over.").waitFor();
    await laptop.close();
  });

  it("does not say the conversation goes on elsewhere when the server refuses the page's token", async () => {
    const context = await browser().newContext();
    // A token the server never made: its hello is refused as unauthorized (4401), not as moved.
    await context.route(/\/api\/chats$/, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const response = await route.fetch();
      // A start that owes a little work first is refused once; the page solves it and posts again.
      if (response.status() !== 201) return route.fulfill({ response });
      const started = (await response.json()) as { conversationId: string; token: string };
      await route.fulfill({ status: 201, json: { ...started, token: "a-token-this-server-never-made" } });
    });
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await visitor.getByText("Deze chat bestaat niet meer. Je kunt een nieuwe chat starten.").waitFor();
    expect(await visitor.getByText("Dit gesprek gaat verder op een ander apparaat").count()).toBe(0);
    await context.close();
  });

  it("deletes a kept conversation with the code alone", async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    const code = (await visitor.getByTestId("resume-code").textContent()) ?? "";
    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByRole("button", { name: "Nieuwe chat" }).click();

    await visitor.getByRole("button", { name: "Terug naar een bewaard gesprek" }).click();
    await visitor.getByLabel("Jouw code").fill(code);
    await visitor.getByRole("button", { name: "Wis het" }).click();
    await visitor.getByText("Het gesprek is gewist. Er is niets meer van over.").waitFor();
    expect(await visitor.getByLabel("Jouw code").inputValue()).toBe("");
    await visitor.getByLabel("Jouw code").fill(code);
    await visitor.getByRole("button", { name: "Ga verder met het gesprek" }).click();
    await visitor.getByText("Deze code kennen we niet. Kijk hem na en probeer het opnieuw.").waitFor();
    await context.close();
  });

  it("consents to the version of the words the page was built with, whatever the server says is current", async () => {
    const context = await browser().newContext();
    // A server that moved on to newer words than this page shows.
    await context.route(`${baseUrl()}/api/keep`, async (route) => {
      const terms = (await (await route.fetch()).json()) as KeepTerms;
      await route.fulfill({ json: { ...terms, version: "2099-01-01" } });
    });
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    const sent = visitor.waitForRequest((r) => r.url().endsWith("/keep") && r.method() === "POST");
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    expect(((await sent).postDataJSON() as { version: string }).version).toBe(CONSENT_TEXT_VERSION);
    await visitor.getByTestId("resume-code").waitFor();
    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await context.close();
  });

  it("says plainly when the server refuses too many tries (429), and keeps the code on screen", async () => {
    const context = await browser().newContext();
    const visitor = await context.newPage();
    visitor.on("dialog", (dialog) => void dialog.accept());
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await visitor.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    // The limiter counts per client address, which every browser test shares: the 429 is played back here.
    const limited = { status: 429, json: { error: "rate_limited", message: "Too many attempts." }, headers: { "retry-after": "600" } };
    await context.route(/\/api\/chats\/[^/]+\/(keep|withdraw)$/, (route) => route.fulfill(limited));
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    await visitor.getByRole("alert").getByText("Te vaak geprobeerd. Wacht 10 minuten en probeer het dan opnieuw.").waitFor();
    // Still on the explanation, so trying again later is one press.
    await context.unroute(/\/api\/chats\/[^/]+\/(keep|withdraw)$/);
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    const code = (await visitor.getByTestId("resume-code").textContent()) ?? "";
    expect(await visitor.getByRole("alert").count()).toBe(0);

    await context.route(/\/api\/chats\/[^/]+\/withdraw$/, (route) => route.fulfill(limited));
    await visitor.getByRole("button", { name: "Wis dit gesprek nu" }).click();
    await visitor.getByRole("alert").getByText("Te vaak geprobeerd. Wacht 10 minuten en probeer het dan opnieuw.").waitFor();
    expect(await visitor.getByTestId("resume-code").textContent()).toBe(code);
    await context.unroute(/\/api\/chats\/[^/]+\/withdraw$/);
    await visitor.getByRole("button", { name: "Wis dit gesprek nu" }).click();
    await visitor.getByText("Het gesprek is gewist. Er is niets meer van over.").waitFor();
    await context.close();
  });

  it("explains what is kept on the privacy page, in Dutch and English", async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/privacy`);
    await page.getByRole("heading", { name: "Privacy: wat Baken bewaart" }).waitFor();
    await page.getByText(/30 dagen lang/).waitFor();
    await page.getByRole("heading", { name: "Waar het bewaard wordt" }).waitFor();
    await page.getByText(/servers van Cloudflare in de Europese Unie/).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Privacy: what Baken keeps" }).waitFor();
    await page.getByText(/internet address \(IP address\)/).waitFor();
    await page.getByText(/servers in the European Union/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await context.close();
  });
});
