/**
 * Turning on the second factor: the secret to enter in an authenticator app, confirmed by one code.
 * Replacing a factor that is on also asks for its current code or the password.
 */
import { useState } from "preact/hooks";
import type { TotpSetup } from "../../schema/console";
import { ApiFailure, call, failureMessage } from "../shared/client";

/** `onEnabled`: called once the factor is on. `onDone`: the way back, where there is one. */
export function TotpEnrol({ onDone, onEnabled }: { onDone?: () => void; onEnabled?: () => void }) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState("");
  const [current, setCurrent] = useState("");
  const [replacing, setReplacing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const confirm = async (e: Event) => {
    e.preventDefault();
    try {
      await call("POST /api/console/totp/confirm", { json: { code, ...(current ? { current } : {}) } });
      setMessage("Second factor is on. You will need a code at every login.");
      onEnabled?.();
    } catch (err) {
      if (err instanceof ApiFailure && err.body.error === "code_required") setReplacing(true);
      setMessage(failureMessage(err, "Could not reach the server."));
    }
  };
  return (
    <section class="panel totp" aria-label="Second factor">
      <h2>Second factor</h2>
      {!setup ? (
        <button type="button" class="primary" onClick={async () => setSetup(await call("POST /api/console/totp"))}>
          Set up an authenticator app
        </button>
      ) : (
        <form onSubmit={confirm}>
          <p>Add this key to your authenticator app (time-based, 6 digits, 30 seconds):</p>
          <p><code class="secret">{setup.secret}</code></p>
          <p class="hint">{setup.uri}</p>
          <label>Code from the app<input type="text" inputMode="numeric" pattern="\d{6}" value={code} onInput={(e) => setCode(e.currentTarget.value)} required /></label>
          {replacing && (
            <label>
              Current code from your old app, or your password
              <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} required />
            </label>
          )}
          <button class="primary" type="submit">Turn on</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      {onDone && <button type="button" class="link" onClick={onDone}>Back</button>}
    </section>
  );
}
