/** WebSocket close codes that end a socket for good; the client must not reconnect after them. */
export const CloseCode = {
  ended: 4000,
  unauthorized: 4401,
  forbidden: 4403,
  gone: 4404,
  /** The visitor continued the kept conversation on another device with its code: this socket's
   *  token is replaced. Distinct from `unauthorized`, which a wrong token gets, so the page can say
   *  "continues elsewhere" only when that is true. */
  moved: 4409,
} as const;
