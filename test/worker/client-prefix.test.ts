import { describe, expect, it } from "vitest";
import { LIMITS } from "../../schema/limits";
import { TIER_SHARE, UNKNOWN_NETWORK, addressTiers, networkPrefix } from "../../worker/client-prefix";
import { request, startFrom } from "./helpers";

describe("networkPrefix", () => {
  it("keys IPv6 by its /64, however it is written", () => {
    const net = "2001:db8:1:2::/64";
    for (const a of ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:0DB8:0001:0002:0:0:0:9", "[2001:db8:1:2::3]", "2001:db8:1:2::1%eth0", " 2001:db8:1:2::a "]) {
      expect(networkPrefix(a), a).toBe(net);
    }
    expect(networkPrefix("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(networkPrefix("::1")).toBe("0:0:0:0::/64");
    expect(networkPrefix("2001:db8:1:2:3:4:192.0.2.1")).toBe(net);
  });

  it("keys IPv4 by the address, and an IPv4-mapped IPv6 address as that IPv4 address", () => {
    expect(networkPrefix("192.0.2.7")).toBe("192.0.2.7");
    expect(networkPrefix("192.000.002.007")).toBe("192.0.2.7");
    expect(networkPrefix("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(networkPrefix("::FFFF:c000:207")).toBe("192.0.2.7");
    expect(networkPrefix("0:0:0:0:0:ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(networkPrefix("192.0.2.8")).not.toBe(networkPrefix("192.0.2.7"));
  });

  it("puts junk and a missing address in one shared bucket", () => {
    for (const junk of [undefined, "", "unknown", "256.1.1.1", "1.2.3", "1.2.3.4.5", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "12345::", "g::1", "1:2:3:4:5:6:7", ":::", "2001:db8::1.2.3"]) {
      expect(networkPrefix(junk), String(junk)).toBe(UNKNOWN_NETWORK);
    }
  });
});

describe("addressTiers", () => {
  it("gives an IPv6 address its /64, /56 and /48, narrowest first", () => {
    const tiers = [
      { tier: "network", prefix: "2001:db8:1:2ff::/64" },
      { tier: "site", prefix: "2001:db8:1:200::/56" },
      { tier: "block", prefix: "2001:db8:1::/48" },
    ];
    for (const a of ["2001:db8:1:2ff::1", "2001:0db8:0001:02FF:a:b:c:d", "[2001:db8:1:2ff::9]", "2001:db8:1:2ff::9%eth0"]) expect(addressTiers(a), a).toEqual(tiers);
    // Another /64 of the same /56, another /56 of the same /48: the wider tiers stay the same.
    expect(addressTiers("2001:db8:1:200::1").map((t) => t.prefix)).toEqual(["2001:db8:1:200::/64", "2001:db8:1:200::/56", "2001:db8:1::/48"]);
    expect(addressTiers("2001:db8:1:ff00::1").map((t) => t.prefix)).toEqual(["2001:db8:1:ff00::/64", "2001:db8:1:ff00::/56", "2001:db8:1::/48"]);
    expect(addressTiers("2001:db8:2:2ff::1")[2]?.prefix).toBe("2001:db8:2::/48");
  });

  it("gives an IPv4 address (or an IPv4-mapped one) itself and its /24", () => {
    const tiers = [
      { tier: "network", prefix: "192.0.2.7" },
      { tier: "block", prefix: "192.0.2.0/24" },
    ];
    for (const a of ["192.0.2.7", "192.000.002.007", "::ffff:192.0.2.7", "::ffff:c000:207"]) expect(addressTiers(a), a).toEqual(tiers);
    expect(addressTiers("192.0.3.7")[1]?.prefix).toBe("192.0.3.0/24");
  });

  it("gives junk and a missing address the one shared bucket, and no wider tier", () => {
    for (const junk of [undefined, "", "256.1.1.1", "g::1"]) expect(addressTiers(junk), String(junk)).toEqual([{ tier: "network", prefix: UNKNOWN_NETWORK }]);
  });

  it("never gives two tiers one prefix, so each is counted apart", () => {
    for (const a of ["::", "0.0.0.0", "2001:db8::", "10.0.0.0"]) expect(new Set(addressTiers(a).map((t) => t.prefix)).size).toBe(addressTiers(a).length);
  });
});

describe("limits keyed by network", () => {
  /** A different address of one /64 for every call: the rotation that evaded the old per-address limits. */
  const net = `2001:db8:${crypto.getRandomValues(new Uint16Array(1))[0]?.toString(16)}:77`;
  let host = 0;
  const rotating = () => `${net}::${(++host).toString(16)}`;
  const post = (path: string, body: unknown, address: string) =>
    request(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": address }, body: JSON.stringify(body) });

  it("refuses chat starts from rotating addresses in one /64, and not a neighbouring /64", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.chatStartsPerWindow + 2; i++) statuses.push((await startFrom(rotating())).status);
    expect(statuses).toEqual([...Array<number>(LIMITS.chatStartsPerWindow).fill(201), 429, 429]);
    expect((await startFrom(`${net.slice(0, -2)}78::1`)).status).toBe(201);
  });

  it("refuses chat starts from rotating /64s of one /48, each in another /56, past the /48's allowance; a neighbouring /48 starts", async () => {
    const n = crypto.getRandomValues(new Uint16Array(1))[0] ?? 0;
    const block = `2001:db8:${n.toString(16)}`;
    const allowance = LIMITS.chatStartsPerWindow * TIER_SHARE.block;
    const statuses: number[] = [];
    for (let i = 0; i < allowance + 2; i++) statuses.push((await startFrom(`${block}:${(i << 8).toString(16)}::1`)).status);
    expect(statuses).toEqual([...Array<number>(allowance).fill(201), 429, 429]);
    expect((await startFrom(`2001:db8:${(n ^ 1).toString(16)}:1::1`)).status).toBe(201);
  });

  it("refuses chat starts from rotating /64s of one /56 past the /56's allowance", async () => {
    const site = `2001:db8:${crypto.getRandomValues(new Uint16Array(1))[0]?.toString(16)}:1`;
    const allowance = LIMITS.chatStartsPerWindow * TIER_SHARE.site;
    const statuses: number[] = [];
    for (let i = 0; i < allowance + 1; i++) statuses.push((await startFrom(`${site}${i.toString(16).padStart(2, "0")}::1`)).status);
    expect(statuses).toEqual([...Array<number>(allowance).fill(201), 429]);
  });

  it("refuses chat starts from rotating IPv4 addresses of one /24 past the /24's allowance; another /24 starts", async () => {
    const net = `198.18.${crypto.getRandomValues(new Uint8Array(1))[0]}`;
    const allowance = LIMITS.chatStartsPerWindow * TIER_SHARE.block;
    const statuses: number[] = [];
    for (let i = 1; i <= allowance + 1; i++) statuses.push((await startFrom(`${net}.${i}`)).status);
    expect(statuses).toEqual([...Array<number>(allowance).fill(201), 429]);
    expect((await startFrom(`${net.replace("198.18.", "198.19.")}.1`)).status).toBe(201);
  });

  it("refuses resume-code guesses and failed sign-ins from rotating addresses in one /64", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await post("/api/resume", { code: "0000-0000-0000-0000" }, rotating())).status);
    expect(codes).toEqual([...Array<number>(10).fill(404), 429]);

    const logins: number[] = [];
    for (let i = 0; i < 21; i++) logins.push((await post("/api/login", { login: `nobody-${i}`, password: "a wrong guess" }, rotating())).status);
    expect(logins).toEqual([...Array<number>(20).fill(401), 429]);
  });

  it("counts an IPv4-mapped address against its IPv4 address", async () => {
    const v4 = `198.18.${crypto.getRandomValues(new Uint8Array(1))[0]}.9`;
    for (let i = 0; i < 10; i++) expect((await post("/api/resume", { code: "0000-0000-0000-0000" }, i % 2 ? v4 : `::ffff:${v4}`)).status).toBe(404);
    expect((await post("/api/resume", { code: "0000-0000-0000-0000" }, `::ffff:${v4}`)).status).toBe(429);
  });
});
