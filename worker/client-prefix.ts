/**
 * The network a client address belongs to, for rate limits: an IPv6 address stands for its /64 (one
 * subscriber or one server usually holds a whole /64, so rotating inside it must not buy new attempts),
 * an IPv4 address for itself. Anything that does not parse is one shared bucket, which errs towards
 * limiting. The result is handed to the RateLimiter, which hashes it at once; it is never stored.
 */

/** Every unreadable or missing address shares this one key. */
export const UNKNOWN_NETWORK = "unknown";

export function networkPrefix(address: string | undefined): string {
  if (address === undefined) return UNKNOWN_NETWORK;
  // A zone id (fe80::1%eth0) names the sender's interface, not another network.
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const v4 = ipv4(bare);
  if (v4) return v4;
  const groups = ipv6Groups(bare);
  if (!groups) return UNKNOWN_NETWORK;
  // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client reached over a dual stack: the same client as a.b.c.d.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** A dotted quad in its plain form (no leading zeros), or null. */
function ipv4(text: string): string | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number).join(".");
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
        const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
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
