/**
 * Chat ids the Worker can check before it touches an object: 128 random bits followed by a MAC over
 * them under CHAT_ID_KEY, a secret only the Worker holds. Any name reaches a Durable Object, and even
 * an object that stores nothing costs the runtime memory and files on disk, so an id that was not
 * minted here (guessed, made up, or of a deployment with another key) is refused with a 404 before
 * any object is called. The MAC is cut to 128 bits: forging one is as hard as guessing the random part.
 */
import { config } from "./config";
import { base64url, randomToken, timingSafeEqualText } from "./crypto";
import { fail } from "./http";

/** 22 base64url characters of random part, then 22 of MAC. */
const CHAT_ID = /^([A-Za-z0-9_-]{22})([A-Za-z0-9_-]{22})$/;
const MAC_BYTES = 16;

/** Imported once per env (which lives as long as the isolate), not on every request. */
const keys = new WeakMap<Env, Promise<CryptoKey>>();

function key(env: Env): Promise<CryptoKey> {
  let found = keys.get(env);
  if (!found) {
    const secret = new TextEncoder().encode(config(env).CHAT_ID_KEY);
    found = crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(env, found);
  }
  return found;
}

async function mac(env: Env, random: string): Promise<string> {
  // Prefixed, so a MAC made here can never stand for something else signed with the same key.
  const signed = await crypto.subtle.sign("HMAC", await key(env), new TextEncoder().encode(`chat-id ${random}`));
  return base64url(new Uint8Array(signed).slice(0, MAC_BYTES));
}

/** A new chat's id: the name of its Conversation object, and what its pages put in their paths. */
export async function mintChatId(env: Env): Promise<string> {
  const random = randomToken(128);
  return random + (await mac(env, random));
}

/** Whether this id was minted by mintChatId under this deployment's key. */
export async function isChatId(env: Env, id: string): Promise<boolean> {
  const [, random, tag] = CHAT_ID.exec(id) ?? [];
  if (random === undefined || tag === undefined) return false;
  return timingSafeEqualText(tag, await mac(env, random));
}

/** A route's chat id, or a typed 404 for one that fails the check: nothing else reaches an object. */
export async function chatIdParam(env: Env, id: string): Promise<string> {
  if (!(await isChatId(env, id))) fail(404, "not_found", "No such chat.");
  return id;
}
