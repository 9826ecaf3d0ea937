/** The few cryptographic primitives Baken needs, all from WebCrypto. */

const encoder = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An unguessable token: `bits` of randomness, base64url encoded. */
export function randomToken(bits = 256): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bits / 8)));
}

/** Tokens are stored only as this hash; a leaked table does not let anyone in. */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** Compares two strings without leaking where they differ through timing. */
export function timingSafeEqualText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  // Unequal lengths still do a full comparison so the time does not reveal the length.
  if (x.byteLength !== y.byteLength) return !crypto.subtle.timingSafeEqual(x, x);
  return crypto.subtle.timingSafeEqual(x, y);
}

/** workerd refuses PBKDF2 above 100,000 iterations, so that is the cost we pay per login. */
export const PBKDF2_ITERATIONS = 100_000;

/** PBKDF2-SHA-256 of a password, as hex, with a hex salt. */
export async function pbkdf2Hex(password: string, saltHex: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const salt = new Uint8Array(saltHex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return hex(bits);
}

export function randomSaltHex(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)).buffer);
}
