/**
 * Which helpline a page works for. Every helpline-scoped route reads `?helpline=ID`; without it the
 * worker picks the helpline of the host (visitor) or the staff member's first (console, dashboard).
 */
export function forHelpline(path: string, helpline: string | null): string {
  if (helpline === null) return path;
  return `${path}${path.includes("?") ? "&" : "?"}helpline=${encodeURIComponent(helpline)}`;
}

/** A visitor page names its helpline in its path (/h/ID) or, framed by embed.js, in its query. */
export function pageHelpline(): string | null {
  return location.pathname.match(/^\/h\/([a-z0-9-]+)/)?.[1] ?? new URLSearchParams(location.search).get("helpline");
}
