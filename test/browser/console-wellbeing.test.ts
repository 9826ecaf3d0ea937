/**
 * Counsellor wellbeing in the browser: a heavy chat brings a kind break nudge, a counsellor asks for a
 * debrief from the ended chat and the supervisor is told who asks, and the supervisor's team-load page
 * shows the counsellor's shift.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type HelplineSettings } from "../../schema/helpline";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, consoleAs, ensureStaff, startVisitor } from "./console-helpers";

const browser = sharedBrowser();

describe("counsellor wellbeing", () => {
  it("nudges after a heavy chat, passes a debrief request to the supervisor and shows the team's load", async () => {
    await ensureStaff("lotte", "Lotte", "counsellor");
    await ensureStaff("mara", "Mara", "supervisor");
    const { page: lotte, context: lotteContext } = await consoleAs(browser(), "lotte");
    const { page: mara, context: maraContext } = await consoleAs(browser(), "mara");
    const shift = lotte.getByRole("region", { name: "Your shift" });
    await shift.getByText(/This shift: 0 chats/).waitFor();
    expect(await shift.getByText("Take a break?").count()).toBe(0);

    const visitor = await startVisitor(browser());
    await acceptChat(lotte, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Lotte" }).waitFor();
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await lotte.getByText("The visitor ended the chat.").waitFor();

    // Asked from the ended chat: the supervisor reads who asks, and nothing about the chat.
    await lotte.getByRole("button", { name: "Ask for a debrief" }).click();
    await lotte.getByText("A supervisor on shift has been told you would like a debrief.").waitFor();
    const requests = mara.getByRole("region", { name: "Debrief requests" });
    await requests.getByText("Lotte asks for a debrief").waitFor();
    expect((await requests.textContent()) ?? "").not.toContain(visitor.id);

    const form = lotte.getByRole("form", { name: "Categorise the chat" });
    await form.getByLabel("Topic").selectOption({ label: "Sexual exploitation" });
    await form.getByLabel("Outcome").selectOption({ label: "Information given" });
    await form.getByRole("button", { name: "Save categories" }).click();

    const nudge = shift.getByRole("status");
    await nudge.getByText("Take a break?").waitFor();
    await nudge.getByText("That was a heavy chat.").waitFor();
    await shift.getByText(/This shift: 1 chat, \d+ min in chats, 1 heavy/).waitFor();

    await mara.getByRole("button", { name: "Team load" }).click();
    const row = mara.getByRole("row", { name: /^Lotte/ });
    await row.waitFor();
    // Open chats, chats this shift, minutes, heavy chats, since the last break.
    await expect.poll(async () => (await row.getByRole("cell").allTextContents()).slice(0, 4)).toEqual(["0", "1", "0", "1"]);

    await nudge.getByRole("button", { name: "Take a break" }).click();
    await shift.getByText(/on a break/).waitFor();
    expect(await lotte.getByLabel("Status").inputValue()).toBe("away");
    await expect.poll(() => shift.getByText("Take a break?").count()).toBe(0);
    await expect.poll(async () => (await row.getByRole("cell").allTextContents())[4]).toBe("on a break");

    await mara.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => requests.count()).toBe(0);
    await visitor.context.close();
    await lotteContext.close();
    await maraContext.close();
  });

  it("lets the counsellor put the nudge off until the next occasion", async () => {
    await ensureStaff("joris", "Joris", "counsellor");
    const { page: joris, context } = await consoleAs(browser(), "joris");
    const visitor = await startVisitor(browser());
    await acceptChat(joris, visitor.id);
    await joris.getByRole("button", { name: "End chat" }).click();
    const form = joris.getByRole("form", { name: "Categorise the chat" });
    await form.getByLabel("Topic").selectOption({ label: "Online sextortion" });
    await form.getByLabel("Outcome").selectOption({ label: "Referred to care" });
    await form.getByRole("button", { name: "End and save" }).click();
    const shift = joris.getByRole("region", { name: "Your shift" });
    await shift.getByText("Take a break?").waitFor();
    await shift.getByRole("button", { name: "Not now" }).click();
    await expect.poll(() => shift.getByText("Take a break?").count()).toBe(0);
    expect(await joris.getByLabel("Status").inputValue()).toBe("available");
    await visitor.context.close();
    await context.close();
  });

  it("lets an admin choose the heavy topics and the minutes before a nudge, checked like every setting", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    const saved = () => admin.evaluate(async () => (await fetch("/api/admin/helpline")).json()) as Promise<HelplineSettings>;
    try {
      await admin.getByRole("button", { name: "Helpline settings" }).click();
      const heavy = admin.getByRole("group", { name: /Heavy topics/ });
      await heavy.getByLabel("Online sextortion").uncheck();
      const minutes = admin.getByLabel(/Suggest a break after this many minutes/);
      await minutes.fill("5");
      await admin.getByRole("button", { name: "Save settings" }).click();
      await admin.getByRole("status").getByText("Nothing was saved").waitFor();
      expect(await minutes.getAttribute("aria-invalid")).toBe("true");
      expect((await saved()).wellbeing.nudgeAfterMinutes).toBe(90);

      await minutes.fill("120");
      await admin.getByRole("button", { name: "Save settings" }).click();
      await admin.getByRole("status").getByText("Settings saved.").waitFor();
      expect((await saved()).wellbeing).toEqual({ heavyTopics: ["sexual_exploitation", "loverboy_grooming"], nudgeAfterHeavy: true, nudgeAfterMinutes: 120 });
    } finally {
      const restored = await admin.evaluate(
        async (settings) => (await fetch("/api/admin/helpline", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) })).status,
        DEFAULT_SETTINGS,
      );
      expect(restored).toBe(204);
      await context.close();
    }
  });
});
