/**
 * Structured operational logs. They carry an event name and numbers, never message text, tokens,
 * names or addresses (privacy rule 6); the field type allows nothing else.
 */
export function logEvent(event: string, fields: Record<string, number | boolean> = {}, helpline?: string): void {
  // A helpline's id is deployment configuration, not a person: the one word a log line may carry.
  console.log(JSON.stringify({ event, ...(helpline ? { helpline } : {}), ...fields }));
}

/** Logs a failure by its class and stack; the client only ever gets a short typed error. */
export function logError(event: string, error: unknown): void {
  const name = error instanceof Error ? error.name : "unknown";
  const stack = error instanceof Error ? error.stack : undefined;
  console.error(JSON.stringify({ event, error: name, stack }));
}
