/**
 * The list of messages, shared by visitor page and console. Text is rendered as text nodes only:
 * whatever a visitor types can never become markup in anyone's browser.
 */
import { useEffect, useRef } from "preact/hooks";
import type { Party } from "../../schema/protocol";
import type { Line, LineState } from "./chat-connection";

type Props = {
  lines: Line[];
  me: Party;
  label: string;
  /** The name shown above a line: "you", the visitor, or the counsellor who wrote it. */
  who: (line: Line) => string;
  stateLabel: (state: LineState) => string;
};

export function Transcript({ lines, me, label, who, stateLabel }: Props) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: "end" }), [lines.length]);
  return (
    <div class="transcript" role="log" aria-live="polite" aria-label={label}>
      <ol>
        {lines.map((line) => (
          <li key={line.key} class={`line ${line.from === me ? "mine" : "theirs"}`} data-seq={line.seq ?? undefined}>
            <span class="who">{who(line)}</span>
            <time class="at" dateTime={new Date(line.at).toISOString()}>
              {new Date(line.at).toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" })}
            </time>
            <p class="text">{line.text}</p>
            {line.from === me && <span class={`state ${line.state}`}>{stateLabel(line.state)}</span>}
          </li>
        ))}
        <li ref={end} class="end" aria-hidden="true" />
      </ol>
    </div>
  );
}
