export const SETUP_SECRET: string;
export const CHAT_ID_KEY: string;
export function bakenHttp(origin: string): {
  staffCookie(): Promise<string>;
  counsellor(adminCookie: string, n: number): Promise<string>;
  startChat(): Promise<{ conversationId: string; token: string }>;
  accept(cookie: string, conversationId: string): Promise<void>;
};
