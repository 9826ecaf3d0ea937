/** First-run setup and login forms. Both post JSON and show the server's typed error message. */
import { useState } from "preact/hooks";
import type { StaffMember } from "../../schema/staff";
import { ApiFailure, call } from "../shared/client";
import { useAction } from "./use-action";

function useSubmit(action: (form: FormData) => Promise<void>) {
  const { message: error, busy, run } = useAction("Could not reach the server.");
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    await run(() => action(new FormData(e.currentTarget as HTMLFormElement)));
  };
  return { error, busy, onSubmit };
}

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

export function Setup({ onDone }: { onDone: () => void }) {
  const { error, busy, onSubmit } = useSubmit(async (form) => {
    await call("POST /api/setup", {
      json: { secret: field(form, "secret"), login: field(form, "login"), displayName: field(form, "displayName"), password: field(form, "password") },
    });
    onDone();
  });
  return (
    <form class="panel auth" onSubmit={onSubmit}>
      <h1>First-run setup</h1>
      <p>Create the first administrator. You need the one-time setup secret that <code>npm start</code> printed (or the <code>SETUP_SECRET</code> of this deployment).</p>
      <label>Setup secret<input name="secret" type="password" autocomplete="off" required /></label>
      <label>Login name<input name="login" type="text" autocomplete="username" required /></label>
      <label>Name shown to visitors<input name="displayName" type="text" required maxLength={40} /></label>
      <label>Password (at least 15 characters)<input name="password" type="password" autocomplete="new-password" minLength={15} required /></label>
      <button class="primary" type="submit" disabled={busy}>Create administrator</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

export function Login({ onLogin }: { onLogin: (staff: StaffMember) => void }) {
  // `asked`: the account has a factor and this is its second step; `offered`: sign-in is under strain.
  const [code, setCode] = useState<"asked" | "offered" | null>(null);
  const { error, busy, onSubmit } = useSubmit(async (form) => {
    const typed = field(form, "code");
    try {
      const res = await call("POST /api/login", {
        json: { login: field(form, "login"), password: field(form, "password"), ...(typed ? { code: typed } : {}) },
      });
      onLogin(res.staff);
    } catch (err) {
      if (err instanceof ApiFailure && err.body.error === "code_required") setCode("asked");
      // Under strain only the password with a code gets in: the field is offered to whoever has a factor.
      if (err instanceof ApiFailure && err.body.error === "rate_limited") setCode((now) => now ?? "offered");
      throw err;
    }
  });
  return (
    <form class="panel auth" onSubmit={onSubmit}>
      <h1>Log in</h1>
      <label>Login name<input name="login" type="text" autocomplete="username" required /></label>
      <label>Password<input name="password" type="password" autocomplete="current-password" required /></label>
      {code && (
        <label>
          Code from your authenticator app{code === "offered" && " (if you have one)"}
          <input name="code" type="text" inputMode="numeric" autocomplete="one-time-code" required={code === "asked"} />
        </label>
      )}
      <button class="primary" type="submit" disabled={busy}>Log in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
