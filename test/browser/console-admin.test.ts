import { describe, expect, it } from "vitest";
import { PASSWORD, counsellorPage, sharedBrowser } from "./browser";
import { consoleAs } from "./console-helpers";

const browser = sharedBrowser();

describe("account administration in the console", () => {
  it("creates an account, and disabling it throws its open console back to the login at once", async () => {
    const { page: admin, context } = await counsellorPage(browser());
    await admin.getByRole("button", { name: "Accounts and audit" }).click();
    const form = admin.getByRole("heading", { name: "New account" }).locator("..");
    await form.getByLabel("Login name").fill("bo");
    await form.getByLabel("Name shown to visitors").fill("Bo");
    await form.getByLabel("Role").selectOption("counsellor");
    await form.getByLabel("Password (at least 15 characters)").fill(PASSWORD);
    await form.getByRole("button", { name: "Create account" }).click();
    await admin.getByRole("status").getByText("bo created.").waitFor();

    const { page: bo, context: boContext } = await consoleAs(browser(), "bo");
    const row = admin.getByRole("row").filter({ has: admin.getByRole("cell", { name: "bo", exact: true }) });
    await row.getByRole("button", { name: "Disable" }).click();
    await bo.getByRole("heading", { name: "Log in" }).waitFor();
    expect(await row.getByRole("cell", { name: "disabled", exact: true }).count()).toBe(1);
    await admin.locator("table.audit").getByRole("cell", { name: "account_disabled" }).first().waitFor();

    await bo.getByLabel("Login name").fill("bo");
    await bo.getByLabel("Password").fill(PASSWORD);
    await bo.getByRole("button", { name: "Log in" }).click();
    await bo.getByRole("alert").getByText("Login name or password is not correct.").waitFor();
    await boContext.close();
    await context.close();
  });
});
