/** Outreach invitations: links an outreach worker pastes into a direct message to invite a young person. */
import * as z from "zod/mini";

/** Where a link is sent (e.g. "snapchat", "advert-site", "school"): a short label, never a person. */
export const Channel = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(1),
  z.maxLength(40),
  z.regex(/^[a-z0-9][a-z0-9 _-]*$/, "letters, digits, space, dash or underscore"),
);

export const CreateInviteBody = z.strictObject({
  channel: Channel,
  /** How long the link works; after that it and everything about it is deleted. */
  expiresInHours: z._default(z.int().check(z.gte(1), z.lte(24 * 30)), 72),
  /** How many chats the link may start; null for a link posted where many may see it. */
  maxUses: z._default(z.nullable(z.int().check(z.gte(1), z.lte(1000))), 1),
});
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

export const Invite = z.object({
  id: z.string(),
  channel: z.string(),
  expiresAt: z.number(),
  maxUses: z.nullable(z.number()),
  uses: z.number(),
  revoked: z.boolean(),
});
export type Invite = z.infer<typeof Invite>;

/** Returned once, at creation: the only time the link's code exists outside the visitor's browser. */
export const CreatedInvite = z.object({ invite: Invite, path: z.string() });
export type CreatedInvite = z.infer<typeof CreatedInvite>;

/** What redeeming a link tells the worker: which channel, and who to offer the chat to first. */
/** POST /api/invites/:code/opened: the page reports that it was opened from the link, once per page load. */
export const InviteOpenedBody = z.strictObject({});

/** GET /api/invites/:code: the link works, and for this helpline. */
export const InviteCheck = z.object({ valid: z.literal(true), helpline: z.string() });
export type InviteCheck = z.infer<typeof InviteCheck>;

export type Redeemed = { channel: string; invitedBy: string; helpline: string };

/** Invitation codes are 96 random bits, base64url: 16 characters, short enough for a direct message. */
export const INVITE_CODE = /^[A-Za-z0-9_-]{16}$/;
