/** Making and checking resume codes. Only a code's hash is ever stored. */
import { HANDOFF_CODE_CHARS } from "../schema/handoff-text";
import { CODE_ALPHABET, CODE_CHARS, isResumeCode, normalizeResumeCode } from "../schema/resume-code";
import { sha256Hex } from "./crypto";
import { fail } from "./http";

/** 80 random bits as 16 base32 characters. */
export function newResumeCode(): string {
  return newCode(CODE_CHARS);
}

/** `chars` base32 characters (a multiple of 8): each character takes 5 bits of the random bytes. */
export function newCode(chars: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array((chars * 5) / 8));
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

/** The stored form of a code as a visitor typed it; a malformed code is refused like an unknown one. */
export async function codeHash(typed: string): Promise<string> {
  const code = normalizeResumeCode(typed);
  if (!isResumeCode(code)) fail(404, "not_found", "This code is not known. Check it and try again.");
  return sha256Hex(`resume:${code}`);
}

/** The stored form of a handoff code as someone typed or read it out; a malformed one is unknown. */
export async function handoffCodeHash(typed: string): Promise<string> {
  const code = normalizeResumeCode(typed);
  if (code.length !== HANDOFF_CODE_CHARS || ![...code].every((ch) => CODE_ALPHABET.includes(ch))) {
    fail(404, "not_found", "This code is not known. Check it and try again.");
  }
  return sha256Hex(`handoff:${code}`);
}
