import type { AppContext } from '../platform/context.js';
import { normaliseName, normalisePhone, normalisePlace } from '../platform/crypto/normalise.js';
import type { Executor } from '../platform/db/database.js';
import type { ReportRow } from './reports.table.js';

/** What the reporter wrote in their own words; sealed as one value with the office key. */
export interface ReportContent {
  description: string;
  names: string[];
  phones: string[];
  place: string | null;
  preciseLocation: string | null;
  workplace: string | null;
  whenText: string | null;
  contactHow: string | null;
  contactWhen: string | null;
}

/**
 * The key scope of a report: its office, or the national inbox's own data key while no office has it yet (never
 * the system key). Files of the inbox live under files/reports/national-inbox/. Routing re-seals under the office.
 */
export const INBOX_SCOPE = 'national-inbox';

export function keyScope(officeId: string | null): string {
  return officeId ?? INBOX_SCOPE;
}

export const contentAad = (id: string) => `reports.content:${id}`;
export const messageAad = (id: string) => `report_messages.body:${id}`;
export const noteAad = (id: string) => `reports.priority_note:${id}`;
export const replyToAad = (id: string) => `reports.reply_to:${id}`;

/** Where a report that came through a gateway or the mailbox is answered; sealed in `reports.reply_to_enc`. */
export interface ReplyTo {
  gateway: 'twilio' | 'vonage' | 'africastalking' | 'email';
  medium: 'sms' | 'whatsapp' | 'email';
  /** The sender's number (E.164 without the medium prefix) or e-mail address. Never logged. */
  address: string;
  /** Our own number or mailbox the reporter wrote to, to answer from the same one. */
  via?: string;
}

/** Blind-index tokens over normalised phones, names, place and workplace: related reports match on these only. */
export async function lookupTokens(ctx: AppContext, content: ReportContent, db: Executor) {
  const tokens = new Map<string, { kind: string; token: string }>();
  const add = async (kind: string, norm: string) => {
    if (norm.length < 3) return;
    const token = await ctx.keys.blindIndex(kind, norm, db);
    tokens.set(`${kind}:${token}`, { kind, token });
  };
  for (const p of content.phones) {
    const n = normalisePhone(p);
    if (n.length >= 6) await add('phone', n);
  }
  for (const n of content.names) await add('name', normaliseName(n));
  if (content.place) await add('place', normalisePlace(content.place));
  if (content.workplace) await add('workplace', normaliseName(content.workplace));
  return [...tokens.values()];
}

export function effectiveLevel(r: Pick<ReportRow, 'priority' | 'priority_level'>): string {
  return r.priority_level ?? r.priority;
}
