/**
 * Two helplines side by side, as `npm start` serves them (wrangler.toml: "baken" at / and "demo" at
 * /h/demo): each visitor page shows its own helpline, and each chat reaches only that helpline's staff.
 */
import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
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
});
