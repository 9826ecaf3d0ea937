import { render } from "preact";
import "../shared/base.css";

/** A shell for now: the coordinator dashboard arrives with the Stats object. */
function Dashboard() {
  return (
    <main style={{ maxWidth: "40rem", margin: "2rem auto", padding: "0 1rem" }}>
      <h1>Baken dashboard</h1>
      <p>Aggregate counts per day and week will appear here. No individual conversation is ever shown.</p>
    </main>
  );
}

render(<Dashboard />, document.getElementById("app") as HTMLElement);
