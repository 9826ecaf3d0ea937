/**
 * Many starts from one network show in the console as a count (never an address), from the Desk
 * snapshot's `flood`. The flood comes from addresses of one IPv6 /64 on the demo helpline, whose Desk
 * the rest of the suite hardly touches.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StartChallenge } from "../../schema/http";
import { solve } from "../../web/visitor/proof-of-work";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { startVisitor } from "./console-helpers";

const browser = sharedBrowser();
const FLOOD_LINE = /(\d+) chats were started from one network in the last 10 minutes\. Its urgent marks beyond the first few do not jump the queue\./;

/** The count the console's flood line shows, or 0 without one. */
async function floodShown(console: Page): Promise<number> {
  const line = console.locator(".queue .flood");
  if ((await line.count()) === 0) return 0;
  return Number(FLOOD_LINE.exec((await line.textContent()) ?? "")?.[1] ?? 0);
}

describe("a flood of starts", () => {
  it("shows in the console's queue as a count of starts from one network", async () => {
    const { page: console, context } = await counsellorPage(browser());
    await console.getByLabel("Helpline").selectOption({ label: "Demo-hulplijn" });
    await console.getByText("Connected").waitFor();
    // More than any network so far, and at least the five that make a flood.
    const before = await floodShown(console);
    const starts = Math.max(before, 4) + 3;

    const flooder = await browser().newContext();
    const page = await flooder.newPage();
    await page.goto(`${baseUrl()}/h/demo`);
    const net = Math.floor(Math.random() * 0xffff).toString(16);
    const post = (path: string, address: string, body: object) =>
      page.evaluate(
        async ({ path, address, body }) => {
          const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify(body) });
          return { status: res.status, body: (await res.json()) as { error?: string } & Partial<StartChallenge> };
        },
        { path, address, body },
      );
    const statuses: number[] = [];
    for (let i = 1; i <= starts; i++) {
      const address = `2001:db8:${net}:1::${i.toString(16)}`;
      // Past a network's first starts the server asks for a little work, which a flooder pays like anyone.
      let answer = await post("/api/chats?helpline=demo", address, { inDanger: true });
      if (answer.body.error === "challenge_required") {
        const { challenge = "", bits = 0 } = (await post("/api/chats/challenge", address, {})).body;
        answer = await post("/api/chats?helpline=demo", address, { inDanger: true, proof: { challenge, counter: await solve(challenge, bits) } });
      }
      statuses.push(answer.status);
    }
    expect(statuses).toEqual(Array(starts).fill(201));
    await flooder.close();

    // The flood's chats never say hello, so they never reach the queue; the next arrival brings a snapshot.
    const visitor = await startVisitor(browser(), "Nee", "/h/demo");
    await expect.poll(() => floodShown(console)).toBe(starts);
    expect(await console.locator(".queue").textContent()).not.toMatch(/2001:db8/);

    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.context.close();
    await context.close();
  });
});
