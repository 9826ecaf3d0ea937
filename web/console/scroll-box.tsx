/**
 * A wide table in a box of its own that scrolls sideways, so on a phone the table scrolls and the
 * console around it stays the width of the screen. The box takes focus and a name because a keyboard
 * user can only scroll what they can reach.
 */
import type { ComponentChildren } from "preact";

export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard (WCAG 2.1.1; axe scrollable-region-focusable).
    <section class="scroll-box" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
