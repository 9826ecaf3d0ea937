/**
 * Which roles must have a second factor, chosen by each helpline's admins. A member who works for
 * several helplines needs one if any of them asks it of their role: an admin can make their own
 * helpline stricter, never another's looser. A helpline whose admins have not chosen yet asks it of
 * the deployment's default roles (SECOND_FACTOR_ROLES: admins and supervisors).
 */
import { ALL_ROLES, type Role } from "../schema/staff";
import { FactorRoles } from "../schema/admin";

export class SecondFactorRoles {
  constructor(
    private readonly sql: SqlStorage,
    private readonly defaults: readonly Role[],
  ) {}

  /** Each role and whether this helpline requires a second factor of it. */
  forHelpline(helpline: string): FactorRoles {
    const chosen = new Map(
      this.sql
        .exec<{ role: Role; required: number }>("SELECT role, required FROM second_factor_roles WHERE helpline = ?", helpline)
        .toArray()
        .map((r) => [r.role, r.required === 1]),
    );
    return FactorRoles.parse(Object.fromEntries(ALL_ROLES.map((role) => [role, chosen.get(role) ?? this.defaults.includes(role)])));
  }

  set(helpline: string, roles: FactorRoles): void {
    for (const role of ALL_ROLES) {
      this.sql.exec(
        `INSERT INTO second_factor_roles (helpline, role, required) VALUES (?, ?, ?)
         ON CONFLICT (helpline, role) DO UPDATE SET required = excluded.required`,
        helpline,
        role,
        Number(roles[role]),
      );
    }
  }

  /** Whether a member of this role, working for these helplines, must have a second factor. */
  required(role: Role, helplines: readonly string[]): boolean {
    // A member of no helpline yet is held to the deployment's default, not let off.
    if (helplines.length === 0) return this.defaults.includes(role);
    return helplines.some((h) => this.forHelpline(h)[role]);
  }
}
