/**
 * What the console shows a role that takes no chats (a coordinator): where its work is, and a way out.
 * It opens no desk socket, because the desk refuses such roles and the page would reconnect forever.
 */
import type { StaffMember } from "../../schema/staff";
import { call } from "../shared/client";

export function NoDesk({ staff, onLogout }: { staff: StaffMember; onLogout: () => void }) {
  const logout = async () => {
    await call("POST /api/logout");
    onLogout();
  };
  return (
    <main class="panel">
      <h1>Hello, {staff.displayName}</h1>
      <p>Your account does not take chats, so there is no queue here. The figures for your helplines are on the dashboard.</p>
      <p><a href="/dashboard">Open the dashboard</a></p>
      <button type="button" onClick={() => void logout()}>Log out</button>
    </main>
  );
}
