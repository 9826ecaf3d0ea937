/**
 * Whisper in the browser: a supervisor observes a chat and coaches the counsellor, the counsellor answers,
 * and the visitor's page shows nothing of it; not a single frame of it reaches the visitor's socket.
 */
import { describe, expect, it } from "vitest";
import { sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor, visitorSays } from "./console-helpers";

const browser = sharedBrowser();

describe("whisper beside a chat", () => {
  it("lets an observing supervisor coach the counsellor, who answers; the visitor sees nothing", async () => {
    await ensureStaff("wout", "Wout", "counsellor");
    await ensureStaff("sofie", "Sofie", "supervisor");
    const { page: wout, context: woutContext } = await consoleAs(browser(), "wout");
    const { page: sofie, context: sofieContext } = await consoleAs(browser(), "sofie");
    const visitor = await startVisitor(browser());
    await acceptChat(wout, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Wout" }).waitFor();
    await visitorSays(visitor, "Iemand heeft mijn foto's");

    await sofie.getByRole("button", { name: "Chat of Wout" }).click();
    await sofie.getByText("Observing silently").waitFor();
    await sofie.getByRole("log").getByText("Iemand heeft mijn foto's").waitFor();
    await sofie.getByLabel("Whisper to the counsellor").fill("Vraag wie die foto's heeft");
    await sofie.getByRole("button", { name: "Whisper", exact: true }).click();

    await wout.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    const woutWhisper = wout.getByRole("complementary", { name: "Whisper" });
    await woutWhisper.getByText("Vraag wie die foto's heeft").waitFor();
    expect(await woutWhisper.locator(".who").first().textContent()).toBe("Sofie");
    await wout.getByLabel("Whisper to a supervisor").fill("Doe ik, dank je");
    await wout.getByRole("button", { name: "Whisper", exact: true }).click();
    await sofie.getByRole("complementary", { name: "Whisper" }).getByText("Doe ik, dank je").waitFor();

    // The visitor's page reconnects (its socket was open before the frames could be watched): the hello
    // and its backlog bring nothing of the whispers, and neither does anything after.
    const visitorFrames: string[] = [];
    visitor.page.on("websocket", (ws) => ws.on("framereceived", (f) => visitorFrames.push(String(f.payload))));
    await visitor.context.setOffline(true);
    await visitor.page.getByText("Geen verbinding.", { exact: false }).waitFor();
    await visitor.context.setOffline(false);
    await expect.poll(() => visitorFrames.some((f) => f.includes('"welcome"'))).toBe(true);
    await sofie.getByLabel("Whisper to the counsellor").fill("Nog een tip na het herverbinden");
    await sofie.getByRole("button", { name: "Whisper", exact: true }).click();
    await woutWhisper.getByText("Nog een tip na het herverbinden").waitFor();

    // The counsellor's next message reaches the visitor after every whisper was sent.
    await wout.getByLabel("Reply").fill("Wie heeft die foto's?");
    await wout.getByRole("button", { name: "Send" }).click();
    await visitor.page.getByRole("log").getByText("Wie heeft die foto's?").waitFor();
    const seen = (await visitor.page.textContent("body")) ?? "";
    expect(seen).not.toContain("Vraag wie die foto's heeft");
    expect(seen).not.toContain("Doe ik, dank je");
    expect(seen).not.toContain("Nog een tip");
    expect(visitorFrames.length).toBeGreaterThan(0);
    expect(visitorFrames.some((f) => f.includes("Wie heeft die foto's?"))).toBe(true);
    expect(visitorFrames.filter((f) => /whisper|Doe ik|Vraag wie|Nog een tip/.test(f))).toEqual([]);

    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.context.close();
    await woutContext.close();
    await sofieContext.close();
  });
});
