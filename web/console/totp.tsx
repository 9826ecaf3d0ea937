/** Turning on the second factor: the secret to enter in an authenticator app, confirmed by one code. */
import { useState } from "preact/hooks";
import type { TotpSetup } from "../../schema/console";
import { ApiFailure, api } from "../shared/api";

export function TotpEnrol({ onDone }: { onDone: () => void }) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const confirm = async (e: Event) => {
    e.preventDefault();
    try {
      await api("/api/console/totp/confirm", { code });
      setMessage("Second factor is on. You will need a code at every login.");
    } catch (err) {
      setMessage(err instanceof ApiFailure ? err.body.message : "Could not reach the server.");
    }
  };
  return (
    <section class="panel totp" aria-label="Second factor">
      <h2>Second factor</h2>
      {!setup ? (
        <button type="button" class="primary" onClick={async () => setSetup(await api<TotpSetup>("/api/console/totp", {}))}>
          Set up an authenticator app
        </button>
      ) : (
        <form onSubmit={confirm}>
          <p>Add this key to your authenticator app (time-based, 6 digits, 30 seconds):</p>
          <p><code class="secret">{setup.secret}</code></p>
          <p class="hint">{setup.uri}</p>
          <label>Code from the app<input type="text" inputMode="numeric" pattern="\d{6}" value={code} onInput={(e) => setCode(e.currentTarget.value)} required /></label>
          <button class="primary" type="submit">Turn on</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      <button type="button" class="link" onClick={onDone}>Back</button>
    </section>
  );
}
