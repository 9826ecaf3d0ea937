// Baseline: what a team would build with Node and Postgres. The ws relay's frames (send, ack with a
// seq, msg to the other side), but every message is first committed to PostgreSQL: one INSERT, in its
// own transaction (autocommit), and only when the COMMIT has returned does the sender get its ack and
// the other side the message. Durable as Baken is; no auth, no validation. Connects with libpq's
// environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE), which the harness sets.
import { createServer } from "node:http";
import pg from "pg";
import { WebSocketServer } from "ws";

// pg's default pool size, as an app that does not tune it would have.
const pool = new pg.Pool({ max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS messages (
  room text NOT NULL,
  seq bigserial PRIMARY KEY,
  sender text NOT NULL,
  cid text NOT NULL,
  body text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
)`);

const rooms = new Map();
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on("connection", (ws, request) => {
  const url = new URL(request.url, "http://relay");
  const roomId = url.searchParams.get("room");
  const role = url.searchParams.get("role");
  if (!rooms.has(roomId)) rooms.set(roomId, new Set());
  const room = rooms.get(roomId);
  room.add(ws);
  // One message of a socket at a time, in the order sent: otherwise two pool connections could commit
  // a sender's messages out of order. The seq is the table's, so it orders messages across all rooms.
  let previous = Promise.resolve();
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    previous = previous.then(async () => {
      const { rows } = await pool.query(
        "INSERT INTO messages (room, sender, cid, body) VALUES ($1, $2, $3, $4) RETURNING seq, at",
        [roomId, role, frame.cid, frame.text],
      );
      const { seq, at } = rows[0];
      ws.send(JSON.stringify({ type: "ack", cid: frame.cid, seq: Number(seq) }));
      const out = JSON.stringify({ type: "msg", seq: Number(seq), from: role, cid: frame.cid, text: frame.text, at: at.getTime() });
      for (const peer of room) if (peer !== ws) peer.send(out);
    }).catch((error) => {
      // Not acknowledged: the harness counts it as unacked, an error.
      console.error(`pg-relay: ${error.message}`);
      ws.send(JSON.stringify({ type: "error", cid: frame.cid }));
    });
  });
  ws.on("close", () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(roomId);
  });
});

server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
