/**
 * NIST SP 800-63B asks verifiers to refuse passwords known to be common or breached. This is a small
 * list of long passwords that still top breach corpora; zod-free so the console can warn early too.
 */
const COMMON = new Set([
  "123456789012345",
  "1234567890123456",
  "12345678901234567890",
  "111111111111111",
  "000000000000000",
  "passwordpassword",
  "password1234567",
  "password12345678",
  "qwertyuiopasdfgh",
  "qwertyuiopasdfghjkl",
  "qwerty123456789",
  "1q2w3e4r5t6y7u8i",
  "abcdefghijklmnop",
  "iloveyouiloveyou",
  "welkom123456789",
  "wachtwoord12345",
  "wachtwoordwachtwoord",
  "welcomewelcome1",
  "letmeinletmein1",
  "adminadminadmin",
  "administrator123",
  "changemechangeme",
]);

/** True for a password on the blocklist, compared without case so "PasswordPassword" is caught too. */
export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

export const PASSWORD_MIN_CHARS = 15;
