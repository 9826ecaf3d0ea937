/**
 * Whatever a visitor types reaches the counsellor's browser as text: scripts, HTML, markdown and
 * hostile Unicode neither execute nor break the console's layout.
 */
import { describe, expect, it } from "vitest";
import { counsellorPage, sharedBrowser } from "./browser";
import { acceptChat, startVisitor, visitorSays } from "./console-helpers";

const browser = sharedBrowser();

const PAYLOADS = [
  `<script>window.pwned = "script"</script>`,
  `<img src=x onerror="window.pwned = 'img'">`,
  `"><svg onload="window.pwned = 'svg'"></svg>`,
  `<a href="javascript:window.pwned='link'">klik</a> <iframe src="javascript:parent.pwned='frame'"></iframe>`,
  "**vet** _schuin_ [link](javascript:window.pwned='md') `code` # kop",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, meant to stay text
  "{{constructor.constructor('window.pwned=1')()}} ${window.pwned=2}",
  "\u202Eevil override: txt.exe\u202C and \u2067isolate\u2069 \u200F rtl mark",
  "zero\u200Bwidth\u200Cjoin\u200Dnon\uFEFFbreaking\u2060word",
  "👩‍👩‍👧‍👦🏳️‍🌈🧑🏽‍🚀".repeat(60),
  "Z̴̡̢̛̺͎̖̣̙̝̹̟̠̳ͅa̸̧̛̺̖͎l̷̨̛̺͎g̸̢̛̺o̴̡̺͎ ".repeat(40),
  "A".repeat(3900),
];

describe("visitor text in the console", () => {
  it("renders script, HTML, markdown and hostile Unicode as inert text and keeps the layout", async () => {
    const { page: console, context } = await counsellorPage(browser());
    const dialogs: string[] = [];
    console.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const visitor = await startVisitor(browser());
    await acceptChat(console, visitor.id);
    await console.locator(`.tabs button[data-chat="${visitor.id}"]`).click();
    const log = console.getByRole("log");
    const before = await console.evaluate(() => document.querySelectorAll("script, img, svg, iframe, a[href]").length);

    for (const payload of PAYLOADS) {
      await visitorSays(visitor, payload);
      await visitor.page.getByRole("log").locator("li.line .state").last().waitFor();
    }
    await expect.poll(() => log.locator("li.line.theirs").count()).toBe(PAYLOADS.length);

    const shown = await log.locator("li.line.theirs .text").allTextContents();
    expect(shown).toEqual(PAYLOADS.map((p) => p.trim()));
    expect(await console.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await console.evaluate(() => document.querySelectorAll("script, img, svg, iframe, a[href]").length)).toBe(before);
    expect(await log.locator("li.line.theirs .text *").count()).toBe(0);

    // The layout holds: nothing scrolls sideways, every message stays inside the chat panel.
    const layout = await console.evaluate(() => {
      const panel = document.querySelector(".chat")?.getBoundingClientRect();
      const lines = Array.from(document.querySelectorAll(".transcript li.line")).map((li) => li.getBoundingClientRect());
      return {
        pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        outside: lines.filter((r) => panel && (r.left < panel.left - 1 || r.right > panel.right + 1)).length,
        controlsVisible: !!document.querySelector(".chat button")?.getBoundingClientRect().width,
      };
    });
    expect(layout).toEqual({ pageOverflow: 0, outside: 0, controlsVisible: true });

    // The console still works after all of it.
    await console.getByLabel("Reply").fill("Alles goed?");
    await console.getByRole("button", { name: "Send" }).click();
    await visitor.page.getByRole("log").getByText("Alles goed?").waitFor();

    await visitor.page.getByRole("button", { name: "Stop de chat" }).click();
    await visitor.page.getByRole("button", { name: "Ja, stop" }).click();
    await visitor.context.close();
    await context.close();
  });
});
