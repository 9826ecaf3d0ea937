// `npx vite build && node bench/sign-in-flood.mjs`: staff sign-in under a guessing flood. Many clients send
// wrong passwords, each attempt from a /64 of its own (the worst case for the per-client limits: only the
// deployment-wide ceiling of failed sign-ins sees them all), while real staff sign in from the office:
// members with a second factor (password and code in one request, as the page asks under strain) and
// one without. Prints the members' sign-in latency p50/p99 before and after the ceiling, the flood's
// answers (password checked, refused by a limit, refused under strain) and the uncontended sign-in time,
// which is one PBKDF2 (100,000 iterations) in the one Staff object. Loopback only, bounded by --seconds.
import { createHmac } from "node:crypto";
import { Agent, request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, startServer } from "../scripts/dev-server.mjs";
import { CHAT_ID_KEY, SETUP_SECRET, bakenHttp } from "./baken-http.mjs";
import { summarize } from "./stats.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "32" },
    seconds: { type: "string", default: "20" },
    // Members with a second factor, each signing in once (a code is good for one sign-in), one every --every ms.
    members: { type: "string", default: "40" },
    every: { type: "string", default: "500" },
    baseline: { type: "string", default: "10" },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const MEMBERS = Number(args.members);
const EVERY_MS = Number(args.every);
const PASSWORD = "a member's password that is long enough";
const OFFICE = "192.0.2.10";

/** RFC 6238 codes, as an authenticator app makes them (worker/totp.ts checks them). */
function totp(secretBase32, step) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "")) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
const step = () => Math.floor(Date.now() / 30_000);

const persistTo = mkdtempSync(join(tmpdir(), "baken-sign-in-"));
const server = await startServer({ port: await freePort(), persistTo, setupSecret: SETUP_SECRET, chatIdKey: CHAT_ID_KEY, vars: { SECOND_FACTOR_ROLES: "none" }, quiet: true });
const origin = server.url;

// A connection per request, as clients at many addresses would have: and fetch's pool reused
// sockets workerd had just closed ("other side closed"), failing requests it had already sent.
const oneShot = new Agent({ keepAlive: false });
/** @returns {Promise<{ status: number, text: string, cookie: string }>} */
function postJson(path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: "POST", agent: oneShot, headers: { origin, "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, cookie: String(res.headers["set-cookie"] ?? "").split(";")[0] ?? "" }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function login(body, address) {
  const started = performance.now();
  const res = await postJson("/api/login", body, { "cf-connecting-ip": address });
  const ms = performance.now() - started;
  const kind = res.status === 429 ? (res.text.includes("failed sign-ins just now") ? "strained" : "limited") : String(res.status);
  return { status: res.status, kind, ms, cookie: res.cookie };
}

async function post(path, body, cookie) {
  const res = await postJson(path, body, { cookie });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
  return res;
}

try {
  const admin = await bakenHttp(origin).staffCookie();
  const account = (login) => post("/api/admin/accounts", { login, displayName: login, role: "counsellor", password: PASSWORD }, admin);

  // Uncontended: one member signing in again and again, nothing else running.
  await account("plain");
  const baseline = [];
  for (let i = 0; i < Number(args.baseline); i++) baseline.push((await login({ login: "plain", password: PASSWORD }, OFFICE)).ms);

  const members = [];
  for (let i = 0; i < MEMBERS; i++) {
    const name = `member-${i}`;
    await account(name);
    const { cookie } = await login({ login: name, password: PASSWORD }, OFFICE);
    if (!cookie) throw new Error(`${name} did not sign in`);
    const { secret } = JSON.parse((await post("/api/console/totp", {}, cookie)).text);
    await post("/api/console/totp/confirm", { code: totp(secret, step()) }, cookie);
    members.push({ name, secret });
  }

  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  const flood = [];
  let n = 0;
  const guesser = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const address = `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`;
      const r = await login({ login: `staff-${i % 50}`, password: `wrong guess ${i}` }, address);
      flood.push({ at: performance.now() - start, ...r });
    }
  };
  const signIns = [];
  const plainTries = [];
  const real = async () => {
    for (const m of members) {
      if (performance.now() >= deadline) break;
      const at = performance.now() - start;
      // The next step's code: within the drift window, and after the step the factor was confirmed in.
      const r = await login({ login: m.name, password: PASSWORD, code: totp(m.secret, step() + 1) }, OFFICE);
      signIns.push({ at, ...r });
      if (signIns.length % 4 === 0) plainTries.push({ at, ...(await login({ login: "plain", password: PASSWORD }, OFFICE)) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, EVERY_MS - r.ms)));
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, guesser), real()]);
  const elapsed = (performance.now() - start) / 1000;

  const strainAt = flood.find((r) => r.kind === "strained")?.at ?? null;
  const before = (r) => strainAt === null || r.at < strainAt;
  const kinds = (rows) => {
    const out = {};
    for (const r of rows) out[r.kind] = (out[r.kind] ?? 0) + 1;
    return out;
  };
  const checked = flood.filter((r) => r.kind === "401");
  const refused = flood.filter((r) => r.status === 429);
  const result = {
    options: { clients: CLIENTS, seconds: SECONDS, members: MEMBERS, everyMs: EVERY_MS },
    uncontendedSignInMs: summarize(baseline),
    flood: {
      attempts: flood.length,
      perSecond: Math.round(flood.length / elapsed),
      answers: kinds(flood),
      refusedShare: Math.round((refused.length / Math.max(1, flood.length)) * 1000) / 10,
      strainAfterSeconds: strainAt === null ? null : Math.round(strainAt / 100) / 10,
      // Before the ceiling every guess is one PBKDF2 in the Staff object: this is its hashing rate.
      checkedPerSecondBeforeStrain: strainAt === null ? Math.round(checked.length / elapsed) : Math.round(checked.length / (strainAt / 1000)),
      latencyBeforeStrainMs: summarize(flood.filter(before).map((r) => r.ms)),
      latencyUnderStrainMs: summarize(flood.filter((r) => !before(r)).map((r) => r.ms)),
    },
    membersWithFactor: {
      answers: kinds(signIns),
      beforeStrainMs: summarize(signIns.filter(before).map((r) => r.ms)),
      underStrainMs: summarize(signIns.filter((r) => !before(r)).map((r) => r.ms)),
    },
    memberWithoutFactor: { beforeStrain: kinds(plainTries.filter(before)), underStrain: kinds(plainTries.filter((r) => !before(r))) },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
