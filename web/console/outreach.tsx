/**
 * Outreach links in the console: make a link for a channel, copy it once with a button (its code is
 * never shown again), see how often each was used, and revoke it.
 */
import { useEffect, useState } from "preact/hooks";
import type { Invite } from "../../schema/outreach";
import { call } from "../shared/client";
import { useAction } from "./use-action";
import { CopyButton } from "./copy-button";
import { ScrollBox } from "./scroll-box";
import { StaffTime } from "./staff-time";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

export function OutreachLinks({ helpline }: { helpline: string }) {
  const [invites, setInvites] = useState<Invite[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const load = async () => setInvites((await call("GET /api/outreach/invites", { helpline })).invites);
  useEffect(() => void load(), []);

  const action = useAction("Could not reach the server.");
  const { message } = action;
  const run = (act: () => Promise<unknown>) =>
    action.run(async () => {
      await act();
      await load();
    });

  const make = (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    void run(async () => {
      const res = await call("POST /api/outreach/invites", {
        json: { channel: field(form, "channel"), expiresInHours: Number(field(form, "hours")), maxUses: form.get("multi") ? null : 1 },
        helpline,
      });
      setCreated(`${location.origin}${res.path}`);
    });
  };

  return (
    <section class="panel outreach" aria-label="Outreach links">
      <h2>New outreach link</h2>
      <form onSubmit={make} class="row">
        <label>Channel (e.g. snapchat, advert site, school)<input name="channel" type="text" required maxLength={40} /></label>
        <label>Works for (hours)<input name="hours" type="number" min={1} max={720} value={72} required /></label>
        <label class="choice"><input name="multi" type="checkbox" /> Many chats (for a public post)</label>
        <button type="submit" class="primary">Make link</button>
      </form>
      {created && (
        <div role="status" class="notice">
          <p>Copy this link now; it is not shown again:</p>
          <output class="link-out">{created}</output>
          <CopyButton text={created} what="the link" />
        </div>
      )}
      {message && <p role="alert" class="notice">{message}</p>}
      <h2>Links</h2>
      {invites.length === 0 && <p class="hint">No live links.</p>}
      <ScrollBox label="Links">
        <table>
          <thead>
            <tr><th>Channel</th><th>Expires</th><th>Used</th><th>State</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {invites.map((invite) => (
              <tr key={invite.id}>
                <td>{invite.channel}</td>
                <td><StaffTime at={invite.expiresAt} /></td>
                <td>{invite.uses}{invite.maxUses === null ? "" : ` of ${invite.maxUses}`}</td>
                <td>{invite.revoked ? "revoked" : "live"}</td>
                <td>
                  {!invite.revoked && (
                    <button type="button" onClick={() => void run(() => call("POST /api/outreach/invites/:id/revoke", { param: { id: invite.id }, helpline }))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
