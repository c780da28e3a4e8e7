import type { AuthUser } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { countDue, type DueWindow, dueRows } from './due.repository.js';
import { reminderKeyLabel } from './person.js';

/** One thing due on a case: a plan action or a follow-up reminder, with its words and who holds it. */
export interface DueItem {
  source: 'action' | 'reminder';
  id: string;
  caseId: string;
  caseNumber: string;
  /** The action's type (plans.types.*) or the reminder's kind (cases.values.reminder.*). */
  kind: string;
  /** The action's description or the reminder's text, decrypted for a user who may read the case. */
  text: string;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string;
  overdue: boolean;
  remindedAt: string | null;
}

/** Today's date as YYYY-MM-DD (UTC): due dates are calendar dates, compared as text everywhere. */
export function dueToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function dueInDays(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * What is due in the cases this user may read (the scope is applied in SQL), earliest first: the one service behind
 * the overdue page, the case overview and "my work". Texts are decrypted; the caller shows them only to this user.
 */
export async function dueItems(ctx: AppContext, { user, w, today = dueToday() }: { user: AuthUser; w: DueWindow; today?: string }): Promise<DueItem[]> {
  const rows = await dueRows(ctx.db, user, w);
  return Promise.all(
    rows.map(async (r) => ({
      source: r.source,
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      kind: r.kind,
      text: r.text_enc ? await ctx.keys.decrypt<string>(r.text_enc, r.source === 'action' ? `plan_actions.description:${r.id}` : reminderKeyLabel(r.id)) : '',
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      dueOn: String(r.due_on),
      overdue: String(r.due_on) < today,
      remindedAt: r.reminded_at,
    })),
  );
}

/** How many items are due in the window, in the user's scope. */
export function dueCount(ctx: AppContext, user: AuthUser, w: DueWindow): Promise<number> {
  return countDue(ctx.db, user, w);
}

export type { DueWindow } from './due.repository.js';
