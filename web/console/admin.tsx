/** The admin part of the console: staff accounts (create, disable, enable, reset, which helplines they
 *  work for) and the audit trail. An admin sees the accounts of their own helplines. */
import { useEffect, useState } from "preact/hooks";
import type { Account, AuditEntry } from "../../schema/admin";
import type { SessionInfo } from "../../schema/http";
import { ALL_ROLES, type Role } from "../../schema/staff";
import { call } from "../shared/client";
import { useAction } from "./use-action";
import { ScrollBox } from "./scroll-box";
import { SecondFactorRoles } from "./second-factor-roles";
import { StaffTime } from "./staff-time";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

type Props = { helpline: string; helplines: SessionInfo["helplines"] };

export function Admin({ helpline, helplines }: Props) {
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const load = async () => {
    setAccounts(await call("GET /api/admin/accounts"));
    setAudit(await call("GET /api/admin/audit"));
  };
  useEffect(() => void load(), []);

  const action = useAction("Could not reach the server.");
  const { message } = action;
  const run = (act: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await act();
      action.setMessage(done);
      await load();
    });
  const names = new Map(accounts.map((a) => [a.id, a.login]));
  const helplineNames = new Map(helplines.map((h) => [h.id, h.name]));
  const toggle = (a: Account, id: string, on: boolean) => {
    const next = on ? [...a.helplines, id] : a.helplines.filter((h) => h !== id);
    void run(() => call("POST /api/admin/accounts/:id/helplines", { param: { id: a.id }, json: { helplines: next } }), `${a.login}'s helplines changed.`);
  };

  return (
    <section class="panel admin" aria-label="Administration">
      <h2>Staff accounts</h2>
      {message && <p role="status" class="notice">{message}</p>}
      <ScrollBox label="Staff accounts">
        <table>
          <thead>
            <tr><th>Login</th><th>Name</th><th>Role</th><th>Helplines</th><th>Second factor</th><th>State</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>{a.login}</td>
                <td>{a.displayName}</td>
                <td>{a.role}</td>
                <td>
                  {helplines.length > 1
                    ? helplines.map((h) => (
                        <label key={h.id} class="inline">
                          <input type="checkbox" checked={a.helplines.includes(h.id)} onChange={(e) => toggle(a, h.id, e.currentTarget.checked)} />
                          {h.name}
                        </label>
                      ))
                    : a.helplines.join(", ")}
                </td>
                <td>{a.totp ? "on" : "off"}</td>
                <td>{a.disabled ? "disabled" : "active"}</td>
                <td>
                  {a.disabled ? (
                    <button type="button" onClick={() => run(() => call("POST /api/admin/accounts/:id/enable", { param: { id: a.id } }), `${a.login} enabled.`)}>Enable</button>
                  ) : (
                    <button type="button" onClick={() => run(() => call("POST /api/admin/accounts/:id/disable", { param: { id: a.id } }), `${a.login} disabled; their sessions ended.`)}>Disable</button>
                  )}
                  <form
                    class="inline"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const password = field(new FormData(e.currentTarget), "password");
                      void run(() => call("POST /api/admin/accounts/:id/reset", { param: { id: a.id }, json: { password } }), `${a.login} has a new password; second factor removed.`);
                    }}
                  >
                    <label class="visually-hidden" for={`reset-${a.id}`}>New password for {a.login}</label>
                    <input id={`reset-${a.id}`} name="password" type="password" autocomplete="new-password" minLength={15} required placeholder="New password" />
                    <button type="submit">Reset</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>

      <form
        class="create"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const body = {
            login: field(form, "login"),
            displayName: field(form, "displayName"),
            // The select offers only ALL_ROLES; the worker checks the body against the schema all the same.
            role: field(form, "role") as Role,
            password: field(form, "password"),
            helplines: form.getAll("helplines").map(String),
          };
          void run(() => call("POST /api/admin/accounts", { json: body }), `${body.login} created.`);
        }}
      >
        <h3>New account</h3>
        <label>Login name<input name="login" type="text" required /></label>
        <label>Name shown to visitors<input name="displayName" type="text" required maxLength={40} /></label>
        <label>
          Role
          <select name="role">{ALL_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
        </label>
        <label>Password (at least 15 characters)<input name="password" type="password" autocomplete="new-password" minLength={15} required /></label>
        <fieldset>
          <legend>Works for</legend>
          {helplines.map((h) => (
            <label key={h.id} class="inline">
              <input type="checkbox" name="helplines" value={h.id} defaultChecked={h.id === helpline} />
              {h.name}
            </label>
          ))}
        </fieldset>
        <button class="primary" type="submit">Create account</button>
      </form>

      <SecondFactorRoles helpline={helpline} />

      <h2>Audit trail</h2>
      <ScrollBox label="Audit trail">
        <table class="audit">
          <thead><tr><th>Time</th><th>Staff</th><th>Action</th><th>Helpline</th><th>About</th></tr></thead>
          <tbody>
            {audit.map((e, i) => (
              <tr key={i}>
                <td><StaffTime at={e.at} /></td>
                <td>{names.get(e.staffId) ?? e.staffId}</td>
                <td>{e.action}</td>
                <td>{e.helpline ? (helplineNames.get(e.helpline) ?? e.helpline) : ""}</td>
                <td>{e.target ? (names.get(e.target) ?? e.target) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
