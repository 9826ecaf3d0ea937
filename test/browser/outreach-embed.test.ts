import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { HelplineSettings } from "../../schema/helpline";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff } from "./console-helpers";
import { saveSettings, startChat } from "./visitor-page";

const browser = sharedBrowser();

/** Runs a JSON request from inside a logged-in staff page, so its cookie and Origin go along. */
function staffJson<T>(staff: Page, path: string, method: string, body?: unknown): Promise<T> {
  return staff.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(path, { method, headers: { "content-type": "application/json" }, body: body === undefined ? null : JSON.stringify(body) });
      return res.json();
    },
    { path, method, body },
  ) as Promise<T>;
}

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
    await visitor.goto(link);
    await visitor.getByRole("button", { name: "Start de chat" }).waitFor();
    expect(new URL(visitor.url()).pathname).toBe("/");
    const chat = await startChat(visitor);

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
  const partners: Server[] = [];
  /** A partner page on its own origin (another port), with the one script tag. */
  async function partnerSite(): Promise<string> {
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><title>School</title><h1>Our school</h1><script src="${baseUrl()}/embed.js" async></script>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    partners.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  afterAll(() => partners.forEach((s) => s.close()));

  it("shows the chat inside a listed partner's page, and refuses to appear on any other", async () => {
    const listed = await partnerSite();
    const unlisted = await partnerSite();
    const { page: admin, context: adminContext } = await counsellorPage(browser());
    const settings = await staffJson<HelplineSettings>(admin, "/api/admin/helpline", "GET");
    await saveSettings(admin, { ...settings, embedOrigins: [listed] });

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

    await saveSettings(admin, { ...settings, embedOrigins: [] });
    await context.close();
    await adminContext.close();
  });
});
