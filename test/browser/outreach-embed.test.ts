import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff } from "./console-helpers";
import { allowEmbedding, partnerSites } from "./partner-site";
import { startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("an outreach link", () => {
  it("opens the chat, leaves no link in the address bar, and reaches the outreach worker", async () => {
    await ensureStaff("olga", "Olga", "outreach");
    const { page: olga, context: olgaContext } = await consoleAs(browser(), "olga");
    await olga.getByRole("button", { name: "Outreach links" }).click();
    await olga.getByLabel(/Channel/).fill("Snapchat");
    await olga.getByRole("button", { name: "Make link" }).click();
    const link = (await olga.locator("output.link-out").textContent()) ?? "";
    expect(link).toMatch(/\/i\/[A-Za-z0-9_-]{16}$/);
    await olga.getByRole("cell", { name: "snapchat" }).waitFor();
    await olga.getByRole("button", { name: "Chats" }).click();

    const visitorContext = await browser().newContext();
    const visitor = await visitorContext.newPage();
    // The page reports the opening once per load; checking the link counts nothing.
    const reports: number[] = [];
    visitor.on("response", (r) => {
      if (new URL(r.url()).pathname.endsWith("/opened")) reports.push(r.status());
    });
    const reported = visitor.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/opened"));
    await visitor.goto(link);
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    expect(new URL(visitor.url()).pathname).toBe("/");
    expect((await reported).status()).toBe(204);
    const chat = await startChat(visitor);
    expect(reports).toEqual([204]);

    const item = olga.locator(`li[data-chat="${chat.conversationId}"]`);
    await item.getByText("Outreach: snapchat").waitFor();
    await item.getByText("Offered to you").waitFor();
    await acceptChat(olga, chat.conversationId);
    await visitor.getByRole("heading", { name: "Je praat met Olga" }).waitFor();

    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await visitorContext.close();
    await olgaContext.close();
  });
});

describe("the embedded chat on a partner site", () => {
  const partnerSite = partnerSites();

  it("shows the chat inside a listed partner's page, and refuses to appear on any other", async () => {
    const listed = await partnerSite();
    const unlisted = await partnerSite();
    const { page: admin, context: adminContext } = await counsellorPage(browser());
    const restore = await allowEmbedding(admin, [listed]);
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(listed);
    const frame = page.frameLocator("iframe");
    await frame.getByRole("button", { name: "Start de chat" }).waitFor();
    // The partner page cannot reach into the chat: it is another origin.
    const reachable = await page.evaluate(() => {
      try {
        return Boolean(document.querySelector("iframe")?.contentDocument?.body);
      } catch {
        return false;
      }
    });
    expect(reachable).toBe(false);

    const blocked = await context.newPage();
    const frameLoaded = blocked.waitForEvent("framenavigated", (f) => f !== blocked.mainFrame());
    await blocked.goto(unlisted);
    await frameLoaded;
    await blocked.waitForLoadState("load");
    expect(await blocked.frameLocator("iframe").getByRole("button", { name: "Start de chat" }).count()).toBe(0);

    await restore();
    await context.close();
    await adminContext.close();
  });
});
