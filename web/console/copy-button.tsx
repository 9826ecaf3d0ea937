/** Copies a text to the clipboard and says so, or says to copy it by hand when the browser refuses. */
import { useState } from "preact/hooks";

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome("Copied."),
      () => setOutcome(`This browser did not allow copying; select ${what} and copy it by hand.`),
    );
  return (
    <p class="copy">
      <button type="button" onClick={() => void copy()}>Copy</button> <span>{outcome}</span>
    </p>
  );
}
