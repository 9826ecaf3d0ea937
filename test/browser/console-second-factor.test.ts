import { describe, expect, it } from "vitest";
import { base32Decode, hotp } from "../../worker/totp";
import { PASSWORD, baseUrl, sharedBrowser } from "./browser";
import { consoleAs, ensureStaff } from "./console-helpers";

const browser = sharedBrowser();

async function post(path: string, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl()}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: baseUrl(), ...headers }, body: JSON.stringify(body) });
}

describe("signing in while a name is flooded with guesses", () => {
  it("offers the code field, and the password with a code gets in", async () => {
    await ensureStaff("tessa", "Tessa", "counsellor");
    const cookie = (await post("/api/login", { login: "tessa", password: PASSWORD })).headers.get("set-cookie")?.split(";")[0] ?? "";
    const { secret } = (await (await post("/api/console/totp", {}, { cookie })).json()) as { secret: string };
    const step = Math.floor(Date.now() / 30_000);
    const code = (offset: number) => hotp(base32Decode(secret), step + offset);
    expect((await post("/api/console/totp/confirm", { code: await code(0) }, { cookie })).status).toBe(204);
    // Five wrong guesses from each of six networks: the name is under strain.
    for (let i = 0; i < 30; i++) {
      const res = await post("/api/login", { login: "tessa", password: "a wrong guess at the password" }, { "cf-connecting-ip": `198.51.100.${i % 6}` });
      expect(res.status).toBe(401);
    }

    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/console`);
    await page.getByLabel("Login name").fill("tessa");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").getByText(/set up a second factor/).waitFor();
    await page.getByLabel("Code from your authenticator app").fill(await code(1));
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: /Waiting/ }).waitFor();
    await context.close();
  });
});

describe("a role that must have a second factor", () => {
  it("is chosen by the admin in the console, and its member sets one up before the queue", async () => {
    await ensureStaff("otto", "Otto", "outreach");
    const admin = await consoleAs(browser(), "anna");
    const form = admin.page.locator("form.second-factor-roles");
    const outreach = form.getByRole("checkbox", { name: "outreach" });
    try {
      await admin.page.getByRole("button", { name: "Accounts and audit" }).click();
      await outreach.waitFor();
      expect(await outreach.isChecked()).toBe(false);
      await outreach.check();
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText(/^Saved\./).waitFor();

      const context = await browser().newContext();
      const page = await context.newPage();
      const sockets: string[] = [];
      page.on("websocket", (ws) => sockets.push(ws.url()));
      await page.goto(`${baseUrl()}/console`);
      await page.getByLabel("Login name").fill("otto");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("heading", { name: "Set up a second factor first" }).waitFor();
      // Nothing of the console opens before the factor is on.
      expect(await page.getByRole("heading", { name: /Waiting/ }).count()).toBe(0);
      expect(sockets).toEqual([]);

      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      const secret = (await page.locator("code.secret").textContent()) ?? "";
      await page.getByLabel("Code from the app").fill(await hotp(base32Decode(secret), Math.floor(Date.now() / 30_000)));
      await page.getByRole("button", { name: "Turn on" }).click();
      await page.getByRole("heading", { name: /Waiting/ }).waitFor();
      await page.getByText("Connected").waitFor();
      await context.close();
    } finally {
      // The other browser files share this server: the choice is put back.
      await outreach.uncheck();
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText(/^Saved\./).waitFor();
      await admin.context.close();
    }
  });
});
