/**
 * A wide table in a box of its own that scrolls sideways, so on a phone the table scrolls and the
 * console around it stays the width of the screen. The box takes focus and a name because a keyboard
 * user can only scroll what they can reach.
 */
import type { ComponentChildren } from "preact";

export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
