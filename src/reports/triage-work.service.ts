import { type AuthUser, hasPermission } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { mayTriageInbox } from './inbox.service.js';
import { countWaiting, TRIAGE_WAITS, type TriageWait } from './triage-work.repository.js';

export { TRIAGE_WAITS, type TriageWait };

/** A triage operator's cards on "my work": how many reports wait in each way, each card linking to its queue. */
export interface TriageWork {
  cards: Array<{ wait: TriageWait; count: number; href: string }>;
}

export function isTriageWait(v: unknown): v is TriageWait {
  return typeof v === 'string' && (TRIAGE_WAITS as readonly string[]).includes(v);
}

/** For those who triage reports (counts only: no content is read); undefined for anyone else. */
export async function triageWork(ctx: AppContext, user: AuthUser): Promise<TriageWork | undefined> {
  if (!hasPermission(user, 'reports.triage')) return undefined;
  const inbox = await mayTriageInbox(ctx, user);
  const counts = await countWaiting(ctx.db, user, inbox);
  return {
    cards: TRIAGE_WAITS.filter((w) => w !== 'inbox' || inbox).map((wait) => ({ wait, count: counts[wait], href: `/staff/reports?wait=${wait}` })),
  };
}
