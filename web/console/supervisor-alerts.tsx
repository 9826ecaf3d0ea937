/**
 * What a supervisor on shift is alerted to: chats a counsellor escalated, and urgent chats waiting past
 * the helpline's alert time. Shown at the top of the console, announced to screen readers, and with a
 * chime if sound is on, as for a new urgent chat.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SupervisorAlert } from "../../schema/safeguarding";
import { chime } from "./alert-sound";
import { REASON_LABEL } from "./safeguarding";

const key = (a: SupervisorAlert) => `${a.kind}:${a.conversationId}`;

type Props = { alerts: SupervisorAlert[]; sound: boolean; onOpen: (conversationId: string) => void };

export function SupervisorAlerts({ alerts, sound, onOpen }: Props) {
  const [announcement, setAnnouncement] = useState("");
  const known = useRef(new Set<string>());
  useEffect(() => {
    const fresh = alerts.filter((a) => !known.current.has(key(a)));
    known.current = new Set(alerts.map(key));
    if (fresh.length === 0) return;
    const escalated = fresh.filter((a) => a.kind === "escalated").length;
    const waiting = fresh.length - escalated;
    setAnnouncement(
      [escalated > 0 ? `${escalated} chat${escalated > 1 ? "s" : ""} escalated to supervisors` : "", waiting > 0 ? `${waiting} urgent chat${waiting > 1 ? "s" : ""} waiting too long` : ""]
        .filter(Boolean)
        .join("; "),
    );
    if (sound) chime();
  }, [alerts]);
  return (
    <section class="panel supervisor-alerts" aria-labelledby="alerts-heading" hidden={alerts.length === 0}>
      <p class="visually-hidden" role="alert">{announcement}</p>
      <h2 id="alerts-heading">Supervisor alerts ({alerts.length})</h2>
      <ul>
        {alerts.map((a) => (
          <li key={key(a)} class="urgent" data-alert={a.kind} data-chat={a.conversationId}>
            {a.kind === "escalated" ? (
              <span>
                <strong class="badge">Escalated</strong> by {a.counsellor}: {REASON_LABEL[a.reason]}
              </span>
            ) : (
              <span>
                <strong class="badge">Urgent, waiting</strong> since {new Date(a.at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}
              </span>
            )}
            <button type="button" onClick={() => onOpen(a.conversationId)}>Open chat</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
