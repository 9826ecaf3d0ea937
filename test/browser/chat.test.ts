import { describe, it } from "vitest";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { acceptChat } from "./console-helpers";
import { startChat } from "./visitor-page";

const browser = sharedBrowser();

describe("a visitor and a counsellor in two browsers", () => {
  it("chat from start to end", async () => {
    const { page: console } = await counsellorPage(browser());

    const visitorContext = await browser().newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(baseUrl());
    const chat = await startChat(visitor);
    // This visitor's chat, not the queue's first: another test's visitor may still be waiting ahead.
    await acceptChat(console, chat.conversationId);
    await visitor.getByRole("heading", { name: "Je praat met Anna" }).waitFor();

    await visitor.getByLabel("Typ je bericht").fill("Hoi, ik wil iets vragen");
    await visitor.keyboard.press("Enter");
    await console.getByRole("log").getByText("Hoi, ik wil iets vragen").waitFor();
    await visitor.getByRole("log").getByText("verstuurd").or(visitor.getByRole("log").getByText("gelezen")).first().waitFor();

    await console.getByLabel("Reply").fill("Natuurlijk, ik luister.");
    await console.getByRole("button", { name: "Send" }).click();
    await visitor.getByRole("log").getByText("Natuurlijk, ik luister.").waitFor();

    await visitor.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    await console.getByText("The visitor ended the chat.").waitFor();
    await visitorContext.close();
  });
});
