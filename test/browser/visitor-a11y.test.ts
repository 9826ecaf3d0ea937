import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { baseUrl, chatStarted, counsellorPage, launch } from "./browser";
import { acceptChat, axeViolations, saveSettings, startChat } from "./visitor-page";

let browser: Browser;
let staff: Page;
beforeAll(async () => {
  browser = await launch();
  ({ page: staff } = await counsellorPage(browser));
});
afterAll(async () => {
  if (staff) await saveSettings(staff, DEFAULT_SETTINGS);
  await browser?.close();
});

describe("accessibility (WCAG 2.2 AA, checked by axe-core)", () => {
  it("has no violations on the start, waiting, chatting, consent, resume code, ended, resume, privacy and closed screens, in both languages", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    expect(await axeViolations(visitor), "start").toEqual([]);
    await visitor.getByLabel("Ja").check();
    expect(await axeViolations(visitor), "start, in danger").toEqual([]);

    const chat = await startChat(visitor, "Nee");
    expect(await axeViolations(visitor), "waiting").toEqual([]);

    await visitor.getByLabel("Typ je bericht").fill("Hallo");
    await visitor.keyboard.press("Enter");
    await acceptChat(staff, chat);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await staff.getByLabel("Reply").fill("Hoi, ik ben Anna.");
    await staff.getByRole("button", { name: "Send" }).click();
    await visitor.getByRole("log").getByText("Hoi, ik ben Anna.").waitFor();
    expect(await axeViolations(visitor), "chatting").toEqual([]);

    // Keeping the conversation: each step puts focus on what replaced the button just pressed.
    const focusedId = () => visitor.evaluate(() => document.activeElement?.id);
    await visitor.getByRole("button", { name: "Bewaar dit gesprek zodat ik later terug kan komen" }).click();
    await visitor.getByRole("heading", { name: "Dit gesprek bewaren?" }).waitFor();
    await expect.poll(focusedId).toBe("keep-heading");
    expect(await axeViolations(visitor), "consent explanation").toEqual([]);
    await visitor.getByRole("button", { name: "Ja, bewaar het" }).click();
    await visitor.getByTestId("resume-code").waitFor();
    await expect.poll(focusedId).toBe("code-heading");
    expect(await axeViolations(visitor), "resume code shown").toEqual([]);

    await visitor.getByRole("button", { name: "Switch to English" }).click();
    expect(await axeViolations(visitor), "chatting, English").toEqual([]);

    await visitor.getByRole("button", { name: "End the chat" }).click();
    await visitor.getByRole("button", { name: "Yes, end it" }).click();
    await visitor.getByRole("heading", { name: "The chat has ended" }).waitFor();
    expect(await axeViolations(visitor), "ended").toEqual([]);

    await visitor.getByRole("button", { name: "New chat" }).click();
    await visitor.getByRole("button", { name: "Come back to a kept conversation" }).click();
    await visitor.getByRole("heading", { name: "Come back with your code" }).waitFor();
    await expect.poll(focusedId).toBe("resume-code");
    expect(await axeViolations(visitor), "resume form").toEqual([]);

    await visitor.getByRole("button", { name: "What we keep (privacy)" }).click();
    await visitor.getByRole("heading", { name: "Privacy: what Baken keeps" }).waitFor();
    expect(await axeViolations(visitor), "privacy").toEqual([]);
    await visitor.getByRole("button", { name: "Nederlands" }).click();

    await saveSettings(staff, { ...DEFAULT_SETTINGS, openingHours: [{ day: 1, open: "09:00", close: "09:01" }] });
    await visitor.reload();
    await visitor.getByRole("heading", { name: "We zijn nu gesloten" }).waitFor();
    const closed = await axeViolations(visitor);
    await saveSettings(staff, DEFAULT_SETTINGS);
    expect(closed, "closed").toEqual([]);
    await context.close();
  });

  it("can be used by keyboard alone, and each new screen puts focus on its heading", async () => {
    // A console of its own, showing only this chat.
    const { page: staff } = await counsellorPage(browser);
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    // Tab through to the start button, pressing nothing but keys.
    const focused = () => visitor.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    for (let i = 0; i < 15 && (await focused()) !== "Start de chat"; i++) await visitor.keyboard.press("Tab");
    expect(await focused()).toBe("Start de chat");
    // Focus is visible: a solid outline of at least 2 px around the focused control.
    const outline = await visitor.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.style).toBe("solid");
    expect(outline.width).toBeGreaterThanOrEqual(2);
    const response = visitor.waitForResponse(chatStarted);
    await visitor.keyboard.press("Enter");
    const chat = (await (await response).json()) as { conversationId: string; token: string };
    await visitor.getByText(/Je bent nummer \d+ in de rij/).waitFor();
    await expect.poll(focused).toBe("Je wacht op een hulpverlener");

    await acceptChat(staff, chat);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await visitor.getByLabel("Typ je bericht").focus();
    await visitor.keyboard.type("met het toetsenbord");
    await visitor.keyboard.press("Enter");
    await staff.getByRole("log").getByText("met het toetsenbord").waitFor();
    // Incoming messages are in a polite live region, so screen readers read them out.
    expect(await visitor.getByRole("log").getAttribute("aria-live")).toBe("polite");

    await visitor.keyboard.press("Tab");
    await visitor.keyboard.press("Tab");
    expect(await focused()).toBe("Stop de chat");
    await visitor.keyboard.press("Enter");
    // Ending asks once more, and the safe answer has the focus: Enter again keeps the chat.
    await expect.poll(focused).toBe("Nee, ga door");
    await visitor.keyboard.press("Enter");
    await expect.poll(focused).toBe("Stop de chat");
    await visitor.keyboard.press("Enter");
    await expect.poll(focused).toBe("Nee, ga door");
    await visitor.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("Ja, stop");
    await visitor.keyboard.press("Enter");
    await expect.poll(focused).toBe("De chat is afgelopen");
    await context.close();
    await staff.context().close();
  });

  it("fits without sideways scrolling at 200% zoom in a 640 px window (320 CSS px)", async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 400 } });
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    await visitor.evaluate(() => {
      document.documentElement.style.zoom = "2";
    });
    const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await visitor.getByRole("button", { name: "Snel weg" }).waitFor();
    expect(await axeViolations(visitor)).toEqual([]);
    await context.close();
  });
});
