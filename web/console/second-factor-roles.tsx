/**
 * The admin's choice of which roles must have a second factor at this helpline. A member of a role
 * ticked here who has none is made to set one up at their next request, before anything else.
 */
import { useEffect, useState } from "preact/hooks";
import type { FactorRoles } from "../../schema/admin";
import { ALL_ROLES } from "../../schema/staff";
import { call } from "../shared/client";
import { useAction } from "./use-action";

export function SecondFactorRoles({ helpline }: { helpline: string }) {
  const [roles, setRoles] = useState<FactorRoles | null>(null);
  const { message, run, setMessage } = useAction("Could not reach the server.");
  useEffect(() => void call("GET /api/admin/second-factor", { helpline }).then(setRoles), []);
  if (!roles) return null;
  const save = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      await call("PUT /api/admin/second-factor", { json: { roles }, helpline });
      setMessage("Saved. Members of a ticked role without a second factor set one up before they go on.");
    });
  };
  return (
    <form class="second-factor-roles" onSubmit={save}>
      <h2>Second factor required</h2>
      <p class="hint">
        A member with a second factor always gets in with their password and a code, even while sign-in is flooded with
        wrong guesses; one without can be kept out for 15 minutes at a time.
      </p>
      <fieldset>
        <legend>Roles that must have one</legend>
        {ALL_ROLES.map((role) => (
          <label key={role} class="inline">
            <input type="checkbox" name={role} checked={roles[role]} onChange={(e) => setRoles({ ...roles, [role]: e.currentTarget.checked })} />
            {role}
          </label>
        ))}
      </fieldset>
      <button class="primary" type="submit">Save</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
