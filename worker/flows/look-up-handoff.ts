/**
 * Staff look up a warm handoff by the code the visitor or the partner reads out
 * (POST /api/console/handoffs/lookup): the helpline's Handoffs object finds it by the code's hash,
 * the audit records every lookup (found or not), and the Desk's settings name the partner.
 */
import type { HandoffRecord } from "../../schema/handoff";
import { handoffCodeHash } from "../resume-code";
import { staffObject } from "../session";

export async function lookUpHandoff(env: Env, helpline: string, code: string, staffId: string): Promise<HandoffRecord | null> {
  const found = await env.HANDOFFS.getByName(helpline).find(await handoffCodeHash(code));
  await staffObject(env).record(staffId, "handoff_looked_up", helpline);
  if (!found) return null;
  const partner = (await env.DESK.getByName(helpline).settings()).carePartners.find((p) => p.id === found.partnerId);
  return {
    partner: { id: found.partnerId, name: partner?.name.nl ?? null },
    summary: found.summary,
    consentedAt: found.consentedAt,
    textVersion: found.textVersion,
    expiresAt: found.expiresAt,
  };
}
