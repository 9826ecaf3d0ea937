/**
 * A helpline's configuration: who it is, when it is open, what a closed visitor is offered, and the
 * lists admins manage. The defaults below are what a fresh deployment starts with; admins change
 * them at run time (stored in the helpline's Desk object, validated by this schema).
 */
import * as z from "zod/mini";
import { Language } from "./language";
import { DEFAULT_URGENT_WAIT_ALERT_MINUTES, DEFAULT_WATCH_WORDS } from "./safeguarding";
import { DEFAULT_WELLBEING, WellbeingSettings } from "./wellbeing";
import { CarePartners } from "./handoff";

/** A helpline's id: in paths (/h/ID), object names and staff memberships. */
export const HelplineId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "lower-case letters, digits and -"));
export type HelplineId = z.infer<typeof HelplineId>;

/** The helpline a deployment serves when its configuration names none. */
export const DEFAULT_HELPLINE = "baken";

const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time such as 09:30"));
const localized = z.object({ nl: z.string().check(z.maxLength(500)), en: z.string().check(z.maxLength(500)) });

/** Open from `open` to `close` (local time in the helpline's time zone) on `day` (0 = Sunday). */
export const OpeningSlot = z.object({ day: z.int().check(z.gte(0), z.lte(6)), open: time, close: time });
export type OpeningSlot = z.infer<typeof OpeningSlot>;

/** A phone number the visitor page can dial (digits, spaces, dashes, a leading +) or a secure web address. */
const Contact = z.string().check(
  z.maxLength(200),
  z.regex(/^(\+?\d[\d\s-]*|https:\/\/\S+)$/, "a phone number such as 0800-0432 or a web address starting with https://"),
);
const named = z.string().check(z.trim(), z.minLength(1, "a name is needed"), z.maxLength(500));

/** Somewhere else to turn, shown when closed: named in each language, so a visitor never sees an empty line. */
export const Alternative = z.object({ label: z.object({ nl: named, en: named }), contact: Contact });

/** Relative luminance contrast of a #rrggbb colour against white (WCAG 2.x). */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** The helpline's own colour, on buttons with white text: it must keep WCAG AA contrast (4.5:1). */
const Accent = z.string().check(
  z.regex(/^#[0-9a-f]{6}$/, "a colour such as #0b5cad"),
  z.refine((hex) => contrastWithWhite(hex) >= 4.5, "too light for white text (WCAG AA needs 4.5:1)"),
);

/** A small logo as a data URL, so it needs no other origin and no upload store. An <img> never runs
 *  script, SVG included. */
export const Logo = z.string().check(
  z.maxLength(24_000),
  z.regex(/^data:image\/(png|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$/, "a PNG, WebP or SVG data URL"),
);

export const HelplineSettings = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  languages: z.array(Language).check(z.minLength(1)),
  timeZone: z.string().check(z.maxLength(64)),
  openingHours: z.array(OpeningSlot).check(z.maxLength(50)),
  /** Shown when closed, e.g. 112 in an emergency. */
  alternatives: z.array(Alternative).check(z.maxLength(10)),
  /**
   * Where the quick exit sends the visitor: a neutral site that says nothing about the helpline. Only
   * https: a javascript: or data: address would run in the page, file: and plain http: could show or
   * leak where the visitor goes.
   */
  neutralSite: z.url({ protocol: /^https$/, hostname: z.regexes.domain }),
  /** Days a transcript is kept when the visitor consents to keeping it. */
  retentionDays: z.int().check(z.gte(1), z.lte(365)),
  /** Words and phrases that make a waiting chat urgent, matched on whole words, case- and accent-insensitive. */
  riskWords: z.object({ nl: z.array(z.string().check(z.maxLength(80))), en: z.array(z.string().check(z.maxLength(80))) }),
  cannedReplies: z.array(z.object({ title: z.string().check(z.maxLength(80)), text: localized })).check(z.maxLength(100)),
  /** The Desk offers the longest-waiting chat to the least-loaded available counsellor. */
  offerNext: z._default(z.boolean(), false),
  /** The visitor page's accent colour and logo, so each helpline looks like its own. */
  theme: z._default(z.object({ accent: Accent, logo: z.nullable(Logo) }), { accent: "#0b5cad", logo: null }),
  /** Partner sites (exact origins) allowed to embed the chat in an iframe with embed.js. */
  embedOrigins: z._default(z.array(z.string().check(z.regex(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/, "an origin such as https://school.example"))).check(z.maxLength(20)), []),
  /** Dashboard counts from 1 to this minus one are shown as "<threshold"; never below 5. */
  smallCountThreshold: z._default(
    // A multiple of 5, like the rounding of every shown count: otherwise a rounded figure just above the
    // threshold could stand for one count only (with 7, "5" could only mean 7).
    z.int().check(z.gte(5), z.lte(100), z.multipleOf(5)),
    5,
  ),
  /** The visitor's code word per language: in an outgoing message (whole word, any case) it tells the
   *  counsellor that someone is watching, and the message goes on as typed. */
  watchWords: z._default(
    z.object({ nl: z.string().check(z.trim(), z.minLength(2), z.maxLength(40)), en: z.string().check(z.trim(), z.minLength(2), z.maxLength(40)) }),
    DEFAULT_WATCH_WORDS,
  ),
  /** Minutes an urgent chat may wait before the supervisors on shift are alerted. */
  urgentWaitAlertMinutes: z._default(z.int().check(z.gte(1), z.lte(60)), DEFAULT_URGENT_WAIT_ALERT_MINUTES),
  /** Which topics weigh heavy and when the console suggests a break (schema/wellbeing.ts). */
  wellbeing: z._default(WellbeingSettings, DEFAULT_WELLBEING),
  /** Organisations a counsellor may hand a chat to, with the visitor's consent (schema/handoff.ts). */
  carePartners: z._default(CarePartners, []),
});
export type HelplineSettings = z.infer<typeof HelplineSettings>;

export const DEFAULT_SETTINGS: HelplineSettings = {
  name: "Baken",
  languages: ["nl", "en"],
  timeZone: "Europe/Amsterdam",
  // Every day, the hours many Dutch youth chat services keep.
  openingHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: "00:00", close: "23:59" })),
  alternatives: [
    { label: { nl: "In direct gevaar: bel 112", en: "In immediate danger: call 112" }, contact: "112" },
    { label: { nl: "Politie, geen spoed", en: "Police, non-emergency" }, contact: "0900-8844" },
  ],
  neutralSite: "https://www.google.com/search?q=weer",
  retentionDays: 30,
  riskWords: {
    nl: ["loverboy", "pooier", "geld verdienen met seks", "naaktfoto", "chantage", "afpersen", "bedreigd", "opgesloten"],
    en: ["pimp", "sextortion", "nude photos", "blackmail", "threatened", "locked up", "trafficked"],
  },
  cannedReplies: [
    {
      title: "Welcome",
      text: { nl: "Hoi, fijn dat je er bent. Ik ben er voor je. Waar wil je over praten?", en: "Hi, good that you're here. I'm here for you. What would you like to talk about?" },
    },
  ],
  offerNext: false,
  theme: { accent: "#0b5cad", logo: null },
  embedOrigins: [],
  smallCountThreshold: 5,
  watchWords: DEFAULT_WATCH_WORDS,
  urgentWaitAlertMinutes: DEFAULT_URGENT_WAIT_ALERT_MINUTES,
  wellbeing: DEFAULT_WELLBEING,
  carePartners: [
    {
      id: "csg",
      name: { nl: "Centrum Seksueel Geweld", en: "Sexual Assault Centre (Centrum Seksueel Geweld)" },
      does: {
        nl: "Hulp na seksueel geweld: medisch, psychisch en bij aangifte, dag en nacht.",
        en: "Help after sexual violence: medical, psychological and with reporting to the police, day and night.",
      },
      phone: "0800-0188",
      web: "https://centrumseksueelgeweld.nl",
    },
    {
      id: "veilig-thuis",
      name: { nl: "Veilig Thuis", en: "Veilig Thuis (domestic violence and child abuse)" },
      does: {
        nl: "Advies en hulp bij huiselijk geweld en kindermishandeling.",
        en: "Advice and help with domestic violence and child abuse.",
      },
      phone: "0800-2000",
      web: "https://veiligthuis.nl",
    },
  ],
};

/**
 * One helpline of the deployment, as its configuration (the HELPLINES var) lists it: its id, the
 * hosts that reach it directly, and settings it starts with until an admin saves its own.
 */
export const HelplineEntry = z.object({
  id: HelplineId,
  hosts: z._default(z.array(z.string().check(z.regex(/^[a-z0-9.-]+$/, "a host name such as chat.example.org"))), []),
  settings: z._default(z.partial(HelplineSettings), {}),
});
export type HelplineEntry = z.infer<typeof HelplineEntry>;

/** What anyone may read about the helpline (GET /api/helpline): enough for the visitor page. */
export const HelplineInfo = z.object({
  id: HelplineId,
  name: z.string(),
  languages: z.array(Language),
  timeZone: z.string(),
  openNow: z.boolean(),
  /** When it opens next, in ms since the epoch; null while open or when no hours are set. */
  nextOpening: z.nullable(z.number()),
  openingHours: z.array(OpeningSlot),
  alternatives: z.array(Alternative),
  neutralSite: z.string(),
  theme: z.object({ accent: z.string(), logo: z.nullable(z.string()) }),
  /** The code words the page recognises in the visitor's own messages (see HelplineSettings). */
  watchWords: z.object({ nl: z.string(), en: z.string() }),
});
export type HelplineInfo = z.infer<typeof HelplineInfo>;
