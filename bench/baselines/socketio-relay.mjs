// Baseline: what many teams would pick. A Socket.IO room per chat; the same frames as Baken, an
// acknowledgement callback with a per-room seq, and no storage.
import { createServer } from "node:http";
import { Server } from "socket.io";

const seqs = new Map();
const server = createServer();
const io = new Server(server, { transports: ["websocket"], perMessageDeflate: false });

io.on("connection", (socket) => {
  const { room, role } = socket.handshake.query;
  socket.join(room);
  socket.on("send", (frame, ack) => {
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    ack({ cid: frame.cid, seq });
    socket.to(room).emit("msg", { seq, from: role, cid: frame.cid, text: frame.text, at: Date.now() });
  });
});

server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
