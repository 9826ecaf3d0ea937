/**
 * A flood of starts shows in the console as a count of starts a minute from every network together
 * (never an address), from the Desk snapshot's `flood`: many networks with one start each, which no
 * count per network would ever show. On the demo helpline, whose Desk the rest of the suite hardly touches.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { StartChallenge } from "../../schema/http";
import { solve } from "../../web/visitor/proof-of-work";
import { FLOOD_SHOWN_PER_MINUTE } from "../../schema/desk";
import { baseUrl, counsellorPage, sharedBrowser } from "./browser";
import { startVisitor } from "./console-helpers";

const browser = sharedBrowser();
const FLOOD_LINE =
  /Up to (\d+) chats a minute were started in the last 10 minutes, far more than usual\. Urgent marks from a network that keeps starting chats do not jump the queue beyond the first few\./;

/** The count the console's flood line shows, or 0 without one. */
async function floodShown(console: Page): Promise<number> {
  const line = console.locator(".queue .flood");
  if ((await line.count()) === 0) return 0;
  return Number(FLOOD_LINE.exec((await line.textContent()) ?? "")?.[1] ?? 0);
}

describe("a flood of starts", () => {
  it("shows in the console's queue as starts a minute from many networks, one start each", async () => {
    const { page: console, context } = await counsellorPage(browser());
    await console.getByLabel("Helpline").selectOption({ label: "Demo-hulplijn" });
    await console.getByText("Connected").waitFor();
    const starts = FLOOD_SHOWN_PER_MINUTE + 2;

    const flooder = await browser().newContext();
    const page = await flooder.newPage();
    await page.goto(`${baseUrl()}/h/demo`);
    const run = Math.floor(Math.random() * 0xfff).toString(16);
    const post = (path: string, address: string, body: object) =>
      page.evaluate(
        async ({ path, address, body }) => {
          const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify(body) });
          return { status: res.status, body: (await res.json()) as { error?: string } & Partial<StartChallenge> };
        },
        { path, address, body },
      );
    const addresses = Array.from({ length: starts }, (_, i) => `3fff:${run}:${(i + 1).toString(16)}::1`);
    const statuses: number[] = [];
    for (const address of addresses) {
      // Each from a /48 of its own; should the server still ask for work, the flooder pays it like anyone.
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
    await expect.poll(() => floodShown(console)).toBeGreaterThanOrEqual(starts);
    expect(await console.locator(".queue").textContent()).not.toMatch(/3fff:/);

    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.context.close();
    await context.close();
  });
});
