/**
 * Two helplines side by side, as `npm start` serves them (wrangler.toml: "baken" at / and "demo" at
 * /h/demo): each visitor page shows its own helpline, and each chat reaches only that helpline's staff.
 */
import { describe, expect, it } from "vitest";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor, visitorSays } from "./console-helpers";

const browser = sharedBrowser();

describe("two helplines in one deployment", () => {
  it("each page shows its own helpline, and its chats reach only its own staff", async () => {
    await ensureStaff("demo-counsellor", "Dani", "counsellor", ["demo"]);
    const visitor = await startVisitor(browser(), "Nee", "/h/demo");
    await visitor.page.getByText("Demo-hulplijn").first().waitFor();
    // The helpline's own colour, on the visitor's buttons.
    const accent = await visitor.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim());
    expect(accent).toBe("#6b2c91");

    // The admin works for both; their console starts on the first helpline, where this chat is not.
    const { page: admin, context: adminContext } = await counsellorPage(browser());
    await admin.getByText("Connected").waitFor();
    expect(await admin.locator(`li[data-chat="${visitor.id}"]`).count()).toBe(0);
    await admin.getByLabel("Helpline").selectOption({ label: "Demo-hulplijn" });
    await admin.locator(`li[data-chat="${visitor.id}"]`).waitFor();
    await adminContext.close();

    const { page: demo, context: demoContext } = await consoleAs(browser(), "demo-counsellor");
    // A member of one helpline gets no choice of helpline at all.
    expect(await demo.getByLabel("Helpline").count()).toBe(0);
    await acceptChat(demo, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Dani" }).waitFor();
    await visitorSays(visitor, "Hallo demo");
    await demo.getByRole("log").getByText("Hallo demo").waitFor();

    for (const c of [visitor.context, demoContext]) await c.close();
  });

  it("takes its name and colour from what an admin saves, and refuses a colour too light to read", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    await admin.getByLabel("Helpline").selectOption({ label: "Demo-hulplijn" });
    await admin.getByRole("button", { name: "Helpline settings" }).click();
    const name = admin.getByLabel("Name shown to visitors");
    await expect.poll(() => name.inputValue()).toBe("Demo-hulplijn");
    const colour = admin.getByLabel(/Colour of buttons/);
    await colour.fill("#ffff66");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").filter({ hasNotText: "Settings saved." }).waitFor();

    await name.fill("Demo Oost");
    await colour.fill("#1d6b3a");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText("Settings saved.").waitFor();

    const visitor = await (await browser().newContext()).newPage();
    await visitor.goto(`${baseUrl()}/h/demo`);
    await visitor.locator(".brand").getByText("Demo Oost").waitFor();
    const accent = await visitor.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim());
    expect(accent).toBe("#1d6b3a");
    // Its own name in the tab and on what it keeps, not Baken's.
    await expect.poll(() => visitor.title()).toBe("Demo Oost: anoniem chatten");
    await visitor.getByRole("button", { name: "Wat we bewaren (privacy)" }).click();
    await visitor.getByRole("heading", { name: "Privacy: wat Demo Oost bewaart" }).waitFor();
    // The first helpline kept its own.
    await visitor.goto(baseUrl());
    await visitor.locator(".brand").getByText("Baken").waitFor();

    // Back as it was, for the other test files that share this server.
    await name.fill("Demo-hulplijn");
    await colour.fill("#6b2c91");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText("Settings saved.").waitFor();
    await visitor.context().close();
    await context.close();
  });
});
