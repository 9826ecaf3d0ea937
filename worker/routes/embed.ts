/**
 * The embeddable chat: a partner site includes `<script src="https://<baken>/embed.js">`, which
 * opens /embed in an iframe. Only the origins the helpline lists may frame it (CSP frame-ancestors);
 * the partner page cannot read anything inside the frame, which is another origin.
 */
import { Hono } from "hono";
import { visitorHelpline } from "../helplines";
import type { AppEnv } from "../http";
import { cachedSettings } from "../settings-cache";

/** /embed serves the helpline of the host; /embed?helpline=ID the one named (embed.js data-helpline). */
export const embedRoutes = new Hono<AppEnv>().get("/embed", async (c) => {
  const settings = await cachedSettings(c.env, visitorHelpline(c));
  c.set("frameAncestors", settings.embedOrigins);
  return c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
});
