/**
 * What a member sees first when their role needs a second factor and they have none: setting it up,
 * before the queue, chats or any other page. The worker refuses everything else to such a session.
 */
import { call } from "../shared/client";
import { TotpEnrol } from "./totp";

export function FactorRequired({ onEnabled, onLogout }: { onEnabled: () => void; onLogout: () => void }) {
  const logout = async () => {
    await call("POST /api/logout");
    onLogout();
  };
  return (
    <main class="factor-required">
      <section class="panel" aria-label="Second factor required">
        <h1>Set up a second factor first</h1>
        <p>
          Your role needs a second factor: a 6-digit code from an authenticator app on your phone, asked at every
          sign-in. Set it up now to use the console. With it, your password and a code always get you in, even
          while someone is guessing at sign-in.
        </p>
        <button type="button" class="link" onClick={() => void logout()}>Log out</button>
      </section>
      <TotpEnrol onEnabled={onEnabled} />
    </main>
  );
}
