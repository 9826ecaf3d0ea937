import { describe, expect, it } from "vitest";
import { PASSWORD, baseUrl, sharedBrowser } from "./browser";
import { ensureStaff } from "./console-helpers";

const browser = sharedBrowser();

describe("the console for a role that takes no chats", () => {
  it("points a coordinator to the dashboard and never opens the desk socket", async () => {
    await ensureStaff("cora", "Cora", "coordinator");
    const context = await browser().newContext();
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    await page.goto(`${baseUrl()}/console`);
    await page.getByLabel("Login name").fill("cora");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();

    const link = page.getByRole("link", { name: /dashboard/i });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("/dashboard");
    expect(await page.getByText("Reconnecting").count()).toBe(0);
    expect(await page.getByText("Nobody is waiting").count()).toBe(0);
    expect(sockets).toEqual([]);

    // Logging out still works from here.
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByLabel("Login name").waitFor();
    await context.close();
  });
});
