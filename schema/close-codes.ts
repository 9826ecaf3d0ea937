/** WebSocket close codes that end a socket for good; the client must not reconnect after them. */
export const CloseCode = {
  ended: 4000,
  unauthorized: 4401,
  forbidden: 4403,
  gone: 4404,
} as const;
