import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, positionOf, startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("waiting in the queue", () => {
  it("each visitor's place moves up, live, as the ones ahead are served", async () => {
    const { page: staff } = await counsellorPage(browser());
    const visitors: Page[] = [];
    const chats = [];
    for (let i = 0; i < 3; i++) {
      const page = await (await browser().newContext()).newPage();
      chats.push(await startChat(page));
      visitors.push(page);
    }
    const [first, second, third] = visitors as [Page, Page, Page];
    const places = await Promise.all(visitors.map(positionOf));
    const [p1, p2, p3] = places as [number, number, number];
    expect(p2).toBe(p1 + 1);
    expect(p3).toBe(p1 + 2);

    await acceptChat(staff, chats[0]!);
    await first.getByRole("heading", { name: "Je praat met Anna" }).waitFor();
    await expect.poll(() => positionOf(second)).toBe(p2 - 1);
    await expect.poll(() => positionOf(third)).toBe(p3 - 1);

    await acceptChat(staff, chats[1]!);
    await expect.poll(() => positionOf(third)).toBe(p3 - 2);
    // The estimate is shown beside the place: a number of minutes, or an honest "we don't know yet".
    await third.getByText(/Verwachte wachttijd|We weten nog niet hoe lang het duurt/).waitFor();

    for (const page of visitors) {
      await page.getByRole("button", { name: "Stop de chat" }).click();
      await page.getByRole("button", { name: "Ja, stop" }).click();
      await page.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
      await page.context().close();
    }
    await staff.context().close();
  });
});
