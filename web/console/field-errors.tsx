/**
 * The settings schema's complaints, placed next to the field they are about. A field's place is its
 * path in the settings ("embedOrigins.0"); its input points at its message with aria-describedby, so
 * a screen reader reads the problem with the field.
 */
/** Message per path, from the issues of a failed parse. */
export type FieldErrors = ReadonlyMap<string, string>;

export const NO_ERRORS: FieldErrors = new Map();

export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors = new Map<string, string>();
  // The first complaint about a field is the one to fix first.
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    if (!errors.has(path)) errors.set(path, issue.message);
  }
  return errors;
}

const idOf = (path: string) => `error-${path.replace(/\W/g, "-")}`;

/** The attributes that tie an input to its message, when it has one. */
export function describedBy(errors: FieldErrors, path: string): { "aria-invalid"?: boolean; "aria-describedby"?: string } {
  return errors.has(path) ? { "aria-invalid": true, "aria-describedby": idOf(path) } : {};
}

export function FieldError({ errors, path }: { errors: FieldErrors; path: string }) {
  const message = errors.get(path);
  return message ? <span class="field-error" id={idOf(path)}>{message}</span> : null;
}
