import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_HELPLINE, DEFAULT_SETTINGS, HelplineSettings } from "../../schema/helpline";
import { saveSettings } from "../../worker/settings-cache";
import { request } from "./helpers";

const PARTNER = "https://school.example";

describe("the embeddable chat", () => {
  it("may be framed only by the partner origins the helpline lists", async () => {
    const desk = env.DESK.getByName(DEFAULT_HELPLINE);
    await saveSettings(env, DEFAULT_HELPLINE, { ...(await desk.settings()), embedOrigins: [PARTNER] });
    const res = await request("/embed");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain(`frame-ancestors ${PARTNER}`);
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(await res.text()).toContain('<div id="app">');
  });

  it("cannot be framed by anyone while no partner is listed", async () => {
    const desk = env.DESK.getByName(DEFAULT_HELPLINE);
    await saveSettings(env, DEFAULT_HELPLINE, { ...(await desk.settings()), embedOrigins: [] });
    const res = await request("/embed");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("keeps every other page unframeable, even with partners listed", async () => {
    const desk = env.DESK.getByName(DEFAULT_HELPLINE);
    await saveSettings(env, DEFAULT_HELPLINE, { ...(await desk.settings()), embedOrigins: [PARTNER] });
    for (const path of ["/", "/console", "/api/session"]) {
      const res = await request(path);
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it.each(["https://a.example/path", "*", "https://*.example", "javascript:alert(1)"])(
    "refuses %s as a partner origin",
    (origin) => {
      expect(HelplineSettings.safeParse({ ...DEFAULT_SETTINGS, embedOrigins: [origin] }).success).toBe(false);
    },
  );
});
