/**
 * A start refused as very busy (the helpline's ceiling on starts per minute, tested in workerd in
 * start-flood.test.ts) shows an honest screen with the alternatives, and the visitor can try again.
 * The refusal is answered by the browser here, so the shared server's ceiling stays untouched.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, launch } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("a very busy helpline", () => {
  it("says so, shows where to turn now, and goes back to the start on retry", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let refused = 0;
    await page.route(/\/api\/chats$/, (route) => {
      if (route.request().method() !== "POST") return route.continue();
      refused++;
      return route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ error: "very_busy", message: "It is very busy right now." }),
      });
    });
    await page.goto(baseUrl());
    await page.getByLabel("Nee").check();
    await page.getByRole("button", { name: "Start de chat" }).click();
    await page.getByRole("heading", { name: "Het is nu heel druk" }).waitFor();
    expect(refused).toBe(1);
    expect(await page.getByRole("link", { name: "In direct gevaar: bel 112" }).getAttribute("href")).toBe("tel:112");

    await page.getByRole("button", { name: "Probeer opnieuw" }).click();
    await page.getByRole("button", { name: "Start de chat" }).waitFor();
    await context.close();
  });
});
