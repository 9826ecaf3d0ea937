import { describe, expect, it } from "vitest";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";

const browser = sharedBrowser();

describe("a visitor and a counsellor in two browsers", () => {
  it("chat from start to end", async () => {
    const { page: console } = await counsellorPage(browser());

    const visitorContext = await browser().newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByLabel("Nee").check();
    await visitor.getByRole("button", { name: "Start de chat" }).click();
    await expect.poll(() => visitor.getByText(/Je bent nummer \d+ in de rij/).count()).toBe(1);

    await console.getByRole("button", { name: "Accept" }).first().click();
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();

    await visitor.getByLabel("Typ je bericht").fill("Hoi, ik wil iets vragen");
    await visitor.keyboard.press("Enter");
    await console.getByRole("log").getByText("Hoi, ik wil iets vragen").waitFor();
    await visitor.getByRole("log").getByText("verstuurd").or(visitor.getByRole("log").getByText("gelezen")).first().waitFor();

    await console.getByLabel("Reply").fill("Natuurlijk, ik luister.");
    await console.getByRole("button", { name: "Send" }).click();
    await visitor.getByRole("log").getByText("Natuurlijk, ik luister.").waitFor();

    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await console.getByText(/The chat has ended/).waitFor();
    await visitorContext.close();
  });
});
