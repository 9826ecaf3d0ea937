// The issue's bad connection, for Chrome DevTools' Network.emulateNetworkConditions: 400 kbit/s both
// ways with 400 ms latency. Shared by the browser test that checks the page works on it and the bench
// that times it.
export const THROTTLE = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
