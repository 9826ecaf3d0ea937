import type { ChildProcess } from "node:child_process";
export function startServer(options: {
  port: number;
  persistTo: string;
  setupSecret: string;
  chatIdKey: string;
  vars?: Record<string, string>;
  quiet?: boolean;
}): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }>;
export function freePort(): Promise<number>;
