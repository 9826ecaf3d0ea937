import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("connection trouble", () => {
  it("messages typed offline show as pending and are delivered once, in order, on reconnect", async () => {
    const { page: staff } = await counsellorPage(browser());
    const context = await browser().newContext();
    const visitor = await context.newPage();
    const chat = await startChat(visitor);
    await acceptChat(staff, chat);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();

    await context.setOffline(true);
    await visitor.getByText("Geen verbinding.", { exact: false }).waitFor();
    for (const text of ["eerste offline", "tweede offline"]) {
      await visitor.getByLabel("Typ je bericht").fill(text);
      await visitor.keyboard.press("Enter");
    }
    const mine = (text: string) => visitor.getByRole("log").getByRole("listitem").filter({ hasText: text });
    await mine("eerste offline").getByText("wordt verstuurd").waitFor();
    await mine("tweede offline").getByText("wordt verstuurd").waitFor();

    // Meanwhile the counsellor writes; the visitor catches up after reconnecting.
    await staff.getByLabel("Reply").fill("Ben je er nog?");
    await staff.getByRole("button", { name: "Send" }).click();

    await context.setOffline(false);
    await mine("tweede offline").getByText(/verstuurd|gelezen/).filter({ hasNotText: "wordt" }).waitFor();
    await visitor.getByRole("log").getByText("Ben je er nog?").waitFor();
    await expect.poll(() => visitor.getByText("Geen verbinding.", { exact: false }).count()).toBe(0);

    const log = staff.getByRole("log");
    await log.getByText("tweede offline").waitFor();
    // Exactly once each, and in the order typed.
    const texts = await log.getByRole("listitem").allTextContents();
    const firstAt = texts.findIndex((t) => t.includes("eerste offline"));
    const secondAt = texts.findIndex((t) => t.includes("tweede offline"));
    expect(firstAt).toBeGreaterThanOrEqual(0);
    expect(secondAt).toBeGreaterThan(firstAt);
    expect(texts.filter((t) => t.includes("offline"))).toHaveLength(2);

    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await context.close();
    await staff.context().close();
  });
});
