import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { startVisitor, visitorSays } from "./console-helpers";

const browser = sharedBrowser();

describe("the console queue", () => {
  it("puts urgent chats first (in danger, or a risk word while waiting), marks them, and ticks waiting times", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const calm = await startVisitor(browser(), "Nee");
    const risky = await startVisitor(browser(), "Nee");
    const danger = await startVisitor(browser(), "Ja");
    const order = () => console.locator(".queue li").evaluateAll((items) => items.map((li) => li.getAttribute("data-chat")));

    await expect.poll(async () => (await order()).includes(danger.id)).toBe(true);
    await visitorSays(risky, "Ik word gechanteerd door mijn LOVERBOY");
    await console.locator(`li[data-chat="${risky.id}"]`).getByText("Risk word").waitFor();

    const ids = await order();
    expect(ids.indexOf(danger.id)).toBeLessThan(ids.indexOf(calm.id));
    expect(ids.indexOf(risky.id)).toBeLessThan(ids.indexOf(calm.id));
    await expect.poll(async () => (await console.locator(`li[data-chat="${danger.id}"]`).getAttribute("class")) ?? "").toContain("urgent");
    await console.locator(`li[data-chat="${danger.id}"]`).getByText("In danger").waitFor();
    await expect.poll(async () => (await console.locator(`li[data-chat="${calm.id}"]`).getAttribute("class")) ?? "").not.toContain("urgent");
    // Urgent chats are announced to assistive technology.
    await console.getByRole("alert").filter({ hasText: /urgent chat/ }).waitFor({ state: "attached" });

    // The waiting time ticks without any new data from the server.
    const waited = console.locator(`li[data-chat="${calm.id}"] .waited`);
    const first = await waited.textContent();
    await expect.poll(() => waited.textContent(), { timeout: 5000 }).not.toBe(first);

    for (const visitor of [calm, risky, danger]) {
      await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
      await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
      await visitor.context.close();
    }
    // These three chats leave the queue; another test's visitor may still be waiting there.
    const ours = () => Promise.all([calm, risky, danger].map((v) => console.locator(`.queue li[data-chat="${v.id}"]`).count()));
    await expect.poll(ours).toEqual([0, 0, 0]);
    await context.close();
  });
});
