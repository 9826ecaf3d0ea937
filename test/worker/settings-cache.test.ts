/**
 * Visitor pages read a helpline's settings from the Worker's short-lived copy, so a visitor's page load
 * does not wake the Desk; an admin's save is seen by the very next read.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_SETTINGS, type HelplineInfo, type HelplineSettings } from "../../schema/helpline";
import { Desk } from "../../worker/desk";
import { loginAdmin, postJson, request } from "./helpers";

const WEST = "/api/helpline?helpline=west";

async function info(): Promise<HelplineInfo> {
  const res = await request(WEST);
  expect(res.status).toBe(200);
  return res.json<HelplineInfo>();
}

function putWest(settings: HelplineSettings, cookie: string): Promise<Response> {
  return request("/api/admin/helpline?helpline=west", {
    method: "PUT",
    cookie,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
}

afterEach(() => vi.restoreAllMocks());

describe("the visitor's settings reader", () => {
  it("answers a visitor page load from its copy without calling the Desk, and asks again once the copy is old", async () => {
    const first = await info();
    const asked = vi.spyOn(Desk.prototype, "settings");
    expect(await info()).toEqual(first);
    expect((await request("/embed?helpline=west")).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(asked).not.toHaveBeenCalled();

    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 6_000);
    await info();
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it("sees an admin's save at the next read: a closed helpline is closed at once, and open again at once", async () => {
    const admin = await loginAdmin();
    const west = (await (await request("/api/admin/helpline?helpline=west", { cookie: admin })).json()) as HelplineSettings;
    expect((await info()).openNow).toBe(true);
    expect((await putWest({ ...west, name: "Hulplijn West dicht", openingHours: [] }, admin)).status).toBe(204);
    const closed = await info();
    expect(closed.name).toBe("Hulplijn West dicht");
    expect(closed.openNow).toBe(false);
    // The closed page's report of a visit outside hours is refused while open, so it reads the same copy.
    expect((await postJson("/api/closed-visit?helpline=west", {})).status).toBe(204);

    expect((await putWest(west, admin)).status).toBe(204);
    const open = await info();
    expect(open.name).toBe(west.name);
    expect(open.openNow).toBe(true);
    expect(west.openingHours).toEqual(DEFAULT_SETTINGS.openingHours);
  });
});
