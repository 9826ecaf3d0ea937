// Baseline: the floor. A plain Node `ws` relay with the same frames as Baken (send, ack with a
// per-room seq, msg to the other side) and no storage, no auth, no validation.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const rooms = new Map();
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on("connection", (ws, request) => {
  const url = new URL(request.url, "http://relay");
  const roomId = url.searchParams.get("room");
  const role = url.searchParams.get("role");
  if (!rooms.has(roomId)) rooms.set(roomId, { seq: 0, sockets: new Set() });
  const room = rooms.get(roomId);
  room.sockets.add(ws);
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    const seq = ++room.seq;
    ws.send(JSON.stringify({ type: "ack", cid: frame.cid, seq }));
    const out = JSON.stringify({ type: "msg", seq, from: role, cid: frame.cid, text: frame.text, at: Date.now() });
    for (const peer of room.sockets) if (peer !== ws) peer.send(out);
  });
  ws.on("close", () => {
    room.sockets.delete(ws);
    if (room.sockets.size === 0) rooms.delete(roomId);
  });
});

server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
