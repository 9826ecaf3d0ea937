// The HTTP side of Baken as a client sees it: first-run setup and login of the admin, counsellor
// accounts made by that admin, start a chat as a visitor, accept it as a counsellor. Shared by the
// load harness and the fault tests.
import WebSocket from "ws";

export const SETUP_SECRET = "bench-setup-secret-0123456789";
/** The key that signs chat ids (CHAT_ID_KEY): fixed, so a server restarted on the same state still knows its chats. */
export const CHAT_ID_KEY = "bench-chat-id-key-0123456789abcdef";
const LOGIN = "bench";
const PASSWORD = "bench password that is long enough";

/** @param {string} origin the server's own origin, sent as Origin like a browser would */
export function bakenHttp(origin) {
  const post = async (path, body, cookie) => {
    const res = await fetch(origin + path, {
      method: "POST",
      headers: { origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    /** Runs first-run setup (if it has not been done) and logs in; returns the session cookie. */
    async staffCookie() {
      const setup = await fetch(`${origin}/api/setup`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ secret: SETUP_SECRET, login: LOGIN, displayName: "Bench", password: PASSWORD }),
      });
      if (setup.status !== 201 && setup.status !== 409) throw new Error(`setup: ${setup.status}`);
      const login = await post("/api/login", { login: LOGIN, password: PASSWORD });
      return (login.headers.get("set-cookie") ?? "").split(";")[0];
    },
    /** Makes counsellor account number `n` with the admin's session and logs it in; returns its cookie. */
    async counsellor(adminCookie, n) {
      const login = `bench-counsellor-${n}`;
      await post("/api/admin/accounts", { login, displayName: `Counsellor ${n}`, role: "counsellor", password: PASSWORD }, adminCookie);
      const res = await post("/api/login", { login, password: PASSWORD });
      return (res.headers.get("set-cookie") ?? "").split(";")[0];
    },
    /**
     * Starts a chat the way the page does: the visitor says hello once, which puts the chat in the
     * queue (a start nobody follows never reaches it), and leaves; the test's own client connects next.
     * @returns {Promise<{ conversationId: string, token: string }>}
     */
    async startChat() {
      const chat = await (await post("/api/chats", {})).json();
      await new Promise((resolve, reject) => {
        const ws = new WebSocket(`${origin.replace(/^http/, "ws")}/ws/chat/${chat.conversationId}`, { headers: { origin } });
        ws.on("open", () => ws.send(JSON.stringify({ type: "hello", token: chat.token, since: 0 })));
        ws.on("message", (data) => {
          if (JSON.parse(String(data)).type !== "welcome") return;
          ws.close();
          resolve(undefined);
        });
        ws.on("error", reject);
        ws.on("close", (code) => code !== 1000 && code !== 1005 && reject(new Error(`hello refused: ${code}`)));
      });
      return chat;
    },
    async accept(cookie, conversationId) {
      await post(`/api/console/chats/${conversationId}/accept`, {}, cookie);
    },
  };
}
