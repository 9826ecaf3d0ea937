/** A console action that calls the worker, and the one sentence the console shows when it fails. */
import { useState } from "preact/hooks";
import { failureMessage } from "../shared/client";

/**
 * `run(action)` clears the last message, runs the action and says whether it succeeded; a failure
 * shows the worker's own sentence, or `failed` (by default `fallback`) when the worker was not reached.
 * `setMessage` lets the component say more in the same place (what succeeded, a check of its own).
 */
export function useAction(fallback: string) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, failed = fallback): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      return true;
    } catch (err) {
      setMessage(failureMessage(err, failed));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { message, setMessage, busy, run };
}
