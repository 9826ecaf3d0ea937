/**
 * Asking a supervisor for a debrief, and the supervisor's side of it. The request names no chat and
 * carries no text: supervisors on shift read only who asks.
 */
import { useState } from "preact/hooks";
import type { DebriefRequest } from "../../schema/wellbeing";
import { call, failureMessage } from "../shared/client";
import { StaffTime } from "./staff-time";

export function AskDebrief({ helpline }: { helpline: string }) {
  const [answer, setAnswer] = useState<string | null>(null);
  const ask = async () => {
    try {
      const { told } = await call("POST /api/console/debrief", { helpline });
      setAnswer(
        told > 0
          ? "A supervisor on shift has been told you would like a debrief."
          : "No supervisor has the console open right now. Call the supervisor on duty, or ask again later.",
      );
    } catch (err) {
      setAnswer(failureMessage(err, "Could not reach the server."));
    }
  };
  return (
    <div class="debrief">
      <button type="button" onClick={ask}>Ask for a debrief</button>
      {answer && <p role="status">{answer}</p>}
    </div>
  );
}

export function DebriefRequests({ requests, onDismiss }: { requests: DebriefRequest[]; onDismiss: (request: DebriefRequest) => void }) {
  if (requests.length === 0) return null;
  return (
    <section class="debriefs" aria-label="Debrief requests">
      <ul role="alert">
        {requests.map((r) => (
          <li key={`${r.from}:${r.at}`}>
            <strong>{r.from}</strong> asks for a debrief (<StaffTime at={r.at} />).{" "}
            <button type="button" onClick={() => onDismiss(r)}>Done</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
