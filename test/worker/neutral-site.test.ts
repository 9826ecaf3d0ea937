import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../schema/helpline";
import { loginAdmin, request } from "./helpers";

const save = (neutralSite: string, cookie: string) =>
  request("/api/admin/helpline", {
    method: "PUT",
    cookie,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...DEFAULT_SETTINGS, neutralSite }),
  });

describe("the quick exit's neutral site", () => {
  it.each([
    "javascript:alert(document.domain)",
    "JavaScript://example.com/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "http://www.example.com/",
    "ftp://example.com/",
    "https://",
    "https:///path",
  ])("refuses %s", async (site) => {
    const admin = await loginAdmin();
    expect((await save(site, admin)).status).toBe(400);
  });

  it("accepts an https address and the visitor page gets it", async () => {
    const admin = await loginAdmin();
    expect((await save("https://weer.example.nl/vandaag?stad=utrecht", admin)).status).toBe(204);
    expect(await (await request("/api/helpline")).json()).toMatchObject({ neutralSite: "https://weer.example.nl/vandaag?stad=utrecht" });
    expect((await save(DEFAULT_SETTINGS.neutralSite, admin)).status).toBe(204);
  });
});
