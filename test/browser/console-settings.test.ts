/**
 * The helpline settings an admin edits in the console: opening hours, time zone, where a closed
 * visitor is pointed and which partner sites may embed the chat, checked by the API's own schema.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type HelplineSettings } from "../../schema/helpline";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { saveSettings } from "./visitor-page";

const browser = sharedBrowser();
let admin: Page;
beforeAll(async () => {
  ({ page: admin } = await counsellorPage(browser()));
});
afterAll(async () => {
  // Other test files expect the helpline open, with its usual alternatives.
  if (admin) await saveSettings(admin, DEFAULT_SETTINGS);
});

const ZONE = "Asia/Tokyo";
const WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const dayIn = (lang: string, day: number) => new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2026, 0, 4 + day));

/** The day after tomorrow in the helpline's zone (0 = Sunday): open only then, it is closed now. */
function dayAfterTomorrow(): number {
  const weekday = new Date().toLocaleDateString("en-US", { timeZone: ZONE, weekday: "short" });
  return (["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(weekday) + 2) % 7;
}

const savedSettings = (page: Page) => page.evaluate(async () => (await fetch("/api/admin/helpline")).json()) as Promise<HelplineSettings>;

/** Every settings PUT the page sends, counted as it goes out. */
function settingsPuts(page: Page): string[] {
  const puts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT" && new URL(r.url()).pathname === "/api/admin/helpline") puts.push(r.url());
  });
  return puts;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Helpline settings" }).click();
  await page.getByLabel("Time zone of the opening hours").waitFor();
}

describe("helpline settings in the console", () => {
  it("an admin closes the helpline with the week grid and adds an alternative, and the visitor sees both", async () => {
    await saveSettings(admin, DEFAULT_SETTINGS);
    await openSettings(admin);
    const zone = admin.getByLabel("Time zone of the opening hours");
    expect(await zone.inputValue()).toBe("Europe/Amsterdam");
    await zone.selectOption(ZONE);

    const day = dayAfterTomorrow();
    const dayName = dayIn("en", day);
    for (const name of WEEK) await admin.getByLabel(`Open on ${name}`).uncheck();
    await admin.getByLabel(`Open on ${dayName}`).check();
    const grid = admin.getByRole("group", { name: dayName, exact: true });
    await grid.getByLabel("Opens").fill("10:00");
    await grid.getByLabel("Closes").fill("12:00");
    await grid.getByRole("button", { name: `Add a second range on ${dayName}` }).click();
    expect(await grid.getByLabel("Closes (range 2)").inputValue()).toBe("22:00");

    await admin.getByRole("button", { name: "Remove alternative 2" }).click();
    await admin.getByRole("button", { name: "Add an alternative" }).click();
    const added = admin.getByRole("group", { name: "Alternative 2" });
    await added.getByLabel("Name (nl)").fill("Kindertelefoon");
    await added.getByLabel("Name (en)").fill("Child helpline");

    // Without a number or address the schema refuses it: said beside the field, and nothing is sent.
    const puts = settingsPuts(admin);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").getByText("Nothing was saved").waitFor();
    const contact = added.getByLabel("Phone number or web address");
    expect(await contact.getAttribute("aria-invalid")).toBe("true");
    const why = admin.locator(`#${await contact.getAttribute("aria-describedby")}`);
    expect(await why.textContent()).toBe("a phone number such as 0800-0432 or a web address starting with https://");
    expect(puts).toHaveLength(0);

    await contact.fill("0800-0432");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").getByText("Settings saved.").waitFor();
    expect(puts).toHaveLength(1);
    expect(await contact.getAttribute("aria-invalid")).toBeNull();
    const saved = await savedSettings(admin);
    expect(saved.timeZone).toBe(ZONE);
    expect(saved.openingHours).toEqual([{ day, open: "10:00", close: "12:00" }, { day, open: "18:00", close: "22:00" }]);

    const context = await browser().newContext();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl());
    await visitor.getByRole("heading", { name: "We zijn nu gesloten" }).waitFor();
    expect(await visitor.getByRole("link", { name: "Kindertelefoon" }).getAttribute("href")).toBe("tel:08000432");
    expect(await visitor.getByText("Politie, geen spoed").count()).toBe(0);
    const dutchDay = dayIn("nl", day);
    await visitor.getByText(`${dutchDay}: 10:00 tot 12:00`).waitFor();
    await visitor.getByText(`${dutchDay}: 18:00 tot 22:00`).waitFor();
    await context.close();
  });

  it("refuses a partner origin the schema refuses, says why beside it, and saves nothing", async () => {
    await saveSettings(admin, DEFAULT_SETTINGS);
    await admin.reload();
    await openSettings(admin);
    const puts = settingsPuts(admin);
    await admin.getByRole("button", { name: "Add a partner origin" }).click();
    const origin = admin.getByLabel("Partner origin 1");
    await origin.fill("https://school.example/chat");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").getByText("Nothing was saved").waitFor();
    expect(await origin.getAttribute("aria-invalid")).toBe("true");
    const why = admin.locator(`#${await origin.getAttribute("aria-describedby")}`);
    expect(await why.textContent()).toBe("an origin such as https://school.example");
    expect(puts).toHaveLength(0);
    expect((await savedSettings(admin)).embedOrigins).toEqual([]);

    await origin.fill("https://school.example");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").getByText("Settings saved.").waitFor();
    expect(await why.count()).toBe(0);
    expect((await savedSettings(admin)).embedOrigins).toEqual(["https://school.example"]);

    // Removed again, the list is empty on the server too.
    await admin.getByRole("button", { name: "Remove partner origin 1" }).click();
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(async () => (await savedSettings(admin)).embedOrigins).toEqual([]);
  });
});
