import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, newTotpSecret, verifyTotp } from "../../worker/totp";

const RFC_SECRET = Uint8Array.from(new TextEncoder().encode("12345678901234567890"));

describe("one-time passwords", () => {
  it("matches the HOTP test values of RFC 4226 appendix D", async () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    for (const [counter, code] of expected.entries()) expect(await hotp(RFC_SECRET, counter)).toBe(code);
  });

  it("matches the SHA-1 TOTP test values of RFC 6238 appendix B", async () => {
    const cases: [number, string][] = [
      [59, "94287082"],
      [1111111109, "07081804"],
      [1111111111, "14050471"],
      [1234567890, "89005924"],
      [2000000000, "69279037"],
      [20000000000, "65353130"],
    ];
    for (const [seconds, code] of cases) expect(await hotp(RFC_SECRET, Math.floor(seconds / 30), 8)).toBe(code);
  });

  it("round-trips base32 and makes 160-bit secrets", () => {
    expect(base32Encode(RFC_SECRET)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).toEqual(RFC_SECRET);
    expect(base32Decode(newTotpSecret()).length).toBe(20);
  });

  it("accepts the current code and its neighbours, refuses others and junk", async () => {
    const secret = base32Encode(RFC_SECRET);
    const at = 1111111111_000;
    const step = Math.floor(at / 30_000);
    const code = (s: number) => hotp(RFC_SECRET, s);
    expect(await verifyTotp(secret, await code(step), at)).toBe(step);
    expect(await verifyTotp(secret, await code(step - 1), at)).toBe(step - 1);
    expect(await verifyTotp(secret, await code(step + 2), at)).toBeNull();
    expect(await verifyTotp(secret, "12345", at)).toBeNull();
    expect(await verifyTotp(secret, "abcdef", at)).toBeNull();
  });
});
