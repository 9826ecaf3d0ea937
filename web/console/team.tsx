/**
 * The team's load for supervisors: who is on shift, how many chats they hold and have had, minutes in
 * chats, heavy chats and time since their last break. Names and numbers only: no chat, no content.
 */
import { type TeamLoad, minutesBetween } from "../../schema/wellbeing";
import { ScrollBox } from "./scroll-box";
import { useNow } from "./wellbeing";

export function Team({ team }: { team: TeamLoad[] }) {
  const now = useNow();
  return (
    <section class="panel team" aria-labelledby="team-heading">
      <h2 id="team-heading">Team load this shift</h2>
      {team.length === 0 ? (
        <p class="hint">Nobody is on shift.</p>
      ) : (
        <ScrollBox label="Team load">
          <table>
            <thead>
              <tr>
                <th scope="col">Counsellor</th>
                <th scope="col">Open chats</th>
                <th scope="col">Chats this shift</th>
                <th scope="col">Minutes in chats</th>
                <th scope="col">Heavy chats</th>
                <th scope="col">Since last break</th>
              </tr>
            </thead>
            <tbody>
              {team.map((t) => (
                <tr key={t.displayName}>
                  <th scope="row">
                    {t.displayName}
                    {!t.online && " (left the console)"}
                  </th>
                  <td>{t.openChats}</td>
                  <td>{t.chats}</td>
                  <td>{t.chatMinutes}</td>
                  <td>{t.heavyChats}</td>
                  <td>{t.breakAt === null ? "on a break" : `${minutesBetween(t.breakAt, now)} min`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
