/**
 * The embeddable chat: a partner site includes `<script src="https://<baken>/embed.js">`, which
 * opens /embed in an iframe. Only the origins the helpline lists may frame it (CSP frame-ancestors);
 * the partner page cannot read anything inside the frame, which is another origin.
 */
import { Hono } from "hono";
import { DEFAULT_HELPLINE } from "../../schema/helpline";
import type { AppEnv } from "../http";

export const embedRoutes = new Hono<AppEnv>().get("/embed", async (c) => {
  const settings = await c.env.DESK.getByName(DEFAULT_HELPLINE).settings();
  c.set("frameAncestors", settings.embedOrigins);
  return c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
});
