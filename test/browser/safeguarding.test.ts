/**
 * Safeguarding in the browser: the visitor's silent signal by the disguised view switch (with the
 * quiet look) and by the code word (with no change at all on their screen), shown at once in the
 * counsellor's console and kept there for its hold when lifted; a counsellor's escalation alerting a supervisor's console, who opens the chat
 * and joins it, and staying shown after the counsellor's console reloads.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor, visitorSays } from "./console-helpers";
import { axeViolations } from "./visitor-page";

const browser = sharedBrowser();

const tab = (console: Page, id: string) => console.locator(`.tabs button[data-chat="${id}"]`);
const watchedAlert = (console: Page) => console.getByRole("alert").filter({ hasText: "The visitor signalled that they are not alone" });

async function endAsVisitor(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Stop de chat" }).click();
  await page.getByRole("button", { name: "Ja, stop" }).click();
}

describe("the visitor's silent signal", () => {
  it("by the view switch: the console shows it at once, the page looks like homework help until it is lifted", async () => {
    await ensureStaff("kees", "Kees", "counsellor");
    const { page: console, context } = await consoleAs(browser(), "kees");
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    const page = visitor.page;
    await page.getByRole("heading", { name: "Je praat met Kees" }).waitFor();
    expect(await page.title()).not.toBe("Huiswerkhulp");

    await page.getByRole("button", { name: "Weergave" }).click();
    await tab(console, visitor.id).getByText("Someone is watching").waitFor();
    await tab(console, visitor.id).click();
    await watchedAlert(console).waitFor();
    // What an onlooker sees: a neutral heading and tab title, no helpline name, the chat going on.
    await page.getByRole("heading", { name: "Huiswerkhulp" }).waitFor();
    expect(await page.title()).toBe("Huiswerkhulp");
    expect(await page.locator("header .brand").isVisible()).toBe(false);
    expect(await axeViolations(page), "quiet look").toEqual([]);
    expect(await axeViolations(console), "console, watched").toEqual([]);
    await visitorSays(visitor, "Hoe werkt breuken delen?");
    await console.getByRole("log").getByText("Hoe werkt breuken delen?").waitFor();

    // Alone again: the page looks as before at once. The console keeps the signal until it has stood
    // its hold (worker/watched-signal.ts; the lift after it is proven in test/worker/watched.test.ts),
    // so switching it on and off does not alert the counsellor again and again.
    await page.getByRole("button", { name: "Weergave" }).click();
    await page.getByRole("heading", { name: "Je praat met Kees" }).waitFor();
    expect(await page.locator("header .brand").isVisible()).toBe(true);
    await visitorSays(visitor, "Ik ben weer alleen");
    await console.getByRole("log").getByText("Ik ben weer alleen").waitFor();
    expect(await watchedAlert(console).count()).toBe(1);
    expect(await tab(console, visitor.id).getByText("Someone is watching").count()).toBe(1);

    await endAsVisitor(page);
    await visitor.context.close();
    await context.close();
  });

  it("by the code word: the message goes as typed, nothing changes on the visitor's screen, the console shows it", async () => {
    await ensureStaff("kees", "Kees", "counsellor");
    const { page: console, context } = await consoleAs(browser(), "kees");
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await tab(console, visitor.id).click();
    await visitor.page.getByRole("heading", { name: "Je praat met Kees" }).waitFor();

    // A word merely containing it is not the code word.
    await visitorSays(visitor, "Paraplubak bij de deur");
    await console.getByRole("log").getByText("Paraplubak bij de deur").waitFor();
    expect(await watchedAlert(console).count()).toBe(0);

    await visitorSays(visitor, "Ik ben mijn PARAPLU vergeten");
    await watchedAlert(console).waitFor();
    await console.getByRole("log").getByText("Ik ben mijn PARAPLU vergeten").waitFor();
    await visitor.page.getByRole("log").getByText("Ik ben mijn PARAPLU vergeten").waitFor();
    expect(await visitor.page.getByRole("heading", { name: "Je praat met Kees" }).isVisible()).toBe(true);
    expect(await visitor.page.locator("html.quiet").count()).toBe(0);

    await endAsVisitor(visitor.page);
    await visitor.context.close();
    await context.close();
  });
});

describe("escalating a chat", () => {
  it("alerts a supervisor's console, who opens the chat and joins it under their own name", async () => {
    await ensureStaff("kees", "Kees", "counsellor");
    await ensureStaff("sanne", "Sanne", "supervisor");
    const { page: supervisor, context: supervisorContext } = await consoleAs(browser(), "sanne");
    const { page: console, context } = await consoleAs(browser(), "kees");
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await tab(console, visitor.id).click();
    await visitorSays(visitor, "Ik word bedreigd");
    await console.getByRole("log").getByText("Ik word bedreigd").waitFor();

    await console.getByLabel("Escalation reason").selectOption("immediate_danger");
    await console.getByRole("button", { name: "Escalate to supervisors" }).click();
    await console.getByText("Escalated: every supervisor on shift was alerted").waitFor();

    const alert = supervisor.locator(`.supervisor-alerts li[data-chat="${visitor.id}"]`);
    await alert.getByText("by Kees: Immediate danger").waitFor();
    await supervisor.getByRole("alert").filter({ hasText: "1 chat escalated to supervisors" }).waitFor();
    expect(await axeViolations(supervisor), "supervisor alert").toEqual([]);
    await alert.getByRole("button", { name: "Open chat" }).click();
    await supervisor.getByRole("log").getByText("Ik word bedreigd").waitFor();

    await supervisor.getByRole("button", { name: "Join this chat" }).click();
    await supervisor.getByLabel("Reply as supervisor").fill("Ik ben Sanne, ik help Kees mee.");
    await supervisor.getByLabel("Reply as supervisor").press("Enter");
    const line = visitor.page.getByRole("log").getByRole("listitem").filter({ hasText: "Ik ben Sanne, ik help Kees mee." });
    await line.waitFor();
    expect(await line.locator(".who").textContent()).toBe("Sanne");
    await visitor.page.getByText("Sanne, een collega, doet nu ook mee in de chat.").waitFor();
    await console.getByText("Sanne (supervisor) joined this chat.").waitFor();

    // After a reload the chat still shows escalated, and the console offers no second escalation.
    await console.reload();
    await tab(console, visitor.id).click();
    await console.getByRole("log").getByText("Ik word bedreigd").waitFor();
    await console.getByText("Escalated: every supervisor on shift was alerted").waitFor();
    expect(await console.getByRole("button", { name: "Escalate to supervisors" }).count()).toBe(0);
    expect(await console.getByLabel("Escalation reason").count()).toBe(0);

    await endAsVisitor(visitor.page);
    await expect.poll(() => alert.count()).toBe(0);
    await visitor.context.close();
    await context.close();
    await supervisorContext.close();
  });
});
