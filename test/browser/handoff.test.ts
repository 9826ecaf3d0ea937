/**
 * A warm handoff end to end: the admin adds a care partner in the settings, the counsellor proposes a
 * summary, the visitor reads it word for word and agrees, sees the partner's contact and the code (on
 * the ended screen too, with nothing on the device), and the handoff is found by code in the console
 * until the visitor withdraws it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, startVisitor } from "./console-helpers";
import { axeViolations, expectNoTrace, saveSettings } from "./visitor-page";
import type { Page } from "playwright-core";

const browser = sharedBrowser();
let admin: Page | undefined;
afterAll(async () => {
  // Other test files expect the default partners, also when this test failed half-way.
  if (admin && !admin.isClosed()) await saveSettings(admin, DEFAULT_SETTINGS);
});

const SUMMARY = "Jongen van 16 moet pakketjes rondbrengen voor een groep en durft niet te stoppen. Wil met iemand praten over veilig weg kunnen.";

describe("a warm handoff to a care partner", () => {
  it("is configured by the admin, proposed by the counsellor, agreed by the visitor, and found by its code", async () => {
    const { page: console, context: consoleContext } = await counsellorPage(browser());
    admin = console;

    // The admin adds CoMensha; a web address without https is refused next to its field first.
    await console.getByRole("button", { name: "Helpline settings" }).click();
    await console.getByRole("button", { name: "Add a care partner" }).click();
    const partner = console.getByRole("group", { name: `Care partner ${DEFAULT_SETTINGS.carePartners.length + 1}` });
    await partner.getByLabel("Name (nl)").fill("CoMensha");
    await partner.getByLabel("Name (en)").fill("CoMensha");
    await partner.getByLabel("What they do (nl)").fill("Zorgcoördinatie voor slachtoffers van mensenhandel.");
    await partner.getByLabel("What they do (en)").fill("Care coordination for victims of human trafficking.");
    await partner.getByLabel("Web address (https://)").fill("www.comensha.nl");
    await console.getByRole("button", { name: "Save settings" }).click();
    await console.getByText(/^Nothing was saved/).waitFor();
    await partner.getByText("a web address starting with https://").waitFor();
    await partner.getByLabel("Web address (https://)").fill("https://www.comensha.nl");
    await console.getByRole("button", { name: "Save settings" }).click();
    await console.getByText("Settings saved.").waitFor();
    await console.getByRole("button", { name: "Chats", exact: true }).click();

    const visitor = await startVisitor(browser());
    const historyAtLoad = await visitor.page.evaluate(() => history.length);
    await acceptChat(console, visitor.id);
    await visitor.page.getByRole("heading", { name: "Je praat met Anna" }).waitFor();

    // The counsellor proposes: nothing leaves yet.
    await console.getByRole("button", { name: "Warm handoff" }).click();
    await console.getByLabel("Care partner").selectOption({ label: "CoMensha" });
    await console.getByLabel(/^Summary for the partner/).fill(SUMMARY);
    await console.getByRole("button", { name: "Ask the visitor" }).click();
    await console.getByText("Waiting for the visitor's answer about CoMensha. They read:").waitFor();

    // The visitor reads exactly the summary, who gets it and what happens, and agrees.
    const offer = visitor.page.getByRole("region", { name: "Voorstel: contact met CoMensha" });
    await offer.waitFor();
    expect(await offer.getByTestId("handoff-summary").textContent()).toBe(SUMMARY);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await offer.getByText("Als je ja zegt, krijgt CoMensha deze samenvatting en een code. Jij krijgt hun contactgegevens en dezelfde code, zodat zij weten wie je bent als je belt. Verder gaat er niets naar hen toe.").waitFor();
    await offer.getByRole("button", { name: "Ja, geef dit door" }).click();

    // The visitor gets the contact and the code; the counsellor the same code.
    const contact = visitor.page.getByRole("region", { name: "Contact met CoMensha" });
    await contact.waitFor();
    expect(await contact.getByRole("link", { name: "Website van CoMensha" }).getAttribute("href")).toBe("https://www.comensha.nl");
    const code = (await contact.getByTestId("handoff-code").textContent()) ?? "";
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await contact.getByText("Schrijf de code en het nummer nu op. Deze pagina bewaart niets op je telefoon of computer.").waitFor();
    await console.getByText(/The visitor agreed\./).waitFor();
    expect(await console.getByTestId("handoff-code").textContent()).toBe(code);

    // The chat ends; the contact and code stay on the visitor's screen, and nothing is on the device.
    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.page.getByRole("heading", { name: "De chat is afgelopen" }).waitFor();
    expect(await visitor.page.getByRole("region", { name: "Contact met CoMensha" }).getByTestId("handoff-code").textContent()).toBe(code);
    await expectNoTrace(visitor.context, visitor.page, historyAtLoad);

    // Any counsellor of the helpline finds it by the code the partner reads out.
    await console.getByRole("button", { name: "Handoffs" }).click();
    await console.getByLabel("Handoff code").fill(code.toLowerCase());
    await console.getByRole("button", { name: "Find" }).click();
    const record = console.getByTestId("handoff-record");
    await record.getByText(SUMMARY).waitFor();
    await record.getByText("CoMensha").waitFor();

    // The visitor withdraws it with the code on their screen: it is gone.
    await visitor.page.getByRole("button", { name: "Trek dit in en wis de samenvatting" }).click();
    await visitor.page.getByText("Ingetrokken en gewist.").waitFor();
    await console.getByRole("button", { name: "Find" }).click();
    await console.getByText("This code is not known. Check it and try again.").waitFor();

    await saveSettings(console, DEFAULT_SETTINGS);
    await visitor.context.close();
    await consoleContext.close();
  });
});
