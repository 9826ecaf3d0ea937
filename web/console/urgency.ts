/** The mark a chat keeps from the queue while it is open, on its tab and in its header. */
export const URGENCY_LABEL = { in_danger: "In danger", risk_word: "Risk word" } as const;
