import type { AppContext } from '../platform/context.js';
import { caseEvents, caseViews } from './cases.repository.js';

/** The case's typed events (audit chain) and who viewed it (access log), newest first, with people's names. */
export async function caseHistory(ctx: AppContext, caseId: string) {
  return { events: await caseEvents(ctx.db, caseId), views: await caseViews(ctx.db, caseId) };
}
