// One party of a chat as the load driver sees it, whatever the server: send a message, hear acks,
// messages from the other side, and errors. Acks and messages carry (cid, seq); seq is undefined for a
// server that numbers nothing.
export class Side {
  onAck = () => {};
  onMsg = () => {};
  onError = () => {};

  /** @param {(cid: string, text: string) => void} transmit @param {() => void} close */
  constructor(transmit, close) {
    this.transmit = transmit;
    this.close = close;
  }

  send(cid, text) {
    this.transmit(cid, text);
  }
}
