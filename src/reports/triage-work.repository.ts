import type { SelectQueryBuilder } from 'kysely';
import type { AuthUser } from '../platform/auth/auth-user.js';
import type { Executor } from '../platform/db/database.js';
import type { DB } from '../schema.js';
import { OPEN_STATES, scopedReports } from './reports.repository.js';

/*
 * What waits for a triage operator, as filters of the queue: the same condition counts a home card and lists the
 * queue the card links to, so the two can never disagree.
 */

export const TRIAGE_WAITS = ['new', 'late', 'replies', 'inbox'] as const;
export type TriageWait = (typeof TRIAGE_WAITS)[number];

/** The reports of one wait, among those the query already holds (open ones of the user's scope). */
export function whereWaiting<O>(q: SelectQueryBuilder<DB, 'reports', O>, wait: TriageWait): SelectQueryBuilder<DB, 'reports', O> {
  switch (wait) {
    case 'new':
      return q.where('reports.state', '=', 'new').where('reports.office_id', 'is not', null);
    case 'late':
      // Untriaged past the office's clock: the clocks job marks each such report once (report_escalations).
      return q
        .where('reports.state', '=', 'new')
        .where((eb) =>
          eb.exists(eb.selectFrom('report_escalations').select('report_escalations.report_id').whereRef('report_escalations.report_id', '=', 'reports.id')),
        );
    case 'replies':
      // A reporter wrote and nobody has opened the report since.
      return q
        .where('reports.unread', '=', 1)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('report_messages')
              .select('report_messages.id')
              .whereRef('report_messages.report_id', '=', 'reports.id')
              .where('report_messages.author', '=', 'reporter'),
          ),
        );
    case 'inbox':
      return q.where('reports.office_id', 'is', null).where('reports.state', '=', 'new');
  }
}

/** How many open reports of the user's scope wait in each way (the national inbox only for its operators). */
export async function countWaiting(db: Executor, user: AuthUser, inbox: boolean): Promise<Record<TriageWait, number>> {
  const out = { new: 0, late: 0, replies: 0, inbox: 0 };
  for (const wait of TRIAGE_WAITS) {
    if (wait === 'inbox' && !inbox) continue;
    const q = scopedReports(db, user, inbox).where('reports.state', 'in', [...OPEN_STATES]);
    const r = await whereWaiting(q, wait)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    out[wait] = Number(r?.n ?? 0);
  }
  return out;
}

/** The queue of one wait (open reports, oldest first), as the card that counted them links to it. */
export function listWaiting(db: Executor, user: AuthUser, filter: { inbox: boolean; wait: TriageWait; channel?: string | undefined }) {
  let q = whereWaiting(
    scopedReports(db, user, filter.inbox)
      .selectAll('reports')
      .where('reports.state', 'in', [...OPEN_STATES]),
    filter.wait,
  );
  if (filter.channel) q = q.where('reports.channel', '=', filter.channel);
  return q.orderBy('reports.received_at', 'asc').limit(500).execute();
}
