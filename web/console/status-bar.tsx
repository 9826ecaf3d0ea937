/** The console's top bar: who is logged in, their status and capacity, sound, and log out. */
import type { ComponentChildren } from "preact";
import type { DeskSnapshot, StaffStatus } from "../../schema/desk";
import type { StaffMember } from "../../schema/staff";

type Props = {
  staff: StaffMember;
  online: boolean;
  me: DeskSnapshot["me"];
  sound: boolean;
  onSound: (on: boolean) => void;
  onStatus: (status: StaffStatus, capacity: number) => void;
  onLogout: () => void;
  /** Shown under the bar's controls, across its width: the shift and its nudge, debrief requests. */
  children?: ComponentChildren;
};

export function StatusBar({ staff, online, me, sound, onSound, onStatus, onLogout, children }: Props) {
  return (
    <header class="bar">
      <span class="brand">Baken console</span>
      <span class={online ? "online" : "offline"}>{online ? "Connected" : "Reconnecting…"}</span>
      <label class="inline">
        Status{" "}
        <select value={me.status} onChange={(e) => onStatus(e.currentTarget.value as StaffStatus, me.capacity)}>
          <option value="available">Available</option>
          <option value="busy">Busy</option>
          <option value="away">Away</option>
        </select>
      </label>
      <label class="inline">
        Max chats{" "}
        <input
          type="number"
          min={1}
          max={10}
          value={me.capacity}
          onChange={(e) => onStatus(me.status, Number(e.currentTarget.value))}
        />
      </label>
      <label class="inline">
        <input type="checkbox" checked={sound} onChange={(e) => onSound(e.currentTarget.checked)} /> Sound for urgent chats
      </label>
      <span>
        {staff.displayName} ({staff.role})
      </span>
      <button type="button" onClick={onLogout}>Log out</button>
      {children}
    </header>
  );
}
