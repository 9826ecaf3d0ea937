/**
 * The networks a client address belongs to, for rate limits, in tiers from narrow to wide:
 * - `network`: an IPv6 /64 (one subscriber or one server usually holds a whole /64, so rotating inside
 *   it must not buy new attempts), or an IPv4 address;
 * - `site`: the IPv6 /56 around it (what many providers give one home);
 * - `block`: the IPv6 /48 (what one customer, site or provider pool can get), or the IPv4 /24.
 * A client that rotates through the /64s of its /48, or the addresses of its /24, stays inside one
 * wider tier, and each tier is limited on its own. Anything that does not parse is one shared bucket,
 * which errs towards limiting. The prefixes are handed to the RateLimiter and the Desk, which hash them
 * at once; they are never stored.
 */

/** Every unreadable or missing address shares this one key. */
export const UNKNOWN_NETWORK = "unknown";

export type Tier = "network" | "site" | "block";
/** One tier of a client address: the prefix names it and is distinct across tiers ("…/64", "…/56", "…/48", "…/24"). */
export type TierPrefix = { tier: Tier; prefix: string };
/** A tier as the objects that count it know it: by a keyed hash (or tag) of its prefix, never the prefix. */
export type TierKey = { tier: Tier; key: string };

/**
 * How many clients' worth of starts a tier gets: a /56 may be a family's devices, a /48 or an IPv4 /24
 * a school, an office or a provider's pool behind one prefix. Wide enough for real people together,
 * narrow enough that thousands of /64s of one /48 count as a few clients, not thousands.
 */
export const TIER_SHARE: Record<Tier, number> = { network: 1, site: 2, block: 3 };

/** The address's tiers, narrowest first: the first is always its `network`. */
export function addressTiers(address: string | undefined): TierPrefix[] {
  if (address === undefined) return [{ tier: "network", prefix: UNKNOWN_NETWORK }];
  // A zone id (fe80::1%eth0) names the sender's interface, not another network.
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const quad = ipv4(bare);
  if (quad) return ipv4Tiers(quad);
  const groups = ipv6Groups(bare);
  if (!groups) return [{ tier: "network", prefix: UNKNOWN_NETWORK }];
  const mapped = mappedIpv4(groups);
  if (mapped) return ipv4Tiers(mapped);
  const hex = (g: number | undefined) => (g ?? 0).toString(16);
  const [a, b, c, d = 0] = groups;
  return [
    { tier: "network", prefix: `${[a, b, c, d].map(hex).join(":")}::/64` },
    { tier: "site", prefix: `${[a, b, c, d & 0xff00].map(hex).join(":")}::/56` },
    { tier: "block", prefix: `${[a, b, c].map(hex).join(":")}::/48` },
  ];
}

/** The address's `network` tier alone: what blocks and the per-client limits other than starts key on. */
export function networkPrefix(address: string | undefined): string {
  return addressTiers(address)[0]?.prefix ?? UNKNOWN_NETWORK;
}

function ipv4Tiers(quad: number[]): TierPrefix[] {
  return [
    { tier: "network", prefix: quad.join(".") },
    { tier: "block", prefix: `${quad.slice(0, 3).join(".")}.0/24` },
  ];
}

/** A dotted quad's four numbers (leading zeros allowed), or null. */
function ipv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client reached over a dual stack: the same client as a.b.c.d. */
function mappedIpv4(groups: number[]): number[] | null {
  if (!groups.slice(0, 5).every((g) => g === 0) || groups[5] !== 0xffff) return null;
  const [hi = 0, lo = 0] = groups.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail expanded), or null. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const side = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      const tail = i === pieces.length - 1 ? ipv4(piece) : null;
      if (tail) {
        const [a = 0, b = 0, c = 0, d = 0] = tail;
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = side(halves[0]);
  const rest = side(halves[1]);
  if (!head || !rest) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - rest.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...rest] : null;
}
