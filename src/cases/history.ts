import type { AppContext } from '../platform/context.js';

/** The case's typed events (audit chain) and who viewed it (access log), newest first, with people's names. */
export async function caseHistory(ctx: AppContext, caseId: string) {
  const events = await ctx.db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_id')
    .select(['audit_events.id', 'audit_events.type', 'audit_events.created_at', 'audit_events.data', 'users.display_name as actor'])
    .where('audit_events.subject_type', '=', 'case')
    .where('audit_events.subject_id', '=', caseId)
    .orderBy('audit_events.created_at', 'desc')
    .orderBy('audit_events.seq', 'desc')
    .limit(500)
    .execute();
  const views = await ctx.db
    .selectFrom('access_log')
    .leftJoin('users', 'users.id', 'access_log.actor_id')
    .select(['access_log.id', 'access_log.action', 'access_log.created_at', 'users.display_name as actor'])
    .where('access_log.subject_type', '=', 'case')
    .where('access_log.subject_id', '=', caseId)
    .orderBy('access_log.created_at', 'desc')
    .orderBy('access_log.seq', 'desc')
    .limit(500)
    .execute();
  return { events, views };
}
